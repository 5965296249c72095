import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import { appendEvent } from '../events/event-store.ts';
import { SERVER_ACTOR } from '../events/event-types.ts';
import { loadProductShape } from '../products/product-store.ts';
import type { RolloutSpec } from '../products/product-spec.ts';
import { isBlessedBy, isFinishedBy, nextState } from '../releases/release-lifecycle.ts';
import { findReleaseRowById, markBlessed, moveRelease, olderMovingReleases, releaseProgress } from '../releases/release-store.ts';
import { type ReleaseState, releaseSubject } from '../releases/release-types.ts';
import { deploymentCounts, findRollout, moveRollout } from './rollout-store.ts';

const ACTOR = SERVER_ACTOR;

/**
 * Moves every deploying rollout along: the next wave once the current one is
 * done and its pause is over, and the end of the rollout once the last wave
 * is. Each step is a conditional update, so several servers may run this at
 * once and each step happens once. Answers how many rollouts moved.
 */
export async function advanceRollouts(db: Kysely<Database>, now: Date): Promise<number> {
  const deploying = await db.selectFrom('rollouts').select('id').where('state', '=', 'deploying').orderBy('started_at').execute();
  let moved = 0;
  for (const { id } of deploying) {
    if (await db.transaction().execute((trx) => advanceOne(trx, id, now))) moved++;
  }
  return moved;
}

async function advanceOne(db: Kysely<Database>, id: string, now: Date): Promise<boolean> {
  const row = await findRollout(db, id);
  if (!row || row.state !== 'deploying') return false;
  const at = now.toISOString();
  const wave = Number(row.current_wave);
  const waves = Number(row.waves);
  const current = await deploymentCounts(db, id, wave);
  if ((current['pending'] ?? 0) + (current['running'] ?? 0) > 0) return false;

  const release = (await findReleaseRowById(db, row.release_id))!;
  const product = (await db.selectFrom('products').select('name').where('id', '=', row.product_id).executeTakeFirstOrThrow()).name;
  const subject = releaseSubject(product, release.version);
  const what = row.kind === 'rollback' ? `rollback of ${release.version} in ${row.ring}` : `${release.version} in ${row.ring}`;

  if (wave < waves - 1) {
    const policy = JSON.parse(row.policy) as RolloutSpec;
    if (row.next_wave_at === null && policy.pauseSeconds > 0) {
      const nextAt = new Date(now.getTime() + policy.pauseSeconds * 1000).toISOString();
      if (!(await moveRollout(db, id, 'deploying', { next_wave_at: nextAt }, { currentWave: wave }))) return false;
      await appendEvent(db, at, {
        actor: ACTOR,
        type: 'rollout.paused',
        subject,
        summary: `${product} ${what}: wave ${wave + 1} of ${waves} done; next wave at ${nextAt}`,
        data: { product, version: release.version, ring: row.ring, rollout: id, wave: wave + 1, waves, nextWaveAt: nextAt },
      });
      return true;
    }
    if (row.next_wave_at !== null && row.next_wave_at > at) return false;
    if (!(await moveRollout(db, id, 'deploying', { current_wave: wave + 1, next_wave_at: null }, { currentWave: wave }))) return false;
    const size = await db.selectFrom('deployments').select((eb) => eb.fn.countAll<number>().as('n')).where('rollout_id', '=', id).where('wave', '=', wave + 1).executeTakeFirstOrThrow();
    await appendEvent(db, at, {
      actor: ACTOR,
      type: 'rollout.wave-started',
      subject,
      summary: `${product} ${what}: wave ${wave + 2} of ${waves} started, ${Number(size.n)} target(s)`,
      data: { product, version: release.version, ring: row.ring, rollout: id, wave: wave + 2, waves, targets: Number(size.n) },
    });
    return true;
  }

  const all = await deploymentCounts(db, id);
  const failed = (all['failed'] ?? 0) + (all['cancelled'] ?? 0);
  const succeeded = all['succeeded'] ?? 0;
  // Skipped pull targets were unreachable and the ring chose to go on without them: their agents get the release later.
  const skipped = all['skipped'] ?? 0;
  const state = failed > 0 ? 'failed' : 'succeeded';
  const reason = failed > 0 ? `${failed} of ${failed + succeeded} deployment(s) failed` : null;
  if (!(await moveRollout(db, id, 'deploying', { state, finished_at: at, ...(reason ? { reason } : {}) }))) return false;
  await appendEvent(db, at, {
    actor: ACTOR,
    type: `rollout.${state}`,
    subject,
    summary: `${product} ${what} ${state}: ${succeeded} target(s) deployed${failed > 0 ? `, ${failed} failed` : ''}${skipped > 0 ? `, ${skipped} skipped as unreachable (deployed when their agents call in)` : ''}`,
    data: { product, version: release.version, ring: row.ring, rollout: id, kind: row.kind, succeeded, failed, skipped },
  });
  if (state === 'succeeded' && row.kind === 'promotion') await afterRingSucceeded(db, product, release.id, at);
  return true;
}

/** Blesses the release once it passed every ring before the blessing ring, and finishes it after the last. */
async function afterRingSucceeded(db: Kysely<Database>, productName: string, releaseId: string, at: string): Promise<void> {
  const product = (await loadProductShape(db, productName))!;
  let release = (await findReleaseRowById(db, releaseId))!;
  const progress = await releaseProgress(db, releaseId, product.rings);
  const subject = releaseSubject(product.name, release.version);

  if (release.blessed_at === null && isBlessedBy(progress, product.rings)) {
    await markBlessed(db, releaseId, at);
    const state = release.state as ReleaseState;
    if (state === 'candidate' || state === 'in-progress') await moveRelease(db, releaseId, state, { state: nextState(state, 'bless'), at, by: ACTOR, blessedAt: at });
    await appendEvent(db, at, {
      actor: ACTOR,
      type: 'release.blessed',
      subject,
      summary: `${product.name} ${release.version} is blessed: it succeeded in every ring before ${product.rings.find((r) => r.gates.some((g) => g.kind === 'blessed'))?.name ?? 'the last'}`,
      data: { product: product.name, version: release.version },
    });
    release = (await findReleaseRowById(db, releaseId))!;
  }

  const state = release.state as ReleaseState;
  if (isFinishedBy(progress, product.rings) && (state === 'in-progress' || state === 'blessed')) {
    await moveRelease(db, releaseId, state, { state: nextState(state, 'finish'), at, by: ACTOR });
    await appendEvent(db, at, {
      actor: ACTOR,
      type: 'release.done',
      subject,
      summary: `${product.name} ${release.version} is done: it succeeded in every ring`,
      data: { product: product.name, version: release.version },
    });
    for (const older of await olderMovingReleases(db, product.id, release.created_at)) {
      const from = older.state as ReleaseState;
      if (!(await moveRelease(db, older.id, from, { state: nextState(from, 'supersede'), at, by: ACTOR, reason: `superseded by ${release.version}` }))) continue;
      await appendEvent(db, at, {
        actor: ACTOR,
        type: 'release.superseded',
        subject: releaseSubject(product.name, older.version),
        summary: `${product.name} ${older.version} is superseded by ${release.version}`,
        data: { product: product.name, version: older.version, by: release.version },
      });
    }
  }
}
