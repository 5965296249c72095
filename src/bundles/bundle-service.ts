/**
 * Offline bundles for air-gapped sites: exporting the desired deployment of a
 * pull target as a signed archive, and recording the result file the site's
 * agent wrote, once, when someone carries it back.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import type { AgentService } from '../agents/agent-service.ts';
import { pickDesired } from '../agents/desired-pick.ts';
import { buildManifest } from '../agents/manifest.ts';
import { currentRelease, openDeploymentsOfTarget } from '../agents/pull-store.ts';
import { canSeeProduct } from '../auth/permissions.ts';
import type { Principal } from '../auth/auth-types.ts';
import { findDeploymentRow, nextLogSeq } from '../deployments/deployment-store.ts';
import type { DeploymentsTable } from '../deployments/deployment-types.ts';
import { appendEvent } from '../events/event-store.ts';
import type { Clock } from '../platform/clock.ts';
import type { SecretBox } from '../platform/crypto/secret-box.ts';
import { ConflictError, InputError, NotFoundError } from '../platform/errors/errors.ts';
import type { TargetSpec } from '../products/product-spec.ts';
import { visibleProduct } from '../products/product-access.ts';
import { findReleaseRow } from '../releases/release-store.ts';
import { releaseSubject } from '../releases/release-types.ts';
import { BUNDLE_FORMAT, type BundleContents, checkResultFile, resultSignature, writeBundleArchive } from './bundle-format.ts';
import { buildRunbook } from '../runbooks/build-runbook.ts';
import { loadRunbookSource } from '../runbooks/runbook-source.ts';
import { renderBundleRunbook } from './runbook.ts';
import type { SigningKey } from './signing-key.ts';

export interface ExportedBundle {
  fileName: string;
  bytes: Buffer;
}

export interface ImportedReport {
  deployment: string;
  target: string;
  state: string;
}

export interface BundleService {
  exportBundle(by: Principal, product: string, version: string, target: string): Promise<ExportedBundle>;
  importReport(by: Principal, file: unknown): Promise<ImportedReport>;
}

export interface BundleServiceOptions {
  db: Kysely<Database>;
  clock: Clock;
  box: SecretBox;
  key: SigningKey;
  agents: AgentService;
}

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

export function createBundleService(options: BundleServiceOptions): BundleService {
  const { db, clock, box, key, agents } = options;

  /** The deployment a bundle of `version` for `target` installs, or a conflict saying what to do first. */
  async function desiredDeployment(productId: string, product: string, version: string, releaseId: string, target: TargetSpec): Promise<DeploymentsTable> {
    // The site installs by hand, when its people can: the maintenance window does not hold a bundle.
    const pick = pickDesired(await openDeploymentsOfTarget(db, productId, target.name), null);
    const picked = pick ? await findDeploymentRow(db, pick.id) : undefined;
    if (picked && picked.release_id === releaseId) return picked;
    if (picked) {
      const other = await db.selectFrom('releases').select('version').where('id', '=', picked.release_id).executeTakeFirstOrThrow();
      const what = picked.kind === 'rollback' ? `roll back to ${other.version}` : `install ${other.version}`;
      throw new ConflictError(`${target.name} should ${what} now, not ${version}: export a bundle of ${other.version} instead`, [{ desired: other.version }], 'not_desired');
    }
    const current = await currentRelease(db, productId, target.name);
    if (current?.version === version) throw new ConflictError(`${target.name} already runs ${product} ${version}: there is nothing to install`, [], 'not_desired');
    const last = await db
      .selectFrom('deployments')
      .select(['state', 'error'])
      .where('product_id', '=', productId)
      .where('release_id', '=', releaseId)
      .where('target', '=', target.name)
      .orderBy('created_at', 'desc')
      .orderBy('seq', 'desc')
      .executeTakeFirst();
    if (last?.state === 'pending') {
      throw new ConflictError(`the deployment of ${version} to ${target.name} waits for its wave of the rollout in ${target.ring}: export the bundle once the rollout reaches it`, [], 'not_desired');
    }
    if (last) {
      throw new ConflictError(`the deployment of ${version} to ${target.name} is ${last.state}${last.error ? ` (${last.error})` : ''}: promote ${version} to ${target.ring} again first`, [], 'not_desired');
    }
    throw new ConflictError(`${version} is not being deployed to ${target.name}: promote ${version} to ${target.ring} first`, [], 'not_desired');
  }

  /** The deployment's report key: made at the first export, the same on every later one so earlier copies stay valid. */
  async function reportKeyOf(id: string, sealed: string | null): Promise<{ key: string; first: boolean }> {
    if (sealed !== null) return { key: box.decrypt(sealed), first: false };
    await db.updateTable('deployments').set({ offline_key: box.encrypt(randomBytes(32).toString('base64')) }).where('id', '=', id).where('offline_key', 'is', null).execute();
    // Two exports at once: the first write wins and both read it back.
    const row = await db.selectFrom('deployments').select('offline_key').where('id', '=', id).executeTakeFirstOrThrow();
    return { key: box.decrypt(row.offline_key!), first: true };
  }

  /** Whether an imported result (not an online agent) claimed the deployment: the start events say who did. */
  async function claimedOffline(id: string, target: string, subject: string): Promise<boolean> {
    const starts = await db
      .selectFrom('events')
      .select('data')
      .where('subject', '=', subject)
      .where('type', 'in', ['deployment.started', 'deployment.resumed'])
      .where('actor', '=', `offline:${target}`)
      .execute();
    return starts.some((e) => (JSON.parse(e.data) as { deployment?: unknown }).deployment === id);
  }

  return {
    async exportBundle(by, productName, version, targetName) {
      const product = await visibleProduct(db, by, productName);
      const release = await findReleaseRow(db, product.id, version);
      if (!release) throw new NotFoundError(`${productName} has no release ${version}`);
      const targetRow = await db.selectFrom('targets').select('spec').where('product_id', '=', product.id).where('name', '=', targetName).executeTakeFirst();
      if (!targetRow) throw new NotFoundError(`${productName} has no target '${targetName}'`);
      const target = JSON.parse(targetRow.spec) as TargetSpec;
      if (target.delivery !== 'pull') {
        throw new InputError(`target '${targetName}' is delivered by push: the server deploys it itself; bundles are for pull targets`, [{ field: 'target' }]);
      }
      const row = await desiredDeployment(product.id, product.name, version, release.id, target);
      const manifest = await buildManifest(db, box, row);
      const fileName = `${product.name}-${version}-${targetName}.rmbundle`;
      const exportedAt = clock.now().toISOString();
      const { key: reportKey, first } = await reportKeyOf(row.id, row.offline_key);
      // The release's runbook, told against the release before it in the target's ring, with this target's commands.
      const source = await loadRunbookSource(db, product, release, row.ring);
      const commands = { deploy: [manifest.commands.install].filter((c) => c !== null), rollback: [manifest.commands.rollback].filter((c) => c !== null) };
      const book = buildRunbook({ ...source.input, commands });
      const runbook = renderBundleRunbook({ manifest, runbook: book, fileName, exportedAt, exportedBy: by.actor, serverFingerprint: key.fingerprint });
      const contents: BundleContents = { format: BUNDLE_FORMAT, manifest, runbook, reportKey, exportedAt, serverFingerprint: key.fingerprint };
      const bytes = await writeBundleArchive(contents, key.sign);
      await appendEvent(db, exportedAt, {
        actor: by.actor,
        type: 'bundle.exported',
        subject: releaseSubject(product.name, version),
        summary: `${by.actor} exported an offline bundle of ${product.name} ${version} for ${targetName}${first ? '' : ' (again)'}`,
        data: { product: product.name, version, ring: row.ring, target: targetName, deployment: row.id, kind: row.kind, serverKey: key.fingerprint, again: !first },
      });
      return { fileName, bytes };
    },

    async importReport(by, file) {
      const { result, signature } = checkResultFile(file);
      const row = await findDeploymentRow(db, result.deployment);
      const product = row ? await db.selectFrom('products').select('name').where('id', '=', row.product_id).executeTakeFirst() : undefined;
      if (!row || !product || !canSeeProduct(by, product.name)) {
        throw new NotFoundError(`deployment '${result.deployment}' does not exist: the result file is not from a bundle of this server`);
      }
      const release = await db.selectFrom('releases').select('version').where('id', '=', row.release_id).executeTakeFirstOrThrow();
      const mismatch = [
        result.product !== product.name ? `product ${result.product} (the deployment's is ${product.name})` : null,
        result.target !== row.target ? `target ${result.target} (the deployment's is ${row.target})` : null,
        result.release !== release.version ? `release ${result.release} (the deployment's is ${release.version})` : null,
      ].filter((m) => m !== null);
      if (mismatch.length > 0 || row.delivery !== 'pull') {
        const why = mismatch.length > 0 ? `names ${mismatch.join(', ')}` : `is for a push deployment`;
        throw new InputError(`the result file for deployment '${row.id}' ${why}: it was changed or is not from this deployment's bundle; nothing was recorded`, [], 'result_mismatch');
      }
      if (row.offline_key === null) {
        throw new ConflictError(`deployment '${row.id}' was never exported as an offline bundle, so no result file can be from it; nothing was recorded`, [], 'not_exported');
      }
      const expected = Buffer.from(resultSignature(result, box.decrypt(row.offline_key)), 'base64');
      const given = Buffer.from(signature, 'base64');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new InputError('the result file signature does not match its contents: it was changed after the install or made for another bundle; nothing was recorded', [{ field: 'signature' }], 'bad_signature');
      }
      if (TERMINAL.has(row.state)) {
        const recorded = row.state !== 'cancelled' && (await claimedOffline(row.id, row.target, releaseSubject(product.name, release.version)));
        throw new ConflictError(
          recorded
            ? `this result is already recorded: deployment '${row.id}' of ${product.name} ${release.version} to ${row.target} ${row.state} at ${row.finished_at ?? 'an earlier import'}`
            : `deployment '${row.id}' of ${product.name} ${release.version} to ${row.target} is ${row.state}${row.error ? ` (${row.error})` : ''}: its result can no longer be recorded`,
          [{ state: row.state }],
          recorded ? 'already_recorded' : 'not_desired',
        );
      }

      const log = result.log.length > 0 ? [{ seq: await nextLogSeq(db, row.id), text: result.log }] : [];
      const recorded = await agents.recordOffline(product.name, row.target, row.id, { attempt: 0, steps: result.steps, log, state: result.state, error: result.error, health: result.health }, result.startedAt);
      await appendEvent(db, clock.now().toISOString(), {
        actor: by.actor,
        type: 'bundle.result-imported',
        subject: releaseSubject(product.name, release.version),
        summary: `${by.actor} recorded the offline result of ${product.name} ${release.version} on ${row.target}: ${recorded.state}`,
        data: { product: product.name, version: release.version, ring: row.ring, target: row.target, deployment: row.id, state: recorded.state, agentVersion: result.agentVersion, finishedAt: result.finishedAt },
      });
      return { deployment: row.id, target: row.target, state: recorded.state };
    },
  };
}
