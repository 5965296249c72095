/**
 * Role checklists of a release: people holding a role tick its items for a
 * ring, with a link or a file as evidence; the ring's checklist gate passes
 * once every required item is ticked.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import type { Principal } from '../auth/auth-types.ts';
import { requirePermission } from '../auth/permissions.ts';
import { appendEvent } from '../events/event-store.ts';
import { evaluateGate } from '../gates/evaluate-gates.ts';
import { gatherEvidence } from '../gates/gate-evidence.ts';
import type { GateVerdict } from '../gates/gate-types.ts';
import { type Clock, isoNow } from '../platform/clock.ts';
import { ConflictError, InputError, NotAllowedError, NotFoundError } from '../platform/errors/errors.ts';
import { visibleProduct } from '../products/product-access.ts';
import { didYouMean } from '../products/product-file/suggest.ts';
import type { ChecklistItemSpec, GateSpec, RingSpec } from '../products/product-spec.ts';
import type { ProductShape } from '../products/product-store.ts';
import { isTerminal } from '../releases/release-lifecycle.ts';
import { existingRelease } from '../releases/release-access.ts';
import { releaseSubject, type ReleasesTable, type ReleaseState } from '../releases/release-types.ts';
import { gateOf, ringNamed } from '../votes/ring-named.ts';
import { roleHolders } from '../votes/role-holders.ts';
import { heldRoles, holdersText, personOf } from '../votes/role-rules.ts';
import { deleteTick, evidenceFileInfos, findEvidenceFile, insertEvidenceFile, listTicks, saveTick } from './checklist-store.ts';
import type { ChecklistTicksTable } from './checklist-types.ts';
import { checkLink, decodeEvidence, type EvidenceUpload } from './evidence-file.ts';

type ChecklistGate = Extract<GateSpec, { kind: 'checklist' }>;

export interface EvidenceFileView {
  id: string;
  name: string;
  size: number;
  mediaType: string;
  sha256: string;
}

export interface TickView {
  user: string;
  at: string;
  note: string;
  link: string | null;
  file: EvidenceFileView | null;
}

export interface ChecklistItemView extends ChecklistItemSpec {
  tick: TickView | null;
}

export interface ChecklistRoleView {
  role: string;
  /** Who may tick: the product file's holders and users whose own role it is. */
  holders: string[];
  items: ChecklistItemView[];
}

export interface ChecklistRingView {
  ring: string;
  verdict: GateVerdict;
  roles: ChecklistRoleView[];
}

/** A ticked or unticked item, with where it belongs and its ring's checklist verdict now. */
export interface ChecklistItemAnswer extends ChecklistItemView {
  ring: string;
  role: string;
  verdict: GateVerdict;
}

export interface TickInput {
  note?: string | undefined;
  link?: string | undefined;
  file?: EvidenceUpload | undefined;
}

export interface EvidenceDownload {
  name: string;
  mediaType: string;
  bytes: Buffer;
}

export interface ChecklistService {
  list(by: Principal, product: string, version: string, ring?: string): Promise<{ rings: ChecklistRingView[] }>;
  tick(by: Principal, product: string, version: string, ring: string, role: string, item: string, input: TickInput): Promise<ChecklistItemAnswer>;
  untick(by: Principal, product: string, version: string, ring: string, role: string, item: string): Promise<ChecklistItemAnswer>;
  evidence(by: Principal, product: string, version: string, fileId: string): Promise<EvidenceDownload>;
}

interface Located {
  product: ProductShape;
  ring: RingSpec;
  ringIndex: number;
  gate: ChecklistGate;
}

