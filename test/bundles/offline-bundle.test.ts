import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import * as tar from 'tar';
import { type BundleContents, type OfflineResult, readBundle, resultSignature, writeResultFile } from '../../src/bundles/bundle-format.ts';
import { agentCalls, PULL_PRODUCT, stepsAs } from '../agents/agent-fixture.ts';
import type { Json } from '../engine/engine-fixture.ts';
import { DIALECTS } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const SECRET = 'lic-edge-1-s3cr3t';

for (const dialect of DIALECTS) {
  describe(`offline bundles [${dialect}]`, () => {
    let t: TestApp;
    let dir: string;
    let serverKey: string;
    const { call, ok, release } = agentCalls(() => t);
    const deploymentOf = async (version: string, target: string) =>
      ((await ok('GET', `/api/products/fleet/releases/${version}/deployments?limit=100`)).deployments as Json[]).find((d) => d.target === target)!;
    const exportBundle = async (version: string, target: string) => {
      const res = await t.app.http.inject({ method: 'POST', url: `/api/products/fleet/releases/${version}/bundle`, headers: { authorization: `Bearer ${t.adminToken}` }, payload: { target } });
      return { status: res.statusCode, headers: res.headers, bytes: res.rawPayload, json: () => JSON.parse(res.body) as Json };
    };
    const saveBundle = async (version: string, target: string): Promise<string> => {
      const res = await exportBundle(version, target);
      assert.equal(res.status, 200, res.bytes.toString());
      const path = join(dir, `${target}-${version}-${Math.random().toString(36).slice(2)}.rmbundle`);
      writeFileSync(path, res.bytes);
      return path;
    };
    const resultOf = (bundle: BundleContents, state: 'succeeded' | 'failed' = 'succeeded'): OfflineResult => {
      const at = new Date().toISOString();
      const m = bundle.manifest;
      return {
        product: m.product,
        target: m.target,
        deployment: m.deployment,
        release: m.release,
        state,
        error: null,
        steps: stepsAs(m.components.map((c) => ({ component: c.name })), 'succeeded', at) as OfflineResult['steps'],
        log: `installed with licence ${SECRET}\n`,
        health: { state: 'healthy', detail: 'verify passed' },
        startedAt: at,
        finishedAt: at,
        agentVersion: '0.0.0-test',
      };
    };
    const importFile = (file: unknown) => call('POST', '/api/offline-reports', file);
    const signed = (result: OfflineResult, key: string) => ({ format: 'ringmaster-offline-result/1', result, signature: resultSignature(result, key) });

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'rm-bundle-'));
      t = await createTestApp(dialect);
      await ok('POST', '/api/products/apply', { source: PULL_PRODUCT, fileName: 'fleet.yaml' });
      await release('1.0.0');
      await ok('POST', '/api/products/fleet/releases/1.0.0/promote', { ring: 'edge' });
      serverKey = (await ok('GET', '/api/agent/server-key')).publicKey as string;
    });
    after(async () => {
      await t.cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    it('exports a signed bundle of the desired deployment, with manifest, runbook and report key', async () => {
      const res = await exportBundle('1.0.0', 'edge-1');
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], 'application/gzip');
      assert.equal(res.headers['content-disposition'], 'attachment; filename="fleet-1.0.0-edge-1.rmbundle"');
      const path = join(dir, 'fleet-1.0.0-edge-1.rmbundle');
      writeFileSync(path, res.bytes);
      const bundle = await readBundle(path, serverKey);
      const deployment = await deploymentOf('1.0.0', 'edge-1');
      assert.equal(bundle.format, 'ringmaster-bundle/1');
      assert.equal(bundle.manifest.deployment, deployment.id);
      assert.deepEqual(bundle.manifest.components.map((c) => `${c.name} ${c.version}`), ['db 1.0.0', 'api 1.0.0']);
      assert.deepEqual(bundle.manifest.config, { SITE: 'edge-1', LICENCE: SECRET });
      assert.equal(Buffer.from(bundle.reportKey, 'base64').length, 32);
      assert.equal(bundle.serverFingerprint, (await ok('GET', '/api/agent/server-key')).fingerprint);
      assert.match(bundle.runbook, /ringmaster agent --offline-bundle fleet-1\.0\.0-edge-1\.rmbundle/);
      assert.match(bundle.runbook, /\| 1 \| db \| 1\.0\.0 \|/);
      assert.match(bundle.runbook, /ringmaster report import/);
      assert.ok(!bundle.runbook.includes(SECRET), 'the runbook names secrets, never prints them');

      // The key is stored sealed, and a second export carries the same one: an earlier copy stays valid.
      const stored = await t.app.database.db.selectFrom('deployments').select('offline_key').where('id', '=', deployment.id).executeTakeFirstOrThrow();
      assert.ok(stored.offline_key && !stored.offline_key.includes(bundle.reportKey));
      const again = await readBundle(await saveBundle('1.0.0', 'edge-1'), serverKey);
      assert.equal(again.reportKey, bundle.reportKey);

      const events = (await ok('GET', '/api/events?limit=100&type=bundle.exported')).events as Json[];
      assert.equal(events.length, 2);
      assert.equal(events[0]!.data.target, 'edge-1');
      assert.equal(events[0]!.actor, 'user:admin');
      const text = JSON.stringify(events);
      assert.ok(!text.includes(SECRET) && !text.includes(bundle.reportKey), 'no secret and no key in events');
      // Nothing started: the bundle is exported, not installed.
      assert.equal((await deploymentOf('1.0.0', 'edge-1')).state, 'pending');
    });

    it('refuses to export what the target should not install now', async () => {
      const cases: [string, string, number, RegExp][] = [
        ['1.0.0', 'push-1', 400, /push-1' is delivered by push/],
        ['1.0.0', 'sunday-1', 409, /promote 1\.0\.0 to sunday first/],
        ['9.9.9', 'edge-1', 404, /no release 9\.9\.9/],
        ['1.0.0', 'nowhere', 404, /no target 'nowhere'/],
      ];
      for (const [version, target, status, message] of cases) {
        const res = await exportBundle(version, target);
        assert.equal(res.status, status, `${version} ${target}: ${res.bytes.toString()}`);
        assert.match(res.json().error.message, message);
      }
      const anonymous = await t.app.http.inject({ method: 'POST', url: '/api/products/fleet/releases/1.0.0/bundle', payload: { target: 'edge-1' } });
      assert.equal(anonymous.statusCode, 401);
    });

    it('refuses a bundle changed after export, or checked with another key', async () => {
      const path = await saveBundle('1.0.0', 'edge-1');
      const unpacked = join(dir, 'unpacked');
      mkdirSync(unpacked, { recursive: true });
      await tar.x({ file: path, cwd: unpacked });
      const json = readFileSync(join(unpacked, 'bundle.json'));
      const at = json.indexOf('./install.sh');
      json[at + 2] = 'j'.charCodeAt(0); // ./jnstall.sh
      writeFileSync(join(unpacked, 'bundle.json'), json);
      const repacked = join(dir, 'repacked.rmbundle');
      await tar.c({ gzip: true, file: repacked, cwd: unpacked }, ['bundle.json', 'runbook.md', 'SIGNATURE']);
      await assert.rejects(readBundle(repacked, serverKey), /signature does not match its contents|changed after export/);

      const { generateKeyPairSync } = await import('node:crypto');
      const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
      await assert.rejects(readBundle(path, other), /signed by the server key [0-9a-f]{64}, but the key given is [0-9a-f]{64}/);
    });

    it('refuses a result file that was changed, or is for another deployment, changing nothing', async () => {
      const bundle = await readBundle(await saveBundle('1.0.0', 'edge-1'), serverKey);
      const good = resultOf(bundle);
      const file = signed(good, bundle.reportKey);
      const before = JSON.stringify(await deploymentOf('1.0.0', 'edge-1'));
      const edge2 = await deploymentOf('1.0.0', 'edge-2');

      const failedStep = { ...good, steps: good.steps.map((s, i) => (i === 1 ? { ...s, state: 'failed' as const, exitCode: 1 } : s)) };
      const cases: [string, unknown, number, RegExp][] = [
        ['a changed state', { ...file, result: { ...good, state: 'failed' } }, 400, /signature does not match/],
        ['a changed step', { ...file, result: failedStep }, 400, /signature does not match/],
        ['a changed log', { ...file, result: { ...good, log: 'nothing to see' } }, 400, /signature does not match/],
        ['a signature of another key', signed(good, Buffer.alloc(32, 7).toString('base64')), 400, /signature does not match/],
        ['another target named', signed({ ...good, target: 'edge-2' }, bundle.reportKey), 400, /names target edge-2 \(the deployment's is edge-1\)/],
        ['another release named', signed({ ...good, release: '0.9.0' }, bundle.reportKey), 400, /names release 0\.9\.0/],
        ['edge-2 deployment, never exported', signed({ ...good, target: 'edge-2', deployment: edge2.id }, bundle.reportKey), 409, /never exported as an offline bundle/],
        ['an unknown deployment', signed({ ...good, deployment: '00000000-0000-4000-8000-000000000000' }, bundle.reportKey), 404, /does not exist/],
        ['another format', { ...file, format: 'ringmaster-offline-result/9' }, 400, /has "ringmaster-offline-result\/9"; this Ringmaster reads ringmaster-offline-result\/1/],
        ['an extra field', { ...file, result: { ...good, admin: true } }, 400, /admin/],
      ];
      for (const [what, body, status, message] of cases) {
        const res = await importFile(body);
        assert.equal(res.status, status, `${what}: ${res.text}`);
        assert.match(res.body.error.message, message, what);
      }
      // edge-2's own bundle: edge-1's key cannot sign for it.
      const b2 = await readBundle(await saveBundle('1.0.0', 'edge-2'), serverKey);
      const forged = await importFile(signed(resultOf(b2), bundle.reportKey));
      assert.equal(forged.status, 400);
      assert.match(forged.body.error.message, /signature does not match/);
      assert.equal(JSON.stringify(await deploymentOf('1.0.0', 'edge-1')), before);
      assert.equal((await deploymentOf('1.0.0', 'edge-2')).state, 'pending');
    });

    it('answers 4xx to any JSON sent as a result file, never a crash', async () => {
      await fc.assert(
        fc.asyncProperty(fc.jsonValue(), async (value) => {
          const res = await importFile(value === null ? 'null' : value);
          assert.ok(res.status >= 400 && res.status < 500, `${res.status} ${res.text}`);
        }),
        { numRuns: 60 },
      );
    });

    it('records a result file from the site once: the deployment, the target and the rollout move on', async () => {
      const path = await saveBundle('1.0.0', 'edge-1');
      const bundle = await readBundle(path, serverKey);
      const resultPath = `${path}.result.json`;
      await writeResultFile(resultPath, resultOf(bundle), bundle);
      const file = JSON.parse(readFileSync(resultPath, 'utf8')) as Json;
      const res = await importFile(file);
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body, { deployment: bundle.manifest.deployment, target: 'edge-1', state: 'succeeded' });

      const deployment = await deploymentOf('1.0.0', 'edge-1');
      assert.equal(deployment.state, 'succeeded');
      assert.deepEqual(deployment.steps.map((s: Json) => s.state), ['succeeded', 'succeeded']);
      const log = await ok('GET', `/api/deployments/${deployment.id}/log`);
      assert.deepEqual(log.chunks.map((c: Json) => c.text), ['installed with licence ***\n']);
      const fleet = await ok('GET', '/api/products/fleet/fleet?q=edge-1');
      assert.equal(fleet.targets[0].release.version, '1.0.0');

      const twice = await importFile(file);
      assert.equal(twice.status, 409);
      assert.match(twice.body.error.message, /already recorded/);

      // edge-2 by bundle too; push-1 by the server: the ring is done.
      const b2 = await readBundle(await saveBundle('1.0.0', 'edge-2'), serverKey);
      await ok('POST', '/api/offline-reports', signed(resultOf(b2), b2.reportKey));
      await t.app.worker.settle();
      const rollouts = await ok('GET', '/api/products/fleet/releases/1.0.0/rollouts');
      assert.equal(rollouts.rollouts[0].state, 'succeeded');
      const started = ((await ok('GET', '/api/events?limit=100&type=deployment.started')).events as Json[]).filter((e) => e.data.target === 'edge-1');
      assert.equal(started[0]!.actor, 'offline:edge-1');
      assert.match(started[0]!.summary, /from an offline bundle/);
      const imported = (await ok('GET', '/api/events?limit=100&type=bundle.result-imported')).events as Json[];
      assert.equal(imported.length, 2);
      assert.ok(!JSON.stringify(imported).includes(SECRET));

      // Nothing is desired now: a further export says so.
      const late = await exportBundle('1.0.0', 'edge-1');
      assert.equal(late.status, 409);
      assert.match(late.json().error.message, /already runs fleet 1\.0\.0/);
    });
  });
}
