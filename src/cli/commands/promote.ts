/**
 * Moving releases through rings: `promote` (and follow the rollout), `wait`,
 * `approve`, `reject` and `rollback`.
 */
import type { Command } from 'commander';
import type { ApiClient } from '../../client/api-client.ts';
import { ApiError } from '../../client/api-error.ts';
import type { Deployment, GateVerdict, ReleaseDetail, Rollout } from '../../client/api-types.ts';
import { didYouMean } from '../../products/product-file/suggest.ts';
import { CliError, UsageError } from '../cli-errors.ts';
import { type CliContext, printJson } from '../cli-io.ts';
import { connect, type ConnectionFlags, withConnectionOptions } from '../connection.ts';
import { duration } from '../option-parsers.ts';
import {
  approvalLine,
  failedTargetsTable,
  progressKey,
  promotionLine,
  rollbackLines,
  rolloutOutcome,
  rolloutProgress,
  verdictsTable,
} from '../output/release-views.ts';
import { limitText, pollUntil } from './polling.ts';

interface PromoteFlags extends ConnectionFlags {
  to: string;
  wait?: boolean;
  timeout: number;
}

interface WaitFlags extends ConnectionFlags {
  ring: string;
  timeout: number;
}

interface ApproveFlags extends ConnectionFlags {
  ring: string;
  comment?: string;
}

interface RejectFlags extends ConnectionFlags {
  reason: string;
}

interface RollbackFlags extends ConnectionFlags {
  target?: string;
  ring?: string;
  release?: string;
  reason?: string;
  wait?: boolean;
  timeout: number;
}

/** Seconds: 10m to follow a rollout, 5m for `wait`. */
const FOLLOW_TIMEOUT = 600;
const WAIT_TIMEOUT = 300;