export function createChecklistService(db: Kysely<Database>, clock: Clock, options: { onChange: () => void }): ChecklistService {
  /** The ring and its checklist gate; a ring without one is a mistake of the request. */
  function checklistRing(product: ProductShape, ringName: string): Located {
    const { ring, index } = ringNamed(product, ringName);
    const gate = gateOf(ring, 'checklist');
    if (!gate) {
      const withChecklists = product.rings.filter((r) => gateOf(r, 'checklist')).map((r) => r.name);
      const where = withChecklists.length === 0 ? `none of ${product.name}'s rings has one` : `rings with checklists: ${withChecklists.join(', ')}`;
      throw new InputError(`ring ${ring.name} of ${product.name} has no checklist gate: nothing to tick (${where})`, [{ field: 'ring', value: ring.name }]);
    }
    return { product, ring, ringIndex: index, gate };
  }

  function itemOf(located: Located, role: string, itemId: string): ChecklistItemSpec {
    const { gate, ring, product } = located;
    if (!gate.roles.includes(role)) {
      throw new NotFoundError(`the checklist of ${ring.name} in ${product.name} has no role '${role}'${didYouMean(role, gate.roles)}; its roles are ${gate.roles.join(', ')}`);
    }
    const items = gate.items[role] ?? [];
    const item = items.find((i) => i.id === itemId);
    if (!item) {
      const ids = items.map((i) => i.id);
      throw new NotFoundError(`${role}'s checklist for ${ring.name} has no item '${itemId}'${didYouMean(itemId, ids)}; its items are ${ids.join(', ') || 'none'}`);
    }
    return item;
  }

  /** A person holding the role may tick its items; anyone else is told who can. */
  async function requireHolder(by: Principal, located: Located, role: string, verb: string): Promise<string> {
    const user = personOf(by.actor);
    if (user === null) throw new NotAllowedError(`only a person can ${verb} checklist items: use a personal token`);
    if (heldRoles(located.product.roles, user, by.role, [role]).length === 0) {
      const holders = (await roleHolders(db, located.product.roles, [role]))[role] ?? [];
      throw new NotAllowedError(
        `${user} does not hold the role ${role} for ${located.product.name}, so cannot ${verb} its checklist items; ${role} is held by ${holdersText(holders)}`,
      );
    }
    return user;
  }

  async function verdictOf(located: Located, row: ReleasesTable): Promise<GateVerdict> {
    const context = await gatherEvidence(db, located.product, row, located.ringIndex, clock.now());
    return evaluateGate(located.gate, context);
  }

  async function tickViews(ticks: readonly ChecklistTicksTable[]): Promise<Map<string, TickView>> {
    const files = await evidenceFileInfos(db, ticks.flatMap((t) => (t.file_id === null ? [] : [t.file_id])));
    const views = new Map<string, TickView>();
    for (const t of ticks) {
      const file = t.file_id === null ? undefined : files.get(t.file_id);
      views.set(tickKey(t.ring, t.role, t.item), {
        user: t.user_name,
        at: t.at,
        note: t.note,
        link: t.link,
        file: file ? { id: file.id, name: file.name, size: file.size, mediaType: file.media_type, sha256: file.sha256 } : null,
      });
    }
    return views;
  }

  async function answer(located: Located, row: ReleasesTable, role: string, item: ChecklistItemSpec): Promise<ChecklistItemAnswer> {
    const ticks = (await listTicks(db, row.id, located.ring.name)).filter((t) => t.role === role && t.item === item.id);
    const views = await tickViews(ticks);
    return { ...item, tick: views.get(tickKey(located.ring.name, role, item.id)) ?? null, ring: located.ring.name, role, verdict: await verdictOf(located, row) };
  }

  function refuseTerminal(product: ProductShape, row: ReleasesTable): void {
    if (isTerminal(row.state as ReleaseState)) throw new ConflictError(`${product.name} ${row.version} is ${row.state}: its checklists no longer change`);
  }

  return {
    async list(by, productName, version, ringName) {
      requirePermission(by, 'products:read');
      const product = await visibleProduct(db, by, productName);
      const row = await existingRelease(db, product, version);
      const located: Located[] =
        ringName === undefined
          ? product.rings.flatMap((ring, index) => {
              const gate = gateOf(ring, 'checklist');
              return gate ? [{ product, ring, ringIndex: index, gate }] : [];
            })
          : [checklistRing(product, ringName)];
      const holders = await roleHolders(db, product.roles, located.flatMap((l) => l.gate.roles));
      const views = await tickViews(await listTicks(db, row.id, ringName));
      const rings: ChecklistRingView[] = [];
      for (const l of located) {
        rings.push({
          ring: l.ring.name,
          verdict: await verdictOf(l, row),
          roles: l.gate.roles.map((role) => ({
            role,
            holders: holders[role] ?? [],
            items: (l.gate.items[role] ?? []).map((item) => ({ ...item, tick: views.get(tickKey(l.ring.name, role, item.id)) ?? null })),
          })),
        });
      }
      return { rings };
    },

    async tick(by, productName, version, ringName, role, itemId, input) {
      requirePermission(by, 'releases:vote');
      const product = await visibleProduct(db, by, productName);
      const located = checklistRing(product, ringName);
      const item = itemOf(located, role, itemId);
      const user = await requireHolder(by, located, role, 'tick');
      const note = input.note?.trim() ?? '';
      const link = input.link === undefined || input.link.trim() === '' ? null : checkLink(input.link);
      const file = input.file === undefined ? null : decodeEvidence(input.file);
      if (item.evidence === 'required' && link === null && file === null) {
        throw new InputError(`${role}'s item ${item.id} needs evidence: give a link (--link URL) or attach a file (--file PATH)`, [{ field: 'link' }]);
      }
      const at = isoNow(clock);
      const fileId = file === null ? null : randomUUID();
      const row = await db.transaction().execute(async (trx) => {
        const release = await existingRelease(trx, product, version);
        refuseTerminal(product, release);
        if (file !== null && fileId !== null) {
          await insertEvidenceFile(trx, {
            id: fileId,
            release_id: release.id,
            name: file.name,
            media_type: file.mediaType,
            size: file.bytes.length,
            sha256: file.sha256,
            content: file.bytes.toString('base64'),
            uploaded_by: user,
            uploaded_at: at,
          });
        }
        await saveTick(trx, { release_id: release.id, ring: located.ring.name, role, item: item.id, user_name: user, note, link, file_id: fileId, at });
        const evidence = [link === null ? '' : 'a link', file === null ? '' : `file ${file.name}`].filter((e) => e !== '').join(' and ');
        await appendEvent(trx, at, {
          actor: by.actor,
          type: 'checklist.ticked',
          subject: releaseSubject(product.name, version),
          summary: `${user} ticked ${role}'s ${item.id} on ${product.name} ${version} for ${located.ring.name}${evidence ? ` with ${evidence}` : ''}${note ? `: ${note}` : ''}`,
          data: {
            product: product.name,
            version,
            ring: located.ring.name,
            role,
            item: item.id,
            user,
            note,
            link,
            file: file === null ? null : { id: fileId, name: file.name, size: file.bytes.length, mediaType: file.mediaType, sha256: file.sha256 },
          },
        });
        return release;
      });
      options.onChange();
      return answer(located, row, role, item);
    },

    async untick(by, productName, version, ringName, role, itemId) {
      requirePermission(by, 'releases:vote');
      const product = await visibleProduct(db, by, productName);
      const located = checklistRing(product, ringName);
      const item = itemOf(located, role, itemId);
      const user = await requireHolder(by, located, role, 'untick');
      const at = isoNow(clock);
      const row = await db.transaction().execute(async (trx) => {
        const release = await existingRelease(trx, product, version);
        refuseTerminal(product, release);
        if (!(await deleteTick(trx, { releaseId: release.id, ring: located.ring.name, role, item: item.id }))) {
          throw new NotFoundError(`${role}'s item ${item.id} is not ticked on ${product.name} ${version} for ${located.ring.name}: nothing to untick`);
        }
        await appendEvent(trx, at, {
          actor: by.actor,
          type: 'checklist.unticked',
          subject: releaseSubject(product.name, version),
          summary: `${user} unticked ${role}'s ${item.id} on ${product.name} ${version} for ${located.ring.name}`,
          data: { product: product.name, version, ring: located.ring.name, role, item: item.id, user },
        });
        return release;
      });
      options.onChange();
      return answer(located, row, role, item);
    },

    async evidence(by, productName, version, fileId) {
      requirePermission(by, 'products:read');
      const product = await visibleProduct(db, by, productName);
      const row = await existingRelease(db, product, version);
      const file = await findEvidenceFile(db, row.id, fileId);
      if (!file) throw new NotFoundError(`${product.name} ${version} has no evidence file '${fileId}'`);
      return { name: file.name, mediaType: file.media_type, bytes: Buffer.from(file.content, 'base64') };
    },
  };
}

function tickKey(ring: string, role: string, item: string): string {
  return `${ring}\u0000${role}\u0000${item}`;
}
