import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Manifest } from '../agents/agent-types.ts';
import { buildRunbook } from '../runbooks/build-runbook.ts';
import { renderBundleRunbook } from './runbook.ts';

const MANIFEST: Manifest = {
  product: 'shop',
  release: '2.2.0',
  ring: 'on-premises',
  target: 'acme',
  deployment: '3f2b8c1e-6a1d-4c1e-9a51-2d3c4b5a6978',
  kind: 'rollback',
  components: [
    { name: 'db', version: '2.2.0', artifact: 'db-2-2-0-abc1234', commit: 'abc1234', branch: 'main', artifacts: { image: 'registry/db:2.2.0' }, dependsOn: [] },
    { name: 'api', version: '2.2.1', artifact: 'api-2-2-1-def5678', commit: 'def5678', branch: 'hotfix', artifacts: {}, dependsOn: ['db'] },
  ],
  commands: { install: './install.sh', verify: './verify.sh', rollback: './rollback.sh', timeoutSeconds: 900 },
  config: { SITE: 'acme', LICENCE: 'lic-s3cr3t' },
  secretConfig: ['LICENCE'],
};

describe('offline bundle runbook', () => {
  // What the bundle service does: the release's runbook, with this target's commands.
  const runbook = buildRunbook({
    product: 'shop',
    version: '2.2.0',
    ring: 'on-premises',
    previous: null,
    components: [
      { name: 'db', description: 'The database.', dependsOn: [], metadata: { runbook: 'Back up first.', migrations: ['0042_orders.sql'] } },
      { name: 'api', description: '', dependsOn: ['db'], metadata: { rollback: 'Drain the queue, then run ./rollback.sh' } },
    ],
    builds: MANIFEST.components.map((c) => ({ component: c.name, version: c.version, artifact: c.artifact, artifacts: c.artifacts, commit: c.commit, branch: c.branch })),
    commands: { deploy: ['./install.sh'], rollback: ['./rollback.sh'] },
    additions: 'Call the site before starting.',
  });
  const text = renderBundleRunbook({
    manifest: MANIFEST,
    runbook,
    fileName: 'shop-2.2.0-acme.rmbundle',
    exportedAt: '2026-11-23T09:00:00.000Z',
    exportedBy: 'user:rita',
    serverFingerprint: 'ab'.repeat(32),
  });

  it("holds the release's runbook: deploy order, versions, artifacts, steps, migrations, notes and release-specific steps", () => {
    assert.match(text, /^# Roll back shop 2\.2\.0 on acme\n/);
    assert.match(text, /\| 1 \| db \| 2\.2\.0 \| — \| db-2-2-0-abc1234 \| — \|\n\| 2 \| api \| 2\.2\.1 \| — \| api-2-2-1-def5678 \| db \|/);
    assert.match(text, /- image: `registry\/db:2\.2\.0`/);
    assert.match(text, /Built from `def5678` on hotfix/);
    assert.match(text, /### Notes\n\nBack up first\./);
    assert.match(text, /### Database migrations\n\nIn this order:\n\n1\. `0042_orders\.sql`/);
    assert.match(text, /## 1\. db 2\.2\.0[\s\S]*### Deploy\n\nNo deploy steps of its own: the product file's deploy command runs for it, with RINGMASTER_COMPONENT=db: `\.\/install\.sh`/);
    assert.match(text, /## 2\. api 2\.2\.1[\s\S]*### Rollback\n\n1\. Drain the queue, then run \.\/rollback\.sh/);
    assert.match(text, /## Release-specific steps\n\nCall the site before starting\.\n$/);
    assert.ok(text.indexOf('## Configuration') < text.indexOf('## Deploy order'), 'what the bundle is comes before the release runbook');
  });

  it('says how to install and report back, with the commands a rollback runs', () => {
    assert.match(text, /ringmaster agent --offline-bundle shop-2\.2\.0-acme\.rmbundle --server-key server-key\.pem/);
    assert.match(text, /ringmaster report import <result file>/);
    assert.match(text, /- Rollback: `\.\/rollback\.sh`\n- Verify: `\.\/verify\.sh`/);
    assert.match(text, /900 s/);
  });

  it('names secret configuration without its value', () => {
    assert.match(text, /- LICENCE: \(secret; in the bundle, masked in logs\)/);
    assert.match(text, /- SITE = `acme`/);
    assert.ok(!text.includes('lic-s3cr3t'));
  });
});