export function registerPromote(program: Command, context: CliContext): void {
  const { io } = context;

  withConnectionOptions(
    program
      .command('promote <product> <version>')
      .description("promote a release into a ring: its gates are checked, then the ring's rollout starts")
      .requiredOption('--to <ring>', 'the ring to enter')
      .option('--wait', 'follow the rollout until it ends; exit 1 unless it succeeds')
      .option('--timeout <duration>', 'with --wait: give up after this long, like 90s or 15m', duration, FOLLOW_TIMEOUT),
  ).action(async (product: string, version: string, flags: PromoteFlags) => {
    const client = await connect(context, flags);
    let promotion;
    try {
      promotion = await client.promote(product, version, flags.to);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'gates_blocked') throw showBlockingGates(product, version, flags.to, error);
      throw error;
    }
    if (!flags.wait) {
      if (flags.json) return printJson(io, promotion);
      return void io.stdout.write(`${promotionLine(promotion)}\n`);
    }
    if (!flags.json) io.stdout.write(`${promotionLine(promotion)}\n`);
    const rollout = await follow(context, client, promotion.rollout, flags.timeout, !flags.json);
    if (flags.json) printJson(io, { ...promotion, rollout });
    await requireSuccess(context, client, rollout, [version], !flags.json);
  });

  withConnectionOptions(
    program
      .command('wait <product> <version>')
      .description("wait until the release's promotion into a ring has started and ended; exit 1 unless it succeeded")
      .requiredOption('--ring <ring>', 'the ring')
      .option('--timeout <duration>', 'give up after this long, like 90s or 15m', duration, WAIT_TIMEOUT),
  ).action(async (product: string, version: string, flags: WaitFlags) => waitForRing(context, product, version, flags));

  withConnectionOptions(
    program
      .command('approve <product> <version>')
      .description("approve a release for a ring whose approval gate names a role you hold")
      .requiredOption('--ring <ring>', 'the ring to approve it for')
      .option('--comment <text>', 'why, for the record'),
  ).action(async (product: string, version: string, flags: ApproveFlags) => {
    const client = await connect(context, flags);
    const approval = await client.approveRelease(product, version, flags.ring, flags.comment);
    if (flags.json) return printJson(io, approval);
    io.stdout.write(`${approvalLine(product, version, approval)}\n`);
    const check = await client.checkRing(product, version, flags.ring);
    const blocking = check.verdicts.filter((v) => v.status !== 'pass').map((v) => v.gate);
    if (check.ready) io.stdout.write(`${flags.ring} is open to it: \`ringmaster promote ${product} ${version} --to ${flags.ring}\`\n`);
    else io.stdout.write(`${flags.ring} still waits for: ${[...(check.order === null ? [] : ['ring order']), ...blocking].join(', ')}\n`);
  });

  withConnectionOptions(
    program
      .command('reject <product> <version>')
      .description('reject a release wherever it is: its rollouts stop and it never moves again')
      .requiredOption('--reason <text>', 'what is wrong with it (required)'),
  ).action(async (product: string, version: string, flags: RejectFlags) => {
    if (flags.reason.trim() === '') throw new UsageError('--reason must say what is wrong with the release');
    const rejected = await (await connect(context, flags)).rejectRelease(product, version, flags.reason);
    if (flags.json) return printJson(io, rejected);
    io.stdout.write(`rejected ${rejected.product} ${rejected.version}: ${rejected.stateReason ?? flags.reason.trim()}\n`);
  });

  withConnectionOptions(
    program
      .command('rollback <product>')
      .description('put a target, or every target of a ring, back on its last known-good release')
      .option('--target <target>', 'roll back this target')
      .option('--ring <ring>', 'roll back every target of this ring that runs the release')
      .option('--release <version>', 'with --ring: the release to take off (default: the newest its targets run)')
      .option('--reason <text>', 'why, for the record')
      .option('--wait', 'follow the rollback until it ends; exit 1 unless it succeeds')
      .option('--timeout <duration>', 'with --wait: give up after this long, like 90s or 15m', duration, FOLLOW_TIMEOUT),
  ).action(async (product: string, flags: RollbackFlags) => {
    if ((flags.target === undefined) === (flags.ring === undefined)) {
      throw new UsageError(flags.target === undefined ? 'name what to roll back: --target <target> or --ring <ring>' : 'name either --target or --ring, not both');
    }
    if (flags.release !== undefined && flags.ring === undefined) throw new UsageError('--release applies to --ring only');
    const client = await connect(context, flags);
    const outcome = await client.rollback(product, { target: flags.target, ring: flags.ring, release: flags.release, reason: flags.reason });
    if (!flags.wait) {
      if (flags.json) return printJson(io, outcome);
      return void io.stdout.write(rollbackLines(outcome));
    }
    if (!flags.json) io.stdout.write(rollbackLines(outcome));
    const rollout = await follow(context, client, outcome.rollout, flags.timeout, !flags.json);
    if (flags.json) printJson(io, { ...outcome, rollout });
    // A rollback's deployments put the earlier releases back: their failures are listed under those.
    await requireSuccess(context, client, rollout, [...new Set(outcome.moves.map((m) => m.to))], !flags.json);
  });
}

/**
 * The gates' verdicts as a table on stderr, then the error (the server's
 * message repeats them over several lines, which the reporter would run together).
 */
function showBlockingGates(product: string, version: string, ring: string, error: ApiError): CliError {
  const verdicts = error.details.map((d) => ({
    gate: String(d['gate']),
    status: String(d['status']) as GateVerdict['status'],
    reason: String(d['reason']),
    opensAt: typeof d['opensAt'] === 'string' ? d['opensAt'] : undefined,
  }));
  const blocking = verdicts.filter((v) => v.status !== 'pass').map((v) => `${v.gate} ${v.status === 'fail' ? 'fails' : 'is waiting'}`);
  const table = verdictsTable(verdicts).trimEnd().split('\n').map((line) => `  ${line}`);
  return new CliError(`${product} ${version} cannot enter ${ring} yet${blocking.length > 0 ? `: ${blocking.join(', ')}` : ''}`, table);
}

