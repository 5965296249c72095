/** `status <product>`: where every release stands in every ring, and how many users that is. */
import type { Command } from 'commander';
import { type CliContext, printJson } from '../cli-io.ts';
import { connect, type ConnectionFlags, withConnectionOptions } from '../connection.ts';
import { wholeNumber } from '../option-parsers.ts';
import { overviewTable } from '../output/release-views.ts';

interface StatusFlags extends ConnectionFlags {
  limit?: number;
  before?: string;
}

export function registerStatus(program: Command, context: CliContext): void {
  withConnectionOptions(
    program
      .command('status <product>')
      .description('releases × rings, newest first: state, targets done of total, users on each release')
      .option('--limit <n>', 'at most this many releases (server default 20)', wholeNumber(1))
      .option('--before <version>', 'only releases created before this one (the next page)'),
  ).action(async (product: string, flags: StatusFlags) => {
    const { io } = context;
    const overview = await (await connect(context, flags)).overview(product, { limit: flags.limit, before: flags.before });
    if (flags.json) return printJson(io, overview);
    if (overview.releases.length === 0) {
      return void io.stdout.write(flags.before === undefined ? 'no releases yet: create one with `ringmaster release create`\n' : `no releases of ${product} before ${flags.before}\n`);
    }
    io.stdout.write(overviewTable(overview));
    if (overview.next !== null) io.stdout.write(`older releases: ringmaster status ${overview.product} --before ${overview.next}\n`);
  });
}
