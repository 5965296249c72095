import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import { appendEvent } from '../events/event-store.ts';
import { type Clock, isoNow } from '../platform/clock.ts';
import { hashToken, newToken } from '../platform/crypto/tokens.ts';

/**
 * On the first start of an empty database, creates the admin user and a token
 * for it, and answers the token (to print once). The marker row makes this
 * happen once even when several servers start together.
 */
export async function bootstrapAdmin(db: Kysely<Database>, clock: Clock): Promise<string | null> {
  return db.transaction().execute(async (trx) => {
    const at = isoNow(clock);
    const marked = await trx
      .insertInto('meta')
      .values({ key: 'bootstrapped_at', value: at })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    if (Number(marked.numInsertedOrUpdatedRows ?? 0) === 0) return null;
    const anyUser = await trx.selectFrom('users').select('id').limit(1).executeTakeFirst();
    if (anyUser) return null;

    const userId = randomUUID();
    const secret = newToken();
    await trx.insertInto('users').values({ id: userId, name: 'admin', role: 'admin', email: null, password_hash: null, created_at: at, disabled_at: null }).execute();
    const tokenId = randomUUID();
    await trx
      .insertInto('tokens')
      .values({ id: tokenId, name: 'bootstrap', hash: hashToken(secret), kind: 'user', user_id: userId, product: null, target: null, created_by: 'system', created_at: at, expires_at: null, revoked_at: null, last_used_at: null })
      .execute();
    await appendEvent(trx, at, {
      actor: 'system',
      type: 'user.created',
      subject: 'user/admin',
      summary: 'first start: created user admin and its bootstrap token',
      data: { user: 'admin', role: 'admin', token: tokenId },
    });
    return secret;
  });
}