/** Polls the rollout until it stops deploying, printing a line whenever its wave or counts change. */
async function follow(context: CliContext, client: ApiClient, start: Rollout, timeoutSeconds: number, print: boolean): Promise<Rollout> {
  let last = '';
  let current = start;
  let first = true;
  const ended = await pollUntil(context.io, timeoutSeconds, async () => {
    // The first look is the answer that started the rollout.
    if (!first) current = await client.getRollout(start.id);
    first = false;
    const key = progressKey(current);
    if (print && key !== last) context.io.stdout.write(`${rolloutProgress(current)}\n`);
    last = key;
    return current.state === 'deploying' ? undefined : current;
  });
  if (ended) return ended;
  const what = current.kind === 'promotion' ? `${current.product} ${current.version} is still deploying to ${current.ring}` : `the rollback in ${current.ring} is still running`;
  throw new CliError(`gave up waiting after ${limitText(timeoutSeconds)}: ${what} (${rolloutProgress(current)}); follow it with \`ringmaster status ${current.product}\``);
}

/** Succeeded: say so (unless printing JSON). Otherwise the failed targets and their errors on stderr, then exit 1. */
async function requireSuccess(context: CliContext, client: ApiClient, rollout: Rollout, versions: readonly string[], print: boolean): Promise<void> {
  const { io } = context;
  if (rollout.state === 'succeeded') {
    if (print) io.stdout.write(`${rolloutOutcome(rollout)}\n`);
    return;
  }
  const failed: Deployment[] = [];
  for (const version of versions) {
    const page = await client.listDeployments(rollout.product, version, { ring: rollout.ring, state: 'failed', limit: 1000 });
    failed.push(...page.deployments.filter((d) => d.rolloutId === rollout.id));
  }
  throw new CliError(rolloutOutcome(rollout), failed.length > 0 ? failedTargetsTable(failed).trimEnd().split('\n').map((line) => `  ${line}`) : []);
}

/** `wait`: until the promotion into the ring exists and is no longer deploying. */
async function waitForRing(context: CliContext, product: string, version: string, flags: WaitFlags): Promise<void> {
  const { io } = context;
  const client = await connect(context, flags);
  let said = '';
  let last: ReleaseDetail | undefined;
  const ended = await pollUntil(io, flags.timeout, async () => {
    const release = await client.getRelease(product, version);
    last = release;
    const progress = release.rings.find((r) => r.ring === flags.ring);
    if (!progress) {
      const names = release.rings.map((r) => r.ring);
      throw new CliError(`${product} has no ring '${flags.ring}'${didYouMean(flags.ring, names)}; rings are ${names.join(', ')}`);
    }
    if (progress.state === null && ['rejected', 'withdrawn', 'superseded', 'done'].includes(release.state)) {
      throw new CliError(`${product} ${version} is ${release.state}${release.stateReason ? ` (${release.stateReason})` : ''}: it will not enter ${flags.ring}`);
    }
    if (progress.state !== null && progress.state !== 'deploying') return release;
    const now = progress.state === null ? `waiting for ${product} ${version} to enter ${flags.ring}` : `${product} ${version} is deploying to ${flags.ring}`;
    if (!flags.json && now !== said) io.stdout.write(`${now}\n`);
    said = now;
    return undefined;
  });
  if (!ended) {
    const state = last?.rings.find((r) => r.ring === flags.ring)?.state ?? null;
    const where = state === null ? `has not entered ${flags.ring}` : `is still deploying to ${flags.ring}`;
    throw new CliError(`gave up waiting after ${limitText(flags.timeout)}: ${product} ${version} ${where}`);
  }
  if (flags.json) printJson(io, ended);
  const progress = ended.rings.find((r) => r.ring === flags.ring)!;
  if (progress.state !== 'succeeded') {
    throw new CliError(`${product} ${version} ended ${progress.state} in ${flags.ring}${progress.failures > 0 ? ` with ${progress.failures} failed deployment(s)` : ''}: see \`ringmaster deployment list ${product} ${version} --ring ${flags.ring}\``);
  }
  if (!flags.json) io.stdout.write(`${product} ${version} is in ${flags.ring}\n`);
}
