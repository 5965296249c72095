/**
 * The benchmark measures the real answers: before (and after) timing, the
 * overview and the fleet are checked against what the data generator wrote.
 * A mismatch throws (node:assert), which ends the benchmark non-zero.
 */
import assert from 'node:assert/strict';
import type { ApiClient } from '../../src/client/api-client.ts';
import { type History, PRODUCT } from './dashboard-data.ts';

/** Every cell of the whole matrix (limit=200), the default first page, and the page after it (before=). */
export async function checkOverview(client: ApiClient, history: History): Promise<void> {
  const whole = await client.overview(PRODUCT, { limit: 200 });
  assert.deepEqual(whole.rings, history.rings, 'ring totals');
  assert.equal(whole.releases.length, history.releases.length, 'releases in the whole matrix');
  assert.equal(whole.next, null, 'the whole matrix is one page');
  whole.releases.forEach((release, i) => {
    const expected = history.releases[i]!;
    assert.deepEqual({ version: release.version, state: release.state, cells: release.cells }, expected, `overview of ${expected.version}`);
  });

  const first = await client.overview(PRODUCT);
  assert.deepEqual(first.releases, whole.releases.slice(0, 20), 'the default page is the newest 20');
  assert.equal(first.next, whole.releases[19]!.version);
  const second = await client.overview(PRODUCT, { before: first.next! });
  assert.deepEqual(second.releases, whole.releases.slice(20, 40), 'the page before the first');
}

/** Totals of the fleet page: all targets, by status, by ring and by name. */
export async function checkFleet(client: ApiClient, history: History, text: string): Promise<void> {
  const all = await client.fleet(PRODUCT, { limit: 200 });
  assert.equal(all.total, history.rings.reduce((sum, r) => sum + r.targets, 0), 'fleet total');
  assert.equal(all.targets.length, 200);
  assert.equal(all.targets[0]!.name, history.firstTarget);
  for (const [status, count] of Object.entries(history.statuses)) {
    const page = await client.fleet(PRODUCT, { status: status as keyof History['statuses'], limit: 1 });
    assert.equal(page.total, count, `targets ${status}`);
  }
  for (const ring of history.rings) assert.equal((await client.fleet(PRODUCT, { ring: ring.name, limit: 1 })).total, ring.targets, `targets in ${ring.name}`);
  assert.equal((await client.fleet(PRODUCT, { q: text, limit: 1 })).total, history.matching(text), `targets named *${text}*`);
}
