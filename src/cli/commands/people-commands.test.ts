/**
 * Checklists and Go/No-Go from the command line, in-process against a real
 * server: `checklist`, `tick` (with a file), `untick`, `vote-open`, `vote`, `get votes`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { PRODUCT, setUpPeople } from '../../../test/people/people-fixture.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { createTestClock } from '../../../test/support/test-clock.ts';
import { runCli } from '../run-cli.ts';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const LIMIT = { timeout: 30_000 };

describe('checklist and vote commands', () => {
  const clock = createTestClock('2026-12-04T10:00:00.000Z');
  let t: TestApp;
  let url: string;
  let tokens: Record<string, string>;
  const dir = mkdtempSync(join(tmpdir(), 'rm-people-cli-'));

  before(async () => {
    t = await createTestApp('sqlite', { clock });
    url = await t.app.http.listen({ host: '127.0.0.1', port: 0 });
    tokens = await setUpPeople(t, ['1.0.0']);
  });
  after(async () => {
    await t.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  async function cli(who: string, args: string[]): Promise<Run> {
    let stdout = '';
    let stderr = '';
    const code = await runCli(args, {
      env: { RINGMASTER_SERVER: url, RINGMASTER_TOKEN: tokens[who] },
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      stdin: Readable.from([]),
      cwd: dir,
    });
    return { code, stdout, stderr };
  }

  async function ok(who: string, args: string[]): Promise<string> {
    const run = await cli(who, args);
    assert.equal(run.code, 0, `ringmaster ${args.join(' ')} as ${who} failed (${run.code}): ${run.stderr}`);
    return run.stdout;
  }

  async function fails(who: string, args: string[], code: number, message: RegExp): Promise<void> {
    const run = await cli(who, args);
    assert.equal(run.code, code, `ringmaster ${args.join(' ')}: expected exit ${code}, got ${run.code}: ${run.stdout}${run.stderr}`);
    assert.match(run.stderr, message);
  }

  it('shows the checklists: the verdict, each item, who may tick', LIMIT, async () => {
    const out = await ok('vic', ['checklist', PRODUCT, '1.0.0']);
    assert.match(out, /^staging checklist waiting: 6 required items not ticked: qa: automation-passed, sanity-owner \(and 1 more\)\n/);
    assert.match(out, /^ROLE\s+ITEM\s+REQUIRED\s+EVIDENCE\s+TICKED\s+AT\s+ATTACHED\s+NOTE \/ TEXT$/m);
    assert.match(out, /^qa\s+automation-passed\s+yes\s+required\s+-\s+-\s+-\s+Automation suite passed against this build$/m);
    assert.match(out, /^qa\s+exploratory\s+no\s+-\s+-/m);
    assert.match(out, /^sre\s+branch-and-tag\s+yes\s+-\s+-/m);
    assert.match(out, /^who may tick: qa: carol, sam; sre: dave, sam$/m);
    const json = JSON.parse(await ok('vic', ['checklist', PRODUCT, '1.0.0', '--ring', 'staging', '--json']));
    assert.equal(json.rings[0].ring, 'staging');
  });

  it('ticks with a file read from disk, which downloads byte for byte', LIMIT, async () => {
    const bytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 13) % 256));
    writeFileSync(join(dir, 'suite-report.pdf'), bytes);
    const out = await ok('carol', ['tick', PRODUCT, '1.0.0', 'staging', 'qa', 'automation-passed', '--file', 'suite-report.pdf', '--note', 'run 42 green']);
    assert.equal(out, "ticked qa's automation-passed for staging with file suite-report.pdf (2.9 KiB)\nstaging checklist waiting: 5 required items not ticked: qa: sanity-owner (and 1 more)\n");
    const answer = JSON.parse(await ok('vic', ['checklist', PRODUCT, '1.0.0', '--json'])).rings[0].roles[0].items[0];
    assert.equal(answer.tick.file.mediaType, 'application/pdf');
    assert.equal(answer.tick.note, 'run 42 green');
    const download = await fetch(`${url}/api/products/${PRODUCT}/releases/1.0.0/evidence/${answer.tick.file.id}`, { headers: { authorization: `Bearer ${tokens['vic']}` } });
    assert.ok(Buffer.from(await download.arrayBuffer()).equals(bytes));
    const listed = await ok('vic', ['checklist', PRODUCT, '1.0.0']);
    assert.match(listed, /^qa\s+automation-passed\s+yes\s+required\s+✓ carol\s+2026-12-04T10:00:00Z\s+file suite-report\.pdf \(2\.9 KiB\)\s+run 42 green$/m);
  });

  it('says why a tick is refused: the wrong role, a missing or oversized file', LIMIT, async () => {
    await fails('dave', ['tick', PRODUCT, '1.0.0', 'staging', 'qa', 'sanity-owner'], 1, /^error: dave does not hold the role qa for daily-train, so cannot tick its checklist items; qa is held by carol, sam\n/);
    await fails('carol', ['tick', PRODUCT, '1.0.0', 'staging', 'qa', 'sanity-owner', '--file', 'nope.txt'], 1, /^error: cannot read --file nope\.txt: no such file\n/);
    writeFileSync(join(dir, 'huge.log'), Buffer.alloc(2 * 1024 * 1024 + 1));
    await fails('carol', ['tick', PRODUCT, '1.0.0', 'staging', 'qa', 'sanity-owner', '--file', 'huge.log'], 1, /huge\.log is 2097153 bytes; evidence files may be at most 2 MiB/);
    await fails('carol', ['tick', PRODUCT, '1.0.0', 'staging', 'qa', 'sanity-owner', '--media-type', 'text/plain'], 2, /--media-type applies to --file only/);
    await fails('carol', ['tick', PRODUCT, '1.0.0', 'staging', 'qa', 'automation-passd', '--link', 'https://x.example'], 1, /no item 'automation-passd' \(did you mean 'automation-passed'\?\)/);
  });

  it('ticks with a link and unticks', LIMIT, async () => {
    assert.equal(
      await ok('sam', ['tick', PRODUCT, '1.0.0', 'staging', 'sre', 'release-notes', '--link', 'https://wiki.example/notes/1.0.0']),
      "ticked sre's release-notes for staging with https://wiki.example/notes/1.0.0\nstaging checklist waiting: 4 required items not ticked: qa: sanity-owner (and 1 more)\n",
    );
    assert.equal(await ok('dave', ['untick', PRODUCT, '1.0.0', 'staging', 'sre', 'release-notes']), "unticked sre's release-notes for staging\nstaging checklist waiting: 5 required items not ticked: qa: sanity-owner (and 1 more)\n");
  });

  it('opens the vote, takes votes with reasons, and shows each role\'s vote', LIMIT, async () => {
    await fails('carol', ['vote', PRODUCT, '1.0.0', 'production', 'go'], 1, /^error: the Go\/No-Go for production has not opened/);
    const opened = await ok('alice', ['vote-open', PRODUCT, '1.0.0', 'production', '--closes-at', '2026-12-04T16:00:00+05:30']);
    assert.match(opened, /^production Go\/No-Go: opened 2026-12-04T10:00:00Z by user:alice, closes 2026-12-04T10:30:00Z; quorum 3 of 4, veto: qa, sre\n/);
    await fails('carol', ['vote', PRODUCT, '1.0.0', 'production', 'no-go'], 2, /a no-go needs --reason/);
    await fails('carol', ['vote', PRODUCT, '1.0.0', 'production', 'maybe'], 2, /the vote must be go or no-go, got 'maybe'/);
    await fails('sam', ['vote', PRODUCT, '1.0.0', 'production', 'go'], 1, /sam holds several voting roles of production of daily-train \(qa, sre\): say which one this vote is for with role/);

    assert.equal(
      await ok('carol', ['vote', PRODUCT, '1.0.0', 'production', 'no-go', '--reason', 'login broken']),
      'voted no-go as qa on production; the vote closes 2026-12-04T10:30:00Z\nverdict fail: qa (carol) voted no-go: login broken\n',
    );
    clock.advance(1_000);
    assert.match(await ok('sam', ['vote', PRODUCT, '1.0.0', 'production', 'go', '--role', 'sre']), /^voted go as sre on production/);
    clock.advance(1_000);
    await ok('carol', ['vote', PRODUCT, '1.0.0', 'production', 'go', '--reason', 'fixed']);

    const votes = await ok('vic', ['get', 'votes', PRODUCT, '1.0.0']);
    assert.match(votes, /^verdict waiting: 2 of 3 go votes; waiting for module-lead, product$/m);
    assert.match(votes, /^ROLE\s+VETO\s+VOTE\s+BY\s+AT\s+REASON$/m);
    assert.match(votes, /^module-lead\s+no\s+-\s+-\s+-\s+-$/m);
    assert.match(votes, /^qa\s+yes\s+go\s+carol\s+2026-12-04T10:00:02Z\s+fixed$/m);
    assert.match(votes, /^sre\s+yes\s+go\s+sam\s+2026-12-04T10:00:01Z\s+-$/m);
    assert.match(votes, /^3 ballots in all \(the latest of each role counts; --json lists every one\)$/m);
    const json = JSON.parse(await ok('vic', ['get', 'votes', PRODUCT, '1.0.0', '--json']));
    assert.deepEqual(json.rings[0].ballots.map((b: { vote: string }) => b.vote), ['no-go', 'go', 'go']);
  });
});
