/** `deployment list|log`: a release's deployments onto targets, and what their commands printed. */
import { type Command, Option } from 'commander';
import type { ApiClient } from '../../client/api-client.ts';
import type { LogPage } from '../../client/api-types.ts';
import { DEPLOYMENT_STATES, type DeploymentState } from '../../deployments/deployment-types.ts';
import { CliError } from '../cli-errors.ts';
import { type CliContext, printJson } from '../cli-io.ts';
import { connect, type ConnectionFlags, withConnectionOptions } from '../connection.ts';
import { duration, wholeNumber } from '../option-parsers.ts';
import { deploymentsTable, logText } from '../output/release-views.ts';
import { pageFooter } from '../output/views.ts';
import { limitText, pollUntil } from './polling.ts';

interface ListFlags extends ConnectionFlags {
  ring?: string;
  state?: DeploymentState;
  limit?: number;
  offset?: number;
}

interface LogFlags extends ConnectionFlags {
  follow?: boolean;
  timeout: number;
}

/** Seconds --follow waits at most: a deploy command's own time limit is 10m by default. */
const FOLLOW_TIMEOUT = 900;
/** States after which no more log comes: a skipped deployment's agent runs it later, when it calls in again. */
const FINISHED: readonly DeploymentState[] = ['succeeded', 'failed', 'cancelled', 'skipped'];

export function registerDeployment(program: Command, context: CliContext): void {
  const deployment = program.command('deployment').description("a release's deployments onto targets and their logs");
  const { io } = context;

  withConnectionOptions(
    deployment
      .command('list <product> <version>')
      .description('the deployments that put a release on targets (promotions, and rollbacks back to it)')
      .option('--ring <ring>', 'only this ring')
      .addOption(new Option('--state <state>', 'only deployments in this state').choices(DEPLOYMENT_STATES))
      .option('--limit <n>', 'at most this many (server default 100)', wholeNumber(1))
      .option('--offset <n>', 'skip this many', wholeNumber(0)),
  ).action(async (product: string, version: string, flags: ListFlags) => {
    const page = await (await connect(context, flags)).listDeployments(product, version, { ring: flags.ring, state: flags.state, limit: flags.limit, offset: flags.offset });
    if (flags.json) return printJson(io, page);
    if (page.total === 0) {
      const filtered = flags.ring !== undefined || flags.state !== undefined;
      return void io.stdout.write(`no deployments of ${product} ${version}${filtered ? ' match' : ' yet'}\n`);
    }
    io.stdout.write(deploymentsTable(page.deployments, new Date()));
    io.stdout.write(pageFooter(page.deployments.length, page.total, flags.offset ?? 0, 'deployments'));
  });

  withConnectionOptions(
    deployment
      .command('log <id>')
      .description("what a deployment's commands printed")
      .option('-f, --follow', 'keep printing until the deployment has finished')
      .option('--timeout <duration>', 'with --follow: give up after this long, like 90s or 15m', duration, FOLLOW_TIMEOUT),
  ).action(async (id: string, flags: LogFlags) => {
    const client = await connect(context, flags);
    const chunks: LogPage['chunks'] = [];
    let after = 0;
    let state: DeploymentState = 'pending';
    // Pages until one comes back empty; with --follow, until then the deployment must also have finished.
    const done = await pollUntil(io, flags.follow ? flags.timeout : Number.MAX_SAFE_INTEGER, async () => {
      for (;;) {
        const page = await readPage(client, id, after);
        state = page.state;
        after = page.next;
        if (flags.json) chunks.push(...page.chunks);
        else for (const chunk of page.chunks) io.stdout.write(logText(chunk.text));
        if (page.chunks.length === 0) break;
      }
      return !flags.follow || FINISHED.includes(state) ? true : undefined;
    });
    if (flags.json) printJson(io, { chunks, next: after, state });
    if (!done) throw new CliError(`gave up following after ${limitText(flags.timeout)}: deployment ${id} is still ${state}`);
  });
}

function readPage(client: ApiClient, id: string, after: number): Promise<LogPage> {
  return client.deploymentLog(id, after === 0 ? undefined : after);
}
