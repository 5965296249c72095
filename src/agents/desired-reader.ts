import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import type { DeploymentStep } from '../deployments/deployment-types.ts';
import { holdsAt } from '../deployments/window-holds.ts';
import type { Clock } from '../platform/clock.ts';
import type { TargetSpec } from '../products/product-spec.ts';
import type { DesiredState } from './agent-types.ts';
import { pickDesired, revisionOf } from './desired-pick.ts';
import type { ManifestBuilder } from './manifest.ts';
import { currentReleases, openDeploymentsOfProduct, openDeploymentsOfTargets, TARGET_CHUNK, targetSpecs } from './pull-store.ts';

export interface DesiredReader {
  /** The full desired state of one target. */
  compute(productId: string, product: string, target: string): Promise<DesiredState>;
  /** The same for many targets at once, in a few queries per slice. */
  computeMany(productId: string, product: string, targets: readonly string[]): Promise<Map<string, DesiredState>>;
  /** Only the revisions of some targets, from one look at the product's open deployments. */
  revisions(productId: string, targets: readonly string[]): Promise<Map<string, string>>;
}

/** Reads what pull targets should do now: the answers to agents' polls. */
export function createDesiredReader(deps: { db: Kysely<Database>; clock: Clock; manifests: ManifestBuilder; pollSeconds: number }): DesiredReader {
  const { db, clock, manifests } = deps;

  /** The desired state of many targets of one product: a fixed few queries per TARGET_CHUNK targets. */
  async function computeMany(productId: string, product: string, targets: readonly string[]): Promise<Map<string, DesiredState>> {
    const states = new Map<string, DesiredState>();
    for (let i = 0; i < targets.length; i += TARGET_CHUNK) {
      const chunk = targets.slice(i, i + TARGET_CHUNK);
      const holdAt = holdsAt(clock.now().getTime());
      const [open, current] = await Promise.all([openDeploymentsOfTargets(db, productId, chunk), currentReleases(db, productId, chunk)]);
      const specs = await targetSpecs(db, productId, [...open.keys()]);
      const picks = new Map(chunk.map((target) => {
        const mine = open.get(target) ?? [];
        const hold = mine.some((d) => d.state !== 'running') ? holdAt(specs.get(target)?.maintenanceWindow ?? null) : null;
        return [target, pickDesired(mine, hold)] as const;
      }));
      const ids = [...picks.values()].filter((p) => p !== null).map((p) => p.id);
      const rows = new Map((ids.length > 0 ? await db.selectFrom('deployments').selectAll().where('id', 'in', ids).execute() : []).map((r) => [r.id, r]));
      for (const target of chunk) {
        const pick = picks.get(target) ?? null;
        const row = pick ? rows.get(pick.id) : undefined;
        let deployment: DesiredState['deployment'] = null;
        if (pick && row) {
          const manifest = await manifests.build(row, specs.get(target) ?? null);
          deployment = {
            id: row.id,
            kind: row.kind as 'deploy' | 'rollback',
            version: manifest.release,
            ring: row.ring,
            state: row.state as 'pending' | 'running' | 'skipped',
            attempts: Number(row.attempts),
            holdUntil: pick.holdUntil,
            steps: JSON.parse(row.steps) as DeploymentStep[],
            manifest,
          };
        }
        states.set(target, { revision: revisionOf(pick && row ? pick : null), product, target, current: current.get(target) ?? null, deployment, pollSeconds: deps.pollSeconds });
      }
    }
    return states;
  }
  
  async function compute(productId: string, product: string, target: string): Promise<DesiredState> {
    return (await computeMany(productId, product, [target])).get(target)!;
  }
  
  async function revisions(productId: string, targets: readonly string[]): Promise<Map<string, string>> {
    const open = await openDeploymentsOfProduct(db, productId);
    const waiting = targets.filter((t) => open.get(t)?.some((d) => d.state !== 'running'));
    const specs = waiting.length > 0 ? await targetSpecs(db, productId, waiting) : new Map<string, TargetSpec>();
    const holdAt = holdsAt(clock.now().getTime());
    return new Map(targets.map((t) => [t, revisionOf(pickDesired(open.get(t) ?? [], holdAt(specs.get(t)?.maintenanceWindow ?? null)))]));
  }

  return { compute, computeMany, revisions };
}
