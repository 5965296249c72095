/**
 * What each step of a train day does once its run is claimed. Every step ends
 * in `finish`, which records the run's end with its events in the step's
 * transaction: if the lease was lost meanwhile, the whole step rolls back.
 */
import type { Kysely } from 'kysely';
import semver from 'semver';
import type { Database } from '../app/database-schema.ts';
import type { NewEvent } from '../events/event-types.ts';
import { SERVER_ACTOR } from '../events/event-types.ts';
import { checkRing } from '../gates/gate-evidence.ts';
import { ConflictError, InputError, NotFoundError } from '../platform/errors/errors.ts';
import type { TrainSpec } from '../products/product-spec.ts';
import type { ProductShape } from '../products/product-store.ts';
import { chooseBuilds } from '../releases/bill-of-materials.ts';
import { insertNewRelease } from '../releases/new-release.ts';
import { findReleaseRow, releaseBuildIds } from '../releases/release-store.ts';
import { releaseSubject } from '../releases/release-types.ts';
import { promoteRelease } from '../rollouts/promotion.ts';
import { findPromotion } from '../rollouts/rollout-store.ts';
import { decideClosedVotes } from '../votes/decide-votes.ts';
import { openVoteRound } from '../votes/open-vote.ts';
import type { TrainDay } from './train-schedule.ts';
import { newestRelease, type RunResult } from './train-store.ts';
import type { TrainStep } from './train-types.ts';
import { blockers, scheduledSummary, trainOf } from './train-words.ts';
import { zonedTime } from './zoned-time.ts';

export interface StepRun {
  db: Kysely<Database>;
  product: ProductShape;
  train: TrainSpec;
  day: TrainDay;
  step: TrainStep;
  /** The version the day's cut made, if it made one. */
  cutVersion: string | null;
  now: Date;
  /** Records the run's end and its events in `trx`; throws when another server took the run over. */
  finish(trx: Kysely<Database>, result: RunResult, events: NewEvent[]): Promise<void>;
}

const done = (outcome: string, version: string | null): RunResult => ({ state: 'done', outcome, version });

function trainEvent(run: StepRun, type: string, summary: string, data: Record<string, unknown>): NewEvent {
  return { actor: SERVER_ACTOR, type, subject: `train/${run.product.name}`, summary, data: { product: run.product.name, day: run.day.day, step: run.step, ...data } };
}

/**
 * A step that did not go. `train.stopped` announces it, except for a vote or
 * deploy on a day that cut nothing: the cut already said why (`train.skipped`).
 */
export async function stopStep(run: StepRun, result: RunResult, data: Record<string, unknown> = {}): Promise<RunResult> {
  const quiet = run.step !== 'cut' && run.cutVersion === null;
  const summary = `${run.product.name} ${run.step} of ${trainOf(run.day, run.train.timezone)}: ${result.outcome}`;
  const event = trainEvent(run, quiet ? 'train.skipped' : 'train.stopped', summary, { version: result.version, state: result.state, outcome: result.outcome, ...data });
  await run.db.transaction().execute((trx) => run.finish(trx, result, [event]));
  return result;
}

/** Cuts a candidate from the latest green builds on the train's branch, unless nothing changed. */
export async function runCut(run: StepRun): Promise<RunResult> {
  const { product, train, day } = run;
  const at = run.now.toISOString();
  const where = { ring: train.ring, branch: train.branch };
  // A cut that cannot or need not happen leaves the transaction empty and is recorded after it.
  const outcome = await run.db.transaction().execute(async (trx): Promise<RunResult | { refused: RunResult }> => {
    let builds;
    try {
      builds = await chooseBuilds(trx, product, { version: '', latest: true, branch: train.branch });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return { refused: { state: 'failed', outcome: `could not cut: ${error.message}`, version: null } };
    }
    const newest = await newestRelease(trx, product.id);
    if (newest !== undefined) {
      const held = await releaseBuildIds(trx, newest.id);
      const same = Object.keys(held).length === builds.size && [...builds].every(([component, build]) => held[component] === build.id);
      if (same) return { refused: { state: 'skipped', outcome: `no component changed since ${newest.version}`, version: null } };
    }
    const version = semver.inc(newest?.version ?? '0.0.0', train.bump)!;
    await insertNewRelease(trx, product, { version, builds, draft: false, from: null, actor: SERVER_ACTOR, at });
    const bom = [...builds.values()].map((b) => `${b.component} ${b.version}`).join(', ');
    const events = [trainEvent(run, 'train.cut', `cut ${product.name} ${version} for ${trainOf(day, train.timezone)}: ${bom}`, { version, ...where })];
    if (day.deployAt !== null) {
      const deployAt = day.deployAt;
      events.push({
        actor: SERVER_ACTOR,
        type: 'release.scheduled',
        subject: releaseSubject(product.name, version),
        summary: scheduledSummary(product.name, version, train.ring, { ...day, deployAt }, train.timezone),
        data: {
          product: product.name,
          version,
          ring: train.ring,
          deployAt: new Date(deployAt).toISOString(),
          voteAt: day.voteAt === null ? null : new Date(day.voteAt).toISOString(),
          timezone: train.timezone,
        },
      });
    }
    const cut = done(`cut ${version}: ${bom}`, version);
    await run.finish(trx, cut, events);
    return cut;
  });
  return 'refused' in outcome ? stopStep(run, outcome.refused, where) : outcome;
}

