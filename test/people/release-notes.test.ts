/**
 * Release notes from real conventional-commit history, end to end on both
 * engines: the test makes a git repository with two authors, CI registers
 * builds through the real CLI (`build register --git-range`, git log in the
 * repository), the first release goes through the rings, and the notes of the
 * second list the breaking change first, each component old → new, the work
 * items and the contributors; edited notes replace them until blessing.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Json } from '../engine/engine-fixture.ts';
import { DIALECTS } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { createTestClock } from '../support/test-clock.ts';
import { runCliAgainst } from './cli-runner.ts';

const PRODUCT = `product: shop
description: The web shop.
components:
  - name: api
  - name: web
    dependsOn: [api]
rings:
  - name: staging
  - name: production
    gates:
      - blessed: true
targets:
  - { name: staging-1, ring: staging, deploy: { command: "exit 0" } }
  - { name: prod-1, ring: production, deploy: { command: "exit 0" } }
`;

const ADA = { GIT_AUTHOR_NAME: 'Ada Lovelace', GIT_AUTHOR_EMAIL: 'ada@example.com' };
const BOB = { GIT_AUTHOR_NAME: 'Bob Byte', GIT_AUTHOR_EMAIL: 'bob@example.com' };

/** A repository whose git reads no global or system configuration: only what the test sets in it. */
function createRepository(dir: string) {
  const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: dir, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', LC_ALL: 'C' };
  const git = (args: string[], more: Record<string, string> = {}) => execFileSync('git', args, { cwd: dir, env: { ...env, ...more }, encoding: 'utf8' }).trim();
  git(['init', '--quiet', '--initial-branch=main']);
  git(['config', 'user.name', 'CI Robot']);
  git(['config', 'user.email', 'ci@example.com']);
  git(['config', 'commit.gpgsign', 'false']);
  let n = 0;
  const commit = (message: string, author: Record<string, string>) => {
    writeFileSync(join(dir, 'changes.txt'), `${++n}\n`);
    git(['add', 'changes.txt']);
    git(['commit', '--quiet', '-m', message], author);
    return git(['rev-parse', 'HEAD']);
  };
  return { git, commit, tag: (name: string) => git(['tag', name]) };
}

