import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Manifest } from '../agents/agent-types.ts';
import { readInstalled, recordInstalled } from './installed.ts';
import { type Journal, journalStore, parseJournal, serializeJournal, STATE_DIR } from './journal.ts';

const MANIFEST: Manifest = {
  product: 'shop', release: '1.2.0', ring: 'onprem', target: 'acme', deployment: '0b5a1c1e-7d2a-4b71-9d44-52a1f0c0b001', kind: 'deploy',
  components: [
    { name: 'api', version: '1.2.0', artifact: 'api-1-2-0-abc1234', commit: 'abc1234', branch: 'main', artifacts: { image: 'r/api:1.2.0' }, dependsOn: [] },
    { name: 'web', version: '1.2.0', artifact: 'web-1-2-0-abc1234', commit: 'abc1234', branch: 'main', artifacts: {}, dependsOn: ['api'] },
  ],
  commands: { install: './deploy.sh', verify: null, rollback: null, timeoutSeconds: 60 },
  config: { API_KEY: 'k3y' },
  secretConfig: ['API_KEY'],
};

const JOURNAL: Journal = {
  deployment: MANIFEST.deployment,
  attempt: 2,
  manifest: MANIFEST,
  steps: [
    { component: 'api', version: '1.2.0', artifact: 'api-1-2-0-abc1234', state: 'succeeded', startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:00:01.000Z', phase: 'deploy', exitCode: 0, error: null },
    { component: 'web', version: '1.2.0', artifact: 'web-1-2-0-abc1234', state: 'running', startedAt: '2026-01-01T00:00:01.000Z', finishedAt: null, phase: 'deploy', exitCode: null, error: null },
  ],
  nextLogSeq: 7,
  unsentLog: [{ seq: 5, text: 'a\n' }, { seq: 6, text: 'b\n' }],
  pendingLog: 'c',
  finish: null,
};

describe('the journal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rm-journal-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips through its file, readable by its owner only', async () => {
    const store = journalStore(dir);
    assert.deepEqual(await store.read(), { journal: null, movedAside: null });
    await store.write(JOURNAL);
    assert.deepEqual(await store.read(), { journal: JOURNAL, movedAside: null });
    assert.equal(statSync(store.path).mode & 0o777, 0o600);
    const finished: Journal = { ...JOURNAL, finish: { attempt: 2, steps: [], log: [{ seq: 7, text: 'c' }], state: 'failed', error: 'web deploy: exited with code 3', health: { state: 'unknown', detail: 'x' } } };
    await store.write(finished);
    assert.deepEqual((await store.read()).journal, finished);
    // Only the journal is left: no temporary file behind.
    assert.deepEqual(readdirSync(join(dir, STATE_DIR)), ['journal.json']);
    await store.clear();
    assert.deepEqual(await store.read(), { journal: null, movedAside: null });
  });

  it('moves a damaged journal aside instead of trusting it', async () => {
    const store = journalStore(dir, () => new Date('2026-02-03T04:05:06.789Z'));
    await store.write(JOURNAL);
    const text = readFileSync(store.path, 'utf8');
    writeFileSync(store.path, text.slice(0, text.length / 2)); // cut short, as by a disk fault
    const read = await store.read();
    assert.equal(read.journal, null);
    assert.equal(read.movedAside, join(dir, STATE_DIR, 'journal.corrupt-2026-02-03T04-05-06-789Z.json'));
    assert.equal(readFileSync(read.movedAside!, 'utf8'), text.slice(0, text.length / 2));
    assert.deepEqual(await store.read(), { journal: null, movedAside: null });
  });

  const damaged: { name: string; value: unknown }[] = [
    { name: 'not JSON', value: '{"deployment":' },
    { name: 'an empty object', value: {} },
    { name: 'attempt zero', value: { ...JOURNAL, attempt: 0 } },
    { name: 'a manifest without components', value: { ...JOURNAL, manifest: { ...MANIFEST, components: undefined } } },
    { name: 'a step in an unknown state', value: { ...JOURNAL, steps: [{ ...JOURNAL.steps[0], state: 'done' }] } },
    { name: 'a log chunk without seq', value: { ...JOURNAL, unsentLog: [{ text: 'x' }] } },
    { name: 'a finish in a strange state', value: { ...JOURNAL, finish: { attempt: 1, steps: [], log: [], state: 'cancelled', error: null, health: { state: 'unknown', detail: '' } } } },
  ];
  for (const row of damaged) {
    it(`refuses ${row.name}`, () => {
      assert.equal(parseJournal(typeof row.value === 'string' ? row.value : JSON.stringify(row.value)), null);
    });
  }

  it('reads back what it writes', () => {
    assert.deepEqual(parseJournal(serializeJournal(JOURNAL)), JOURNAL);
  });

  it('records the installed release with its manifest', async () => {
    assert.equal(await readInstalled(dir), null);
    await recordInstalled(dir, MANIFEST, new Date('2026-03-01T00:00:00.000Z'));
    assert.deepEqual(await readInstalled(dir), { release: '1.2.0', deployment: MANIFEST.deployment, kind: 'deploy', installedAt: '2026-03-01T00:00:00.000Z', manifest: MANIFEST });
  });
});
