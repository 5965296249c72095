/** `apply -f FILE`: send a product file, show what changed (or would). */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../cli-errors.ts';
import { type CliContext, printJson } from '../cli-io.ts';
import { connect, type ConnectionFlags, withConnectionOptions } from '../connection.ts';
import { applySummary, changesTable } from '../output/views.ts';
import { readAll } from '../read-input.ts';

interface ApplyFlags extends ConnectionFlags {
  file: string;
  dryRun?: boolean;
}

/** What errors call a product file read from stdin. */
const STDIN_NAME = '<stdin>';

export function registerApply(program: Command, context: CliContext): void {
  withConnectionOptions(
    program
      .command('apply')
      .description('create or update a product from its YAML file; applying the same file again changes nothing')
      .requiredOption('-f, --file <file>', "the product file ('-' reads stdin)")
      .option('--dry-run', 'show what would change and apply nothing'),
  ).action((flags: ApplyFlags) => apply(context, flags));
}

async function apply(context: CliContext, flags: ApplyFlags): Promise<void> {
  const { io } = context;
  const fromStdin = flags.file === '-';
  const source = fromStdin ? await readAll(io.stdin) : await readSource(resolve(io.cwd, flags.file), flags.file);
  const client = await connect(context, flags);
  const outcome = await client.applyProduct({ source, fileName: fromStdin ? STDIN_NAME : flags.file, dryRun: flags.dryRun ?? false });
  if (flags.json) return printJson(io, outcome);
  if (outcome.changes.length > 0) io.stdout.write(changesTable(outcome.changes));
  io.stdout.write(`${applySummary(outcome)}\n`);
}

async function readSource(path: string, file: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message}`);
  }
}
