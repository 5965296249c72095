/** `release create|list|show|ready|withdraw` (and notes, notes-edit, runbook): cut releases from builds and look at them. */
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { CreateRelease } from '../../client/api-types.ts';
import { RELEASE_STATES, type ReleaseState } from '../../releases/release-types.ts';
import { UsageError } from '../cli-errors.ts';
import { type CliContext, printJson } from '../cli-io.ts';
import { connect, type ConnectionFlags, withConnectionOptions } from '../connection.ts';
import { wholeNumber } from '../option-parsers.ts';
import { releaseCreatedLine, releasePage, releasesTable } from '../output/release-views.ts';
import { collect } from './build-specs.ts';
import { registerReleaseDocuments } from './release-documents.ts';

interface CreateFlags extends ConnectionFlags {
  latest?: boolean;
  branch?: string;
  build?: [string, string][];
  from?: string;
  draft?: boolean;
}

interface ListFlags extends ConnectionFlags {
  state?: ReleaseState;
  limit?: number;
  before?: string;
}

interface WithdrawFlags extends ConnectionFlags {
  reason?: string;
}

/** `api=1.4.0` → ['api', '1.4.0']. */
export function parseBuildSpec(text: string): [string, string] {
  const eq = text.indexOf('=');
  const component = text.slice(0, eq);
  const version = text.slice(eq + 1);
  if (eq <= 0 || version === '') throw new InvalidArgumentError('expected component=version, like api=1.4.0');
  return [component, version];
}

export function registerRelease(program: Command, context: CliContext): void {
  const release = program.command('release').description('cut releases from builds, list and inspect them');
  const { io } = context;

  withConnectionOptions(
    release
      .command('create <product> <version>')
      .description('create a release: one build per component (the same request again changes nothing)')
      .option('--build <component=version>', 'this build of a component (repeatable); with --from, the components to replace', collect(parseBuildSpec))
      .option('--latest', 'the latest green build of every component not named by --build')
      .option('--branch <name>', 'the branch --latest looks at (default main)')
      .option('--from <base-version>', 'a hotfix of this release: its builds, with the --build ones replaced')
      .option('--draft', 'a draft, promotable only once marked ready'),
  ).action(async (product: string, version: string, flags: CreateFlags) => {
    const components = (flags.build ?? []).map(([component]) => component);
    const twice = components.find((c, i) => components.indexOf(c) !== i);
    if (twice) throw new UsageError(`--build ${twice} is given twice`);
    if (flags.branch !== undefined && !flags.latest) throw new UsageError('--branch applies to --latest only');
    const body: CreateRelease = {
      version,
      ...(flags.build ? { builds: Object.fromEntries(flags.build) } : {}),
      ...(flags.latest ? { latest: true } : {}),
      ...(flags.branch !== undefined ? { branch: flags.branch } : {}),
      ...(flags.from !== undefined ? { from: flags.from } : {}),
      ...(flags.draft ? { draft: true } : {}),
    };
    const outcome = await (await connect(context, flags)).createRelease(product, body);
    if (flags.json) return printJson(io, outcome);
    io.stdout.write(`${releaseCreatedLine(outcome)}\n`);
  });

  withConnectionOptions(
    release
      .command('list <product>')
      .description("a product's releases, newest first, with their state in every ring")
      .addOption(new Option('--state <state>', 'only releases in this state').choices(RELEASE_STATES))
      .option('--limit <n>', 'at most this many (server default 50)', wholeNumber(1))
      .option('--before <version>', 'only releases created before this one (the next page)'),
  ).action(async (product: string, flags: ListFlags) => {
    const releases = await (await connect(context, flags)).listReleases(product, { state: flags.state, limit: flags.limit, before: flags.before });
    if (flags.json) return printJson(io, { releases });
    if (releases.length === 0) {
      const filtered = flags.state !== undefined || flags.before !== undefined;
      return void io.stdout.write(filtered ? `no releases of ${product} match\n` : `no releases of ${product} yet: create one with \`ringmaster release create\`\n`);
    }
    io.stdout.write(releasesTable(releases));
    const last = releases[releases.length - 1]!;
    if (releases.length === (flags.limit ?? 50)) io.stdout.write(`older releases: --before ${last.version}\n`);
  });

  withConnectionOptions(release.command('show <product> <version>').description('a release: bill of materials, rings, approvals and the gates of its next ring'))
    .action(async (product: string, version: string, flags: ConnectionFlags) => {
      const detail = await (await connect(context, flags)).getRelease(product, version);
      if (flags.json) return printJson(io, detail);
      io.stdout.write(releasePage(detail));
    });

  withConnectionOptions(release.command('ready <product> <version>').description('mark a draft a candidate, ready to promote'))
    .action(async (product: string, version: string, flags: ConnectionFlags) => {
      const updated = await (await connect(context, flags)).markCandidate(product, version);
      if (flags.json) return printJson(io, updated);
      io.stdout.write(`${updated.product} ${updated.version} is now a ${updated.state}: promote it with \`ringmaster promote ${updated.product} ${updated.version} --to <ring>\`\n`);
    });

  withConnectionOptions(
    release
      .command('withdraw <product> <version>')
      .description('withdraw a draft or candidate that never went anywhere')
      .option('--reason <text>', 'why, for the record'),
  ).action(async (product: string, version: string, flags: WithdrawFlags) => {
    const updated = await (await connect(context, flags)).withdrawRelease(product, version, flags.reason);
    if (flags.json) return printJson(io, updated);
    io.stdout.write(`withdrew ${updated.product} ${updated.version}${updated.stateReason ? `: ${updated.stateReason}` : ''}\n`);
  });

  registerReleaseDocuments(release, context);
}
