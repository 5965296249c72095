/** `report import`: records the result file an offline bundle's install wrote at an air-gapped site. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../cli-errors.ts';
import { type CliContext, printJson } from '../cli-io.ts';
import { connect, type ConnectionFlags, withConnectionOptions } from '../connection.ts';
import { printable } from '../output/printable.ts';

export function registerReport(program: Command, context: CliContext): void {
  const report = program.command('report').description('results of offline installs (air-gapped sites)');
  withConnectionOptions(
    report
      .command('import')
      .description('record the result file `ringmaster agent --offline-bundle` wrote; a changed file, or one already recorded, is refused')
      .argument('<file>', 'the result file (<bundle>.result.json by default)'),
  ).action((file: string, flags: ConnectionFlags) => importReport(context, file, flags));
}

async function importReport(context: CliContext, file: string, flags: ConnectionFlags): Promise<void> {
  const { io } = context;
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
  }
  // The shape is checked here for a clear message before anything is sent; the signature by the server.
  const { BundleError, parseResultFile } = await import('../../bundles/bundle-format.ts');
  let result;
  try {
    result = parseResultFile(text).result;
  } catch (error) {
    if (error instanceof BundleError) throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
  const client = await connect(context, flags);
  const recorded = await client.importOfflineReport(JSON.parse(text) as unknown);
  if (flags.json) return printJson(io, recorded);
  io.stdout.write(printable(`recorded ${result.product} ${result.release} on ${recorded.target}: ${recorded.state} (deployment ${recorded.deployment})`) + '\n');
  const failed = result.steps.find((s) => s.state === 'failed');
  for (const step of result.steps) io.stdout.write(printable(`  ${step.component}: ${step.state}${step.error ? ` (${step.error})` : ''}`) + '\n');
  if (result.state === 'failed') io.stdout.write(printable(`  error: ${result.error ?? (failed ? `${failed.component} failed` : 'failed')}`) + '\n');
  io.stdout.write(printable(`  health: ${result.health.state}${result.health.detail ? ` (${result.health.detail})` : ''}`) + '\n');
}
