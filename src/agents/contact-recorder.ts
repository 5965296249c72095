import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';

interface Contact {
  productId: string;
  target: string;
  tokenId: string;
  version: string | null;
  hostname: string | null;
  at: string;
}

/**
 * Agents' last contact, written in batches: thousands of agents polling must
 * not turn every poll into a write. A contact is kept in memory and written
 * with the next flush; a target already written within `resolutionMs` waits.
 */
export interface ContactRecorder {
  seen(contact: Contact): void;
  /** Writes what is waiting; answers how many agents it wrote. */
  flush(now: Date): Promise<number>;
}

export function createContactRecorder(db: Kysely<Database>, resolutionMs: number): ContactRecorder {
  const waiting = new Map<string, Contact>();
  const written = new Map<string, { at: number; version: string | null; tokenId: string }>();
  let flushing: Promise<number> | null = null;

  async function write(now: Date): Promise<number> {
    const due = [...waiting.entries()].filter(([key, c]) => {
      const last = written.get(key);
      return last === undefined || last.version !== c.version || last.tokenId !== c.tokenId || now.getTime() - last.at >= resolutionMs;
    });
    if (due.length === 0) return 0;
    for (const [key] of due) waiting.delete(key);
    await db.transaction().execute(async (trx) => {
      for (const [, c] of due) {
        await trx
          .insertInto('agents')
          .values({ product_id: c.productId, target: c.target, token_id: c.tokenId, agent_version: c.version, hostname: c.hostname, last_contact_at: c.at, health: null, health_detail: null, health_at: null })
          .onConflict((oc) =>
            oc.columns(['product_id', 'target']).doUpdateSet({ token_id: c.tokenId, agent_version: c.version, last_contact_at: c.at, ...(c.hostname === null ? {} : { hostname: c.hostname }) }),
          )
          .execute();
      }
    });
    // The contact's own time, not the flush's: a stale contact flushed late (after a
    // pause or a clock jump) must not hold back the fresh one of an agent that came back.
    for (const [key, c] of due) written.set(key, { at: Date.parse(c.at), version: c.version, tokenId: c.tokenId });
    return due.length;
  }

  return {
    seen(contact) {
      waiting.set(`${contact.productId}\u0000${contact.target}`, contact);
    },
    async flush(now) {
      while (flushing) await flushing;
      flushing = write(now).finally(() => {
        flushing = null;
      });
      return flushing;
    },
  };
}