/** Opens the Go/No-Go of the day's release, closing at the day's deploy time. */
export async function runVote(run: StepRun): Promise<RunResult> {
  const { product, train, day } = run;
  if (run.cutVersion === null) return stopStep(run, { state: 'skipped', outcome: 'nothing was cut today', version: null });
  const version = run.cutVersion;
  const ring = product.rings.find((r) => r.name === train.ring);
  if (ring === undefined) return stopStep(run, { state: 'failed', outcome: `${product.name} has no ring ${train.ring}`, version });
  if (!ring.gates.some((g) => g.kind === 'vote')) return stopStep(run, { state: 'skipped', outcome: `${ring.name} has no vote gate: there is no Go/No-Go to open`, version });
  const closesAt = day.deployAt === null ? null : new Date(day.deployAt).toISOString();
  const closing = day.deployAt === null ? '' : `, closing at ${zonedTime(day.deployAt, train.timezone)} ${train.timezone}`;
  const outcome = await run.db.transaction().execute(async (trx): Promise<RunResult | { refused: RunResult }> => {
    const release = await findReleaseRow(trx, product.id, version);
    if (release === undefined) return { refused: { state: 'failed', outcome: `${product.name} has no release ${version} any more`, version } };
    const opened = await openVoteRound(trx, { product, release, ring: ring.name, closesAt, actor: SERVER_ACTOR, at: run.now.toISOString() });
    const said = opened === 'opened' ? `opened the Go/No-Go on ${version} for ${ring.name}${closing}` : `the Go/No-Go on ${version} for ${ring.name} was already open`;
    const result = done(said, version);
    // openVoteRound wrote `vote.opened` when it opened the round; a round opened earlier was announced then.
    await run.finish(trx, result, []);
    return result;
  });
  return 'refused' in outcome ? stopStep(run, outcome.refused) : outcome;
}

/** Promotes the day's release into the train's ring if every gate passes, or records why not. */
export async function runDeploy(run: StepRun, onPromoted: () => void): Promise<RunResult> {
  const { db, product, train, now } = run;
  // A round closing at this very moment is decided before the gates look at it.
  await decideClosedVotes(db, now);
  if (run.cutVersion === null) return stopStep(run, { state: 'skipped', outcome: 'nothing was cut today', version: null });
  const version = run.cutVersion;
  const ringIndex = product.rings.findIndex((r) => r.name === train.ring);
  const release = await findReleaseRow(db, product.id, version);
  if (ringIndex < 0 || release === undefined) {
    return stopStep(run, { state: 'failed', outcome: ringIndex < 0 ? `${product.name} has no ring ${train.ring}` : `${product.name} has no release ${version} any more`, version });
  }
  const existing = await findPromotion(db, release.id, train.ring);
  if (existing !== undefined) {
    // A promotion by the train itself means this run was taken over after promoting; by anyone else, it went by hand.
    if (existing.started_by === SERVER_ACTOR && Date.parse(existing.started_at) >= (run.day.deployAt ?? Infinity)) return deployed(run, version);
    return stopStep(run, { state: 'skipped', outcome: `${version} was already promoted to ${train.ring} by ${existing.started_by}`, version });
  }
  const check = await checkRing(db, product, release, ringIndex, now);
  if (!check.ready) {
    return stopStep(run, { state: 'failed', outcome: `did not go: ${blockers(check.order, check.verdicts)}`, version }, { ring: train.ring, order: check.order, verdicts: check.verdicts });
  }
  try {
    await promoteRelease(db, product, version, ringIndex, SERVER_ACTOR, now);
  } catch (error) {
    if (!(error instanceof ConflictError || error instanceof NotFoundError)) throw error;
    return stopStep(run, { state: 'failed', outcome: `did not go: ${error.message.replace(/\n/g, '; ')}`, version }, { ring: train.ring, details: error.details });
  }
  onPromoted();
  return deployed(run, version);
}

async function deployed(run: StepRun, version: string): Promise<RunResult> {
  const { product, train, day } = run;
  const result = done(`promoted ${version} to ${train.ring}`, version);
  const event = trainEvent(run, 'train.deployed', `${product.name} ${version} went to ${train.ring} with ${trainOf(day, train.timezone)}`, { version, ring: train.ring });
  await run.db.transaction().execute((trx) => run.finish(trx, result, [event]));
  return result;
}
