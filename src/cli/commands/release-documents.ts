/** `release notes`, `release notes-edit` and `release runbook`: a release's documents, as Markdown or HTML. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { CliError, UsageError } from '../cli-errors.ts';
import { type CliContext, printJson } from '../cli-io.ts';
import { connect, type ConnectionFlags, withConnectionOptions } from '../connection.ts';
import { readAll } from '../read-input.ts';

interface ShowFlags extends ConnectionFlags {
  html?: boolean;
  ring?: string;
}

interface EditFlags extends ConnectionFlags {
  file?: string;
  reset?: boolean;
}

export function registerReleaseDocuments(release: Command, context: CliContext): void {
  const { io } = context;
  const print = (text: string) => io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);

  withConnectionOptions(
    release
      .command('notes <product> <version>')
      .description('release notes: breaking changes first, components old → new, features, fixes, other changes, contributors')
      .option('--html', 'print HTML instead of Markdown')
      .option('--ring <ring>', 'compare with the release before it in this ring (default: the train ring, else the last ring)'),
  ).action(async (product: string, version: string, flags: ShowFlags) => {
    const notes = await (await connect(context, flags)).releaseNotes(product, version, flags.ring);
    if (flags.json) return printJson(io, notes);
    print(flags.html ? notes.html : notes.markdown);
  });

  withConnectionOptions(
    release
      .command('notes-edit <product> <version>')
      .description('replace the release notes with your Markdown (before blessing), or go back to the generated ones')
      .option('--file <file>', "the Markdown ('-' reads stdin)")
      .option('--reset', 'drop the edited text: the notes are generated again'),
  ).action(async (product: string, version: string, flags: EditFlags) => {
    if ((flags.file === undefined) === !flags.reset) throw new UsageError(flags.reset ? 'give either --file or --reset, not both' : 'give the Markdown with --file <file>, or --reset');
    const client = await connect(context, flags);
    const notes = flags.reset ? await client.resetReleaseNotes(product, version) : await client.editReleaseNotes(product, version, await readMarkdown(context, flags.file!));
    if (flags.json) return printJson(io, notes);
    print(
      notes.generated
        ? `the release notes of ${product} ${version} are generated again`
        : `saved the release notes of ${product} ${version} (${Buffer.byteLength(notes.markdown)} bytes); \`ringmaster release notes ${product} ${version}\` shows them`,
    );
  });

  withConnectionOptions(
    release
      .command('runbook <product> <version>')
      .description('the runbook: deploy order, deploy and rollback steps per component, changed environment variables, migrations, prerequisites')
      .option('--html', 'print HTML instead of Markdown')
      .option('--ring <ring>', 'tell environment changes against the release before it in this ring (default: the train ring, else the last ring)'),
  ).action(async (product: string, version: string, flags: ShowFlags) => {
    const runbook = await (await connect(context, flags)).runbook(product, version, flags.ring);
    if (flags.json) return printJson(io, runbook);
    print(flags.html ? runbook.html : runbook.markdown);
  });
}

async function readMarkdown(context: CliContext, file: string): Promise<string> {
  if (file === '-') return readAll(context.io.stdin);
  try {
    return await readFile(resolve(context.io.cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message}`);
  }
}
