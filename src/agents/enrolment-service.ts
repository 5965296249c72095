/**
 * Enrolment: an admin makes a one-time code for a pull target; the agent
 * trades it for its own token. The code, like every token, is stored only as
 * its SHA-256, and it works once, before it expires.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import { insertToken } from '../auth/auth-store.ts';
import type { Principal } from '../auth/auth-types.ts';
import { requirePermission } from '../auth/permissions.ts';
import { appendEvent } from '../events/event-store.ts';
import { type Clock, isoNow } from '../platform/clock.ts';
import { hashToken, newToken } from '../platform/crypto/tokens.ts';
import { InputError, NotFoundError, UnauthenticatedError } from '../platform/errors/errors.ts';
import type { TargetSpec } from '../products/product-spec.ts';
import { findProduct, findTarget } from '../products/product-store.ts';

const DEFAULT_LIFETIME_SECONDS = 24 * 3600;
const CODE_PREFIX = 'rme_';

export interface EnrolmentService {
  createCode(by: Principal, product: string, target: string, expiresInSeconds: number | undefined): Promise<{ code: string; product: string; target: string; expiresAt: string }>;
  /** Trades a code for an agent token; every failure reads the same, so codes cannot be probed. */
  enrol(code: string, hostname: string | undefined, serverKey: string): Promise<{ token: string; product: string; target: string; serverKey: string }>;
}

export function createEnrolmentService(db: Kysely<Database>, clock: Clock): EnrolmentService {
  return {
    async createCode(by, productName, targetName, expiresInSeconds) {
      requirePermission(by, 'tokens:manage');
      const product = await findProduct(db, productName);
      if (!product) throw new NotFoundError(`product '${productName}' does not exist`);
      const target = await findTarget(db, productName, targetName);
      if (!target) throw new NotFoundError(`target '${targetName}' does not exist in product '${productName}'`);
      if ((JSON.parse(target.spec) as TargetSpec).delivery !== 'pull') {
        throw new InputError(`target '${targetName}' is delivered by push: agents serve pull targets (delivery: pull in the product file)`, [{ field: 'target' }]);
      }
      const code = CODE_PREFIX + randomBytes(24).toString('base64url');
      const at = isoNow(clock);
      const expiresAt = new Date(clock.now().getTime() + (expiresInSeconds ?? DEFAULT_LIFETIME_SECONDS) * 1000).toISOString();
      const id = randomUUID();
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('enrolment_codes').values({ id, hash: hashToken(code), product_id: product.id, target: targetName, created_by: by.actor, created_at: at, expires_at: expiresAt, used_at: null, token_id: null }).execute();
        await appendEvent(trx, at, {
          actor: by.actor,
          type: 'agent.enrolment-code-created',
          subject: `target/${productName}/${targetName}`,
          summary: `${by.actor} created an enrolment code for the agent of ${productName}/${targetName}, valid until ${expiresAt}`,
          data: { product: productName, target: targetName, code: id, expiresAt },
        });
      });
      return { code, product: productName, target: targetName, expiresAt };
    },

    async enrol(code, hostname, serverKey) {
      const refused = () => new UnauthenticatedError('the enrolment code is invalid, used or expired: ask an admin for a new one');
      if (!code.startsWith(CODE_PREFIX)) throw refused();
      const at = isoNow(clock);
      return db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('enrolment_codes as c').innerJoin('products as p', 'p.id', 'c.product_id').select(['c.id', 'c.target', 'c.expires_at', 'c.used_at', 'p.name as product']).where('c.hash', '=', hashToken(code)).executeTakeFirst();
        if (!row || row.used_at !== null || row.expires_at <= at) throw refused();
        const token = newToken();
        const tokenId = randomUUID();
        // Conditional: of two agents racing with one code, one wins.
        const used = await trx.updateTable('enrolment_codes').set({ used_at: at, token_id: tokenId }).where('id', '=', row.id).where('used_at', 'is', null).executeTakeFirst();
        if (Number(used.numUpdatedRows) !== 1) throw refused();
        const name = `agent ${row.target}${hostname ? ` on ${hostname.slice(0, 60)}` : ''}`;
        await insertToken(trx, { id: tokenId, name, hash: hashToken(token), kind: 'agent', user_id: null, product: row.product, target: row.target, created_by: `enrolment:${row.id}`, created_at: at, expires_at: null, revoked_at: null, last_used_at: null, purpose: null });
        const host = hostname?.slice(0, 253) ?? null;
        const productId = (await trx.selectFrom('products').select('id').where('name', '=', row.product).executeTakeFirstOrThrow()).id;
        await trx
          .insertInto('agents')
          .values({ product_id: productId, target: row.target, token_id: tokenId, agent_version: null, hostname: host, last_contact_at: null, health: null, health_detail: null, health_at: null })
          .onConflict((oc) => oc.columns(['product_id', 'target']).doUpdateSet({ token_id: tokenId, hostname: host }))
          .execute();
        await appendEvent(trx, at, {
          actor: `agent:${row.target}`,
          type: 'agent.enrolled',
          subject: `target/${row.product}/${row.target}`,
          summary: `the agent of ${row.product}/${row.target}${hostname ? ` on ${hostname.slice(0, 60)}` : ''} enrolled and got token ${name}`,
          data: { product: row.product, target: row.target, token: tokenId, hostname: hostname ?? null },
        });
        return { token, product: row.product, target: row.target, serverKey };
      });
    },
  };
}
