/**
 * A product whose releases wait for people: QA and SRE checklists and a
 * Go/No-Go before production, and the people who hold each role.
 */
import assert from 'node:assert/strict';
import { apiCalls, buildBody, type Json } from '../engine/engine-fixture.ts';
import type { TestApp } from '../support/test-app.ts';

export const PRODUCT = 'daily-train';

/**
 * Rings: dev (no gates), staging (a checklist of QA's own items, SRE's
 * defaults), production (a vote of four roles, QA and SRE can veto, a quorum
 * of three, open for an hour). sam holds qa by his own role and sre through
 * the product file: he must say which one he votes as.
 */
export const PEOPLE_PRODUCT = `product: ${PRODUCT}
components:
  - name: api
rings:
  - name: dev
  - name: staging
    gates:
      - checklist:
          roles: [qa, sre]
          items:
            qa:
              - { id: automation-passed, text: "Automation suite passed against this build", evidence: required }
              - { id: sanity-owner, text: "A post-deployment sanity owner is named" }
              - { id: exploratory, text: "Exploratory session done", required: false }
  - name: production
    gates:
      - vote: { roles: [module-lead, sre, qa, product], veto: [qa, sre], quorum: 3, deadline: 1h }
targets:
  - { name: dev-1, ring: dev, deploy: { command: "true" } }
  - { name: staging-1, ring: staging, deploy: { command: "true" } }
  - { name: prod-1, ring: production, deploy: { command: "true" } }
roles:
  module-lead: [mia]
  sre: [dave, sam]
  qa: [carol]
  product: [pat]
  release-manager: [alice]
`;

/** Who is who: name → global role. */
export const PEOPLE: Record<string, string> = {
  mia: 'module-lead',
  dave: 'sre',
  carol: 'qa',
  pat: 'product',
  alice: 'release-manager',
  sam: 'qa',
  vic: 'viewer',
};

export const SRE_DEFAULT_ITEMS = ['branch-and-tag', 'release-notes', 'recovery-and-on-call', 'deployment-provisions'];

/** Applies the product, creates the people with a personal token each and a CI token; builds api 1.0.0 … `versions`. */
export async function setUpPeople(t: TestApp, versions: readonly string[]): Promise<Record<string, string>> {
  const { ok } = apiCalls(() => t);
  await ok('POST', '/api/products/apply', { source: PEOPLE_PRODUCT, fileName: 'daily-train.yaml' });
  const tokens: Record<string, string> = { admin: t.adminToken };
  for (const [name, role] of Object.entries(PEOPLE)) {
    await ok('POST', '/api/users', { name, role });
    tokens[name] = (await ok('POST', '/api/tokens', { name: `${name}-cli`, user: name })).secret as string;
  }
  tokens['ci'] = (await ok('POST', '/api/tokens', { name: 'ci', kind: 'ci', product: PRODUCT })).secret as string;
  for (const version of versions) {
    await ok('POST', `/api/products/${PRODUCT}/builds`, buildBody('api', version));
    const created = await ok('POST', `/api/products/${PRODUCT}/releases`, { version, builds: { api: version } });
    assert.equal(created.release.state, 'candidate');
  }
  return tokens;
}

/** Rows of a table, to show a refusal changed nothing. */
export async function countRows(t: TestApp, table: 'checklist_ticks' | 'evidence_files' | 'ballots' | 'vote_rounds' | 'events'): Promise<number> {
  const row = await t.app.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Events of a type about a release, oldest first. */
export async function eventsOf(t: TestApp, type: string, version: string): Promise<Json[]> {
  const { ok } = apiCalls(() => t);
  const page = await ok('GET', `/api/events?type=${encodeURIComponent(type)}&subject=${encodeURIComponent(`release/${PRODUCT}/${version}`)}&limit=1000`);
  return page.events as Json[];
}

/** Calls made with the token of one of the people, by name: `as('carol').ok(…)`. Tokens are read at call time, once set up. */
export function callsAs(app: () => TestApp, tokens: () => Record<string, string>) {
  const { call, ok } = apiCalls(app);
  return (who: string) => ({
    call: (method: string, url: string, body?: unknown) => call(method, url, body, tokens()[who]),
    ok: (method: string, url: string, body?: unknown) => ok(method, url, body, tokens()[who]),
  });
}

/** Checks a refusal by its status and message, and that `counts` show nothing changed; answers the refusal's body. */
export function refusalCheck(as: ReturnType<typeof callsAs>, counts: () => Promise<unknown>) {
  return async function refused(who: string, method: string, url: string, body: unknown, status: number, message: RegExp): Promise<Json> {
    const before = await counts();
    const res = await as(who).call(method, url, body);
    assert.equal(res.status, status, res.text);
    assert.match(res.body.error.message, message);
    assert.deepEqual(await counts(), before, `${method} ${url} was refused but changed something`);
    return res.body;
  };
}