for (const dialect of DIALECTS) {
  describe(`release notes from a real git history [${dialect}]`, () => {
    const clock = createTestClock('2026-12-07T09:00:00.000Z');
    let t: TestApp;
    let url: string;
    let repo: string;
    let deployDir: string;

    const cli = (args: string[], stdin = '') => runCliAgainst({ server: url, token: t.adminToken, env: { HOME: repo, XDG_CONFIG_HOME: join(repo, '.config') }, cwd: repo }, args, stdin);
    async function ok(args: string[], stdin = ''): Promise<string> {
      const run = await cli(args, stdin);
      assert.equal(run.code, 0, `ringmaster ${args.join(' ')} failed: ${run.stderr}`);
      return run.stdout;
    }
    const api = async (method: string, path: string, body?: unknown): Promise<Json> => {
      const res = await t.request(method, path, { token: t.adminToken, body });
      assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${res.text}`);
      return res.body as Json;
    };
    const promote = async (version: string, ring: string) => {
      await ok(['promote', 'shop', version, '--to', ring]);
      await t.app.worker.settle();
      clock.advance(60_000);
    };
    const register = (component: string, version: string, range: string) =>
      ok(['build', 'register', 'shop', '--component', component, '--version', version, '--git-range', range, '--stage', 'build=passed']);

    before(async () => {
      execFileSync('git', ['--version']);
      repo = mkdtempSync(join(tmpdir(), 'rm-notes-repo-'));
      deployDir = mkdtempSync(join(tmpdir(), 'rm-notes-deploy-'));
      t = await createTestApp(dialect, { clock, deployDir });
      url = await t.app.http.listen({ host: '127.0.0.1', port: 0 });
      await api('POST', '/api/products/apply', { source: PRODUCT, fileName: 'shop.yaml' });

      const { commit, tag } = createRepository(repo);
      commit('chore: start the shop', ADA);
      tag('v1.0.0');
      commit('feat(search): find orders by customer\n\nThe search box takes a customer name.\n\nRefs: ABC-123', ADA);
      tag('api-1.5.0');
      commit('fix(web): keep the cart when signing in (#42)', BOB);
      tag('web-1.1.0');
      commit('feat(api)!: drop the v1 endpoints\n\nBREAKING CHANGE: clients must call /v2 now', BOB);
      commit('Update the README with <b>bold</b> claims', ADA);
      tag('v2.0.0');
    });
    after(async () => {
      await t?.cleanup();
      rmSync(repo, { recursive: true, force: true });
      rmSync(deployDir, { recursive: true, force: true });
    });

    it('registers builds with the commits of a git range, through the CLI', async () => {
      assert.match(await register('api', '1.0.0', 'v1.0.0'), /^registered api 1\.0\.0 \(api-1-0-0-[0-9a-f]{7}\), green, 1 commit\n$/);
      assert.match(await register('web', '1.0.0', 'v1.0.0'), /, 1 commit\n$/);
      const build = (await api('GET', '/api/products/shop/builds/api/1.0.0')) as Json;
      assert.deepEqual(build.commits.map((c: Json) => [c.message, c.author, c.email]), [['chore: start the shop', 'Ada Lovelace', 'ada@example.com']]);
      assert.equal(build.commit, build.commits[0].sha, "--commit defaults to the range's end");
      clock.advance(60_000);
      await ok(['release', 'create', 'shop', '1.0.0', '--latest']);
      clock.advance(60_000);
      await promote('1.0.0', 'staging');
      await promote('1.0.0', 'production');
      assert.equal((await api('GET', '/api/products/shop/releases/1.0.0')).rings[1].state, 'succeeded');

      assert.match(await register('api', '1.5.0', 'v1.0.0..api-1.5.0'), /, 1 commit\n$/);
      assert.match(await register('api', '2.0.0', 'api-1.5.0..v2.0.0'), /, 3 commits\n$/);
      assert.match(await register('web', '1.1.0', 'v1.0.0..web-1.1.0'), /, 2 commits\n$/);
      const api2 = (await api('GET', '/api/products/shop/builds/api/2.0.0')) as Json;
      assert.deepEqual(api2.commits.map((c: Json) => c.message.split('\n')[0]), ['Update the README with <b>bold</b> claims', 'feat(api)!: drop the v1 endpoints', 'fix(web): keep the cart when signing in (#42)']);
      assert.equal('commits' in (await api('GET', '/api/products/shop/builds?component=api')).builds[0], false, 'lists leave commits out');
      clock.advance(60_000);
      await ok(['release', 'create', 'shop', '2.0.0', '--latest']);
    });

    it('refuses a bad range with what git said, registering nothing', async () => {
      const before = (await api('GET', '/api/products/shop/builds')).builds.length;
      const missing = await cli(['build', 'register', 'shop', '--component', 'api', '--version', '9.0.0', '--git-range', 'v1.0.0..v9.9.9']);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /--git-range v1\.0\.0\.\.v9\.9\.9: git could not read it in .*: fatal: .*v9\.9\.9/);
      const option = await cli(['build', 'register', 'shop', '--component', 'api', '--version', '9.0.0', '--git-range=--output=evil.txt']);
      assert.equal(option.code, 1);
      assert.match(option.stderr, /--git-range '--output=evil\.txt' is not a range of commits: use <from>\.\.<to>, like v1\.3\.0\.\.HEAD/);
      assert.equal(existsSync(join(repo, 'evil.txt')), false, 'git never saw the range as an option');
      assert.equal((await api('GET', '/api/products/shop/builds')).builds.length, before);
    });

    it('lists the breaking change first, each component old → new, work items and contributors', async () => {
      const notes = await ok(['release', 'notes', 'shop', '2.0.0']);
      const sections = [...notes.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
      assert.deepEqual(sections, ['Breaking changes', 'Components', 'Features', 'Fixes', 'Other changes', 'Contributors']);
      assert.match(notes, /^# shop 2\.0\.0\n\nThe web shop\.\n\n2\.0\.0 is a candidate\. Changes since 1\.0\.0, the release before it in production\.\n/);
      assert.match(notes, /## Breaking changes\n\n- \*\*api:\*\* drop the v1 endpoints: clients must call \/v2 now \(`[0-9a-f]{7}` in api\)\n/);
      assert.match(notes, /\| api \| 1\.0\.0 → 2\.0\.0 \|\n\| web \| 1\.0\.0 → 1\.1\.0 \|/);
      assert.match(notes, /## Features\n\n- \*\*search:\*\* find orders by customer — ABC-123 \(`[0-9a-f]{7}` in api, web\)\n/, 'a commit both components carry is listed once');
      assert.match(notes, /## Fixes\n\n- \*\*web:\*\* keep the cart when signing in \(#42\) \(`[0-9a-f]{7}` in api, web\)\n/);
      assert.match(notes, /## Other changes\n\n- Update the README with \\<b\\>bold\\<\/b\\> claims \(`[0-9a-f]{7}` in api\)\n/);
      assert.match(notes, /## Contributors\n\n- Ada Lovelace\n- Bob Byte\n$/);
      assert.doesNotMatch(notes, /start the shop/, 'what 1.0.0 already had is not listed again');
    });

    it('gives HTML with the breaking section first and the commit text escaped', async () => {
      const html = await ok(['release', 'notes', 'shop', '2.0.0', '--html']);
      assert.match(html, /^<h1>shop 2\.0\.0<\/h1>\n/);
      const breaking = html.indexOf('<h2>Breaking changes</h2>');
      assert.ok(breaking > 0 && breaking < html.indexOf('<h2>Components</h2>') && breaking < html.indexOf('<h2>Features</h2>'), html);
      assert.match(html, /Update the README with &lt;b&gt;bold&lt;\/b&gt; claims/);
      assert.doesNotMatch(html, /<b>/);
      assert.match(html, /<td>api<\/td>\n<td>1\.0\.0 → 2\.0\.0<\/td>/);
    });

    it('answers the whole response with --json, and compares in the ring asked for', async () => {
      const json = JSON.parse(await ok(['release', 'notes', 'shop', '2.0.0', '--json'])) as Json;
      assert.equal(json.generated, true);
      assert.equal(json.against, '1.0.0');
      assert.equal(json.ring, 'production');
      assert.equal(json.editedBy, null);
      const staging = JSON.parse(await ok(['release', 'notes', 'shop', '2.0.0', '--ring', 'staging', '--json'])) as Json;
      assert.equal(staging.ring, 'staging');
      assert.equal(staging.against, '1.0.0');
      const first = JSON.parse(await ok(['release', 'notes', 'shop', '1.0.0', '--json'])) as Json;
      assert.equal(first.against, null);
      assert.match(first.markdown, /No earlier release reached production/);
      const unknown = await cli(['release', 'notes', 'shop', '2.0.0', '--ring', 'prodution']);
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /shop has no ring 'prodution' \(did you mean 'production'\?\); rings are staging, production/);
    });

    it('reads the edited notes back, goes back to the generated ones, and refuses edits once blessed', async () => {
      writeFileSync(join(repo, 'notes.md'), '# Shop 2.0.0\n\nHand-written: the **v1** API is gone. <script>alert(1)</script>\n');
      assert.match(await ok(['release', 'notes-edit', 'shop', '2.0.0', '--file', 'notes.md']), /^saved the release notes of shop 2\.0\.0 \(\d+ bytes\)/);
      assert.equal(await ok(['release', 'notes', 'shop', '2.0.0']), '# Shop 2.0.0\n\nHand-written: the **v1** API is gone. <script>alert(1)</script>\n');
      const edited = JSON.parse(await ok(['release', 'notes', 'shop', '2.0.0', '--json'])) as Json;
      assert.equal(edited.generated, false);
      assert.equal(edited.editedBy, 'user:admin');
      assert.match(edited.html, /<p>Hand-written: the <strong>v1<\/strong> API is gone\. &lt;script&gt;alert\(1\)&lt;\/script&gt;<\/p>/);
      const events = (await api('GET', '/api/events?type=release.notes-edited')).events as Json[];
      assert.deepEqual(events.map((e) => [e.subject, e.data.product, e.data.reset]), [['release/shop/2.0.0', 'shop', false]]);

      assert.match(await ok(['release', 'notes-edit', 'shop', '2.0.0', '--reset']), /are generated again/);
      assert.match(await ok(['release', 'notes', 'shop', '2.0.0']), /^# shop 2\.0\.0\n[\s\S]*## Breaking changes/);
      assert.match(await ok(['release', 'notes-edit', 'shop', '2.0.0', '--file', '-'], 'From stdin.\n'), /saved/);

      const usage = await cli(['release', 'notes-edit', 'shop', '2.0.0']);
      assert.equal(usage.code, 2);
      assert.match(usage.stderr, /give the Markdown with --file <file>, or --reset/);

      await promote('2.0.0', 'staging');
      assert.equal((await api('GET', '/api/products/shop/releases/2.0.0')).state, 'blessed');
      const count = ((await api('GET', '/api/events?type=release.notes-edited')).events as Json[]).length;
      for (const args of [['--file', 'notes.md'], ['--reset']]) {
        const refused = await cli(['release', 'notes-edit', 'shop', '2.0.0', ...args]);
        assert.equal(refused.code, 1, refused.stdout);
        assert.match(refused.stderr, /shop 2\.0\.0 is blessed: its release notes are editable only before blessing/);
      }
      assert.equal(await ok(['release', 'notes', 'shop', '2.0.0']), 'From stdin.\n');
      assert.equal(((await api('GET', '/api/events?type=release.notes-edited')).events as Json[]).length, count);
    });
  });
}
