import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../app/database-schema.ts';
import { containsIgnoreCase } from '../platform/db/dialect.ts';
import type { ComponentSpec, NotifierSpec, ProductSpec, RingSpec, TargetSpec, TrainSpec } from './product-spec.ts';

/**
 * Products as stored: one row per product, component, ring, target and role,
 * each holding its normalised spec as JSON (secret values sealed).
 */
export async function findProduct(db: Kysely<Database>, name: string) {
  return db.selectFrom('products').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function findTarget(db: Kysely<Database>, product: string, target: string) {
  return db
    .selectFrom('targets')
    .innerJoin('products', 'products.id', 'targets.product_id')
    .select(['targets.name', 'targets.spec'])
    .where('products.name', '=', product)
    .where('targets.name', '=', target)
    .executeTakeFirst();
}

export interface TargetFilter {
  ring?: string | undefined;
  hosting?: string | undefined;
  delivery?: string | undefined;
  /** Part of the name, case-insensitive. */
  text?: string | undefined;
  limit: number;
  offset: number;
}

/** A page of a product's targets, filtered in the database so large fleets stay fast. */
export async function queryTargets(db: Kysely<Database>, productId: string, filter: TargetFilter): Promise<{ targets: TargetSpec[]; total: number }> {
  let q = db.selectFrom('targets').where('product_id', '=', productId);
  if (filter.ring) q = q.where('ring', '=', filter.ring);
  if (filter.hosting) q = q.where('hosting', '=', filter.hosting);
  if (filter.delivery) q = q.where('delivery', '=', filter.delivery);
  if (filter.text) q = q.where(containsIgnoreCase('name', filter.text));
  const [rows, count] = await Promise.all([
    q.select('spec').orderBy('position').limit(filter.limit).offset(filter.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { targets: rows.map((r) => JSON.parse(r.spec) as TargetSpec), total: Number(count.n) };
}

export async function listProductRows(db: Kysely<Database>) {
  return db.selectFrom('products').selectAll().orderBy('name', 'asc').execute();
}

export async function loadProductSpec(db: Kysely<Database>, name: string): Promise<{ id: string; spec: ProductSpec } | null> {
  const product = await findProduct(db, name);
  if (!product) return null;
  const [components, rings, targets, roles] = await Promise.all([
    db.selectFrom('components').select('spec').where('product_id', '=', product.id).orderBy('position').execute(),
    db.selectFrom('rings').select('spec').where('product_id', '=', product.id).orderBy('position').execute(),
    db.selectFrom('targets').select('spec').where('product_id', '=', product.id).orderBy('position').execute(),
    db.selectFrom('product_roles').selectAll().where('product_id', '=', product.id).orderBy('role').execute(),
  ]);
  return {
    id: product.id,
    spec: {
      name: product.name,
      description: product.description,
      components: components.map((r) => JSON.parse(r.spec) as ComponentSpec),
      rings: rings.map((r) => JSON.parse(r.spec) as RingSpec),
      targets: targets.map((r) => JSON.parse(r.spec) as TargetSpec),
      roles: Object.fromEntries(roles.map((r) => [r.role, JSON.parse(r.members) as string[]])),
      train: parseTrain(product.train),
      notifiers: JSON.parse(product.notifiers) as NotifierSpec[],
    },
  };
}

function parseTrain(column: string | null): TrainSpec | null {
  return column === null ? null : (JSON.parse(column) as TrainSpec);
}

/** A product without its targets: what release decisions need, cheap however large the fleet. */
export interface ProductShape {
  id: string;
  name: string;
  components: ComponentSpec[];
  rings: RingSpec[];
  roles: Record<string, string[]>;
  /** The release train, if the product runs one. */
  train: TrainSpec | null;
}

export async function loadProductShape(db: Kysely<Database>, name: string): Promise<ProductShape | null> {
  const product = await findProduct(db, name);
  if (!product) return null;
  const [components, rings, roles] = await Promise.all([
    db.selectFrom('components').select('spec').where('product_id', '=', product.id).orderBy('position').execute(),
    db.selectFrom('rings').select('spec').where('product_id', '=', product.id).orderBy('position').execute(),
    db.selectFrom('product_roles').selectAll().where('product_id', '=', product.id).orderBy('role').execute(),
  ]);
  return {
    id: product.id,
    name: product.name,
    components: components.map((r) => JSON.parse(r.spec) as ComponentSpec),
    rings: rings.map((r) => JSON.parse(r.spec) as RingSpec),
    roles: Object.fromEntries(roles.map((r) => [r.role, JSON.parse(r.members) as string[]])),
    train: parseTrain(product.train),
  };
}

/** The targets of one ring in file order, specs as stored (secret values sealed). */
export async function ringTargets(db: Kysely<Database>, productId: string, ring: string): Promise<TargetSpec[]> {
  const rows = await db.selectFrom('targets').select('spec').where('product_id', '=', productId).where('ring', '=', ring).orderBy('position').execute();
  return rows.map((r) => JSON.parse(r.spec) as TargetSpec);
}

/**
 * Takes the product's row lock for the rest of the transaction (a no-op
 * update locks on PostgreSQL and SQLite alike), so concurrent applies queue.
 */
export async function lockProduct(db: Kysely<Database>, name: string): Promise<void> {
  await db.updateTable('products').set((eb) => ({ updated_at: eb.ref('updated_at') })).where('name', '=', name).execute();
}

/** Writes the desired spec over the stored one; entities absent from it are deleted. */
export async function saveProductSpec(db: Kysely<Database>, existingId: string | null, spec: ProductSpec, at: string): Promise<string> {
  const id = existingId ?? randomUUID();
  if (existingId === null) {
    await db.insertInto('products').values({ id, name: spec.name, description: spec.description, created_at: at, updated_at: at, ...people(spec) }).execute();
  } else {
    await db.updateTable('products').set({ description: spec.description, updated_at: at, ...people(spec) }).where('id', '=', id).execute();
  }
  await replaceRows(db, 'components', id, spec.components.map((c, position) => ({ product_id: id, name: c.name, position, spec: JSON.stringify(c) })));
  await replaceRows(db, 'rings', id, spec.rings.map((r, position) => ({ product_id: id, name: r.name, position, spec: JSON.stringify(r) })));
  await replaceRows(db, 'targets', id, spec.targets.map((t, position) => ({
    product_id: id, name: t.name, ring: t.ring, users: t.users, hosting: t.hosting, delivery: t.delivery, position, spec: JSON.stringify(t),
  })));
  await db.deleteFrom('product_roles').where('product_id', '=', id).execute();
  const roles = Object.entries(spec.roles).map(([role, members]) => ({ product_id: id, role, members: JSON.stringify(members) }));
  if (roles.length > 0) await db.insertInto('product_roles').values(roles).execute();
  return id;
}

function people(spec: ProductSpec): { train: string | null; notifiers: string } {
  return { train: spec.train === null ? null : JSON.stringify(spec.train), notifiers: JSON.stringify(spec.notifiers) };
}

type EntityTable = 'components' | 'rings' | 'targets';

/** Upserts the given rows and deletes the product's other rows of that table; unchanged rows are not rewritten. */
type EntityRow = { product_id: string; name: string; position: number; spec: string };

async function replaceRows(typed: Kysely<Database>, table: EntityTable, productId: string, rows: EntityRow[]): Promise<void> {
  // The three tables share the columns used here; Kysely cannot see that through a generic table name.
  const db = typed as unknown as Kysely<Record<EntityTable, EntityRow>>;
  const existing = await db.selectFrom(table).select(['name', 'spec', 'position']).where('product_id', '=', productId).execute();
  const before = new Map(existing.map((r) => [r.name, r]));
  const wanted = new Set(rows.map((r) => r.name));
  const gone = existing.filter((r) => !wanted.has(r.name)).map((r) => r.name);
  if (gone.length > 0) await db.deleteFrom(table).where('product_id', '=', productId).where('name', 'in', gone).execute();
  for (const row of rows) {
    const old = before.get(row.name);
    if (old && old.spec === row.spec && Number(old.position) === row.position) continue;
    if (old) {
      const { product_id: _p, name: _n, ...changes } = row;
      await db.updateTable(table).set(changes).where('product_id', '=', productId).where('name', '=', row.name).execute();
    } else {
      await db.insertInto(table).values(row).execute();
    }
  }
}
