/**
 * A product on the daily train of shared/DESIGN.md: weekdays, cut at 15:00,
 * Go/No-Go at 16:00, deploy at 17:00 Asia/Kolkata (09:30, 10:30, 11:30 UTC),
 * into production behind the module lead's, SRE's and QA's checklists and a
 * vote of four roles where QA and SRE can veto. Dev takes every release.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../src/app/database-schema.ts';
import type { TrainRunsTable } from '../../src/train/train-types.ts';
import { apiCalls, type Json } from '../engine/engine-fixture.ts';
import type { TestApp } from '../support/test-app.ts';

export const TRAIN_PRODUCT = 'daily-train';

/**
 * The pieces every daily-train product file here shares, each a run of whole
 * YAML lines. `rings` ends in production's vote gate, so a file may go on with
 * more gates or rings; `targetsRolesAndSchedule` ends in the train's deploy
 * time, so a file may go on with more train settings or top-level keys.
 */
export const TRAIN_YAML = {
  rings: `rings:
  - name: dev
    rollout: { autoPromote: true }
  - name: production
    gates:
      - checklist: { roles: [module-lead, sre, qa] }
      - vote: { roles: [module-lead, sre, qa, product], veto: [qa, sre] }`,
  targetsRolesAndSchedule: `targets:
  - { name: dev-1, ring: dev, deploy: { command: "true" } }
  - { name: prod-1, ring: production, deploy: { command: "true" } }
roles:
  module-lead: [mia]
  sre: [dave]
  qa: [carol]
  product: [pat]
train:
  ring: production
  timezone: Asia/Kolkata
  cut: "0 15 * * 1-5"
  vote: "0 16 * * 1-5"
  deploy: "0 17 * * 1-5"`,
};

export const TRAIN_PRODUCT_FILE = `product: ${TRAIN_PRODUCT}
components:
  - name: api
  - name: web
    dependsOn: [api]
${TRAIN_YAML.rings}
      - window:
          cron: "0 17 * * 1-5"
          timezone: Asia/Kolkata
          duration: 1h
          freezes: [{ from: "2026-12-24T00:00:00+05:30", to: "2027-01-04T00:00:00+05:30", reason: year-end freeze }]
${TRAIN_YAML.targetsRolesAndSchedule}
  bump: minor
  branch: main
  grace: 1h
  freezes:
    - { from: "2026-12-24T00:00:00+05:30", to: "2027-01-04T00:00:00+05:30", reason: year-end freeze }
`;

/** name → global role; each holds the product role of the same name. */
export const TRAIN_PEOPLE: Record<string, string> = { mia: 'module-lead', dave: 'sre', carol: 'qa', pat: 'product', alice: 'release-manager' };

/** Applies the product and makes the people, answering a personal token for each. */
export async function setUpTrain(t: TestApp): Promise<Record<string, string>> {
  const { ok } = apiCalls(() => t);
  await ok('POST', '/api/products/apply', { source: TRAIN_PRODUCT_FILE, fileName: 'daily-train.yaml' });
  const tokens: Record<string, string> = {};
  for (const [name, role] of Object.entries(TRAIN_PEOPLE)) {
    await ok('POST', '/api/users', { name, role });
    tokens[name] = (await ok('POST', '/api/tokens', { name: `${name}-cli`, user: name })).secret as string;
  }
  return tokens;
}

/** The product's train runs, by `day step`. */
export async function trainRuns(db: Kysely<Database>): Promise<Map<string, TrainRunsTable>> {
  const rows = await db.selectFrom('train_runs').selectAll().orderBy('day').execute();
  return new Map(rows.map((r) => [`${r.day} ${r.step}`, r]));
}

/** Events of a type (or a prefix ending in '.'), oldest first. */
export async function eventsOfType(t: TestApp, type: string): Promise<Json[]> {
  const { ok } = apiCalls(() => t);
  return (await ok('GET', `/api/events?type=${encodeURIComponent(type)}&limit=1000`)).events as Json[];
}
