/**
 * A small product whose targets are folders deployed by a real shell script,
 * for engine tests: the script records every step it runs, so tests can see
 * what ran where, in which order and how often.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RegisterBuild } from '../../src/client/api-types.ts';
import type { TestApp } from '../support/test-app.ts';

/** deploy.sh: appends `start`/`end` lines to the target's steps log and writes the component's version. */
const DEPLOY = `#!/bin/sh
set -eu
site="sites/$RINGMASTER_TARGET"
mkdir -p "$site/components"
echo "start $RINGMASTER_DEPLOYMENT $RINGMASTER_ATTEMPT $RINGMASTER_COMPONENT $RINGMASTER_VERSION $RINGMASTER_ACTION $(date +%s%N)" >> "$site/steps.log"
echo "deploying $RINGMASTER_COMPONENT $RINGMASTER_VERSION ($RINGMASTER_ARTIFACT) to $RINGMASTER_TARGET with key $API_KEY"
case "\${RINGMASTER_ARTIFACT_IMAGE:-}" in *fail-deploy*) echo "image refuses to start" >&2; exit 3;; esac
if [ -n "\${STEP_SLEEP:-}" ]; then sleep "$STEP_SLEEP"; fi
printf '%s' "$RINGMASTER_VERSION" > "$site/components/$RINGMASTER_COMPONENT.tmp"
mv "$site/components/$RINGMASTER_COMPONENT.tmp" "$site/components/$RINGMASTER_COMPONENT"
printf '%s' "$RINGMASTER_RELEASE" > "$site/release"
echo "end $RINGMASTER_DEPLOYMENT $RINGMASTER_ATTEMPT $RINGMASTER_COMPONENT $RINGMASTER_VERSION $RINGMASTER_ACTION $(date +%s%N)" >> "$site/steps.log"
`;

/** verify.sh: fails for images marked fail-verify. */
const VERIFY = `#!/bin/sh
set -eu
case "\${RINGMASTER_ARTIFACT_IMAGE:-}" in *fail-verify*) echo "health check failed for $RINGMASTER_COMPONENT" >&2; exit 4;; esac
test "$(cat "sites/$RINGMASTER_TARGET/components/$RINGMASTER_COMPONENT")" = "$RINGMASTER_VERSION"
echo "verified $RINGMASTER_COMPONENT $RINGMASTER_VERSION"
`;

export interface Workspace {
  dir: string;
  /** The release a target's folder says it runs, or null. */
  release(target: string): string | null;
  component(target: string, component: string): string | null;
  /** Every line the deploy script wrote for a target. */
  steps(target: string): string[];
  targets(): string[];
  cleanup(): void;
}

export function createWorkspace(): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'rm-engine-'));
  mkdirSync(join(dir, 'deploy'));
  writeFileSync(join(dir, 'deploy', 'deploy.sh'), DEPLOY);
  writeFileSync(join(dir, 'deploy', 'verify.sh'), VERIFY);
  chmodSync(join(dir, 'deploy', 'deploy.sh'), 0o755);
  chmodSync(join(dir, 'deploy', 'verify.sh'), 0o755);
  const read = (...parts: string[]) => {
    try {
      return readFileSync(join(dir, 'sites', ...parts), 'utf8');
    } catch {
      return null;
    }
  };
  return {
    dir,
    release: (target) => read(target, 'release'),
    component: (target, component) => read(target, 'components', component),
    steps: (target) => (read(target, 'steps.log') ?? '').split('\n').filter((l) => l !== ''),
    targets: () => {
      try {
        return readdirSync(join(dir, 'sites'));
      } catch {
        return [];
      }
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface FixtureOptions {
  product?: string;
  /** Targets per ring, by ring name. */
  targets?: Partial<Record<'dev' | 'staging' | 'prod', number>>;
  devRollout?: string;
  prodRollout?: string;
  stepSleep?: string;
}

/** A product: db → api → (worker, web); rings dev, staging (quality + soak), prod (approval + blessed). */
export function productFile(options: FixtureOptions = {}): string {
  const name = options.product ?? 'shop';
  const counts = { dev: 1, staging: 1, prod: 2, ...options.targets };
  const target = (ring: string, i: number) => `  - name: ${ring}-${i + 1}
    ring: ${ring}
    users: ${(i + 1) * 10}
    deploy: { command: ./deploy/deploy.sh, verify: ./deploy/verify.sh, timeout: 2m }
    config:
      API_KEY: { secret: "k3y-${ring}-${i + 1}-s3cr3t" }${options.stepSleep ? `\n      STEP_SLEEP: "${options.stepSleep}"` : ''}`;
  return `product: ${name}
components:
  - name: db
  - name: api
    dependsOn: [db]
  - name: worker
    dependsOn: [api]
  - name: web
    dependsOn: [api]
rings:
  - name: dev
    rollout: ${options.devRollout ?? '{ autoPromote: true }'}
  - name: staging
    gates:
      - quality: { testsFailed: 0, coverageMin: 80, criticalVulns: 0, requiredStages: [build, unit-tests] }
      - soak: 1h
  - name: prod
    gates:
      - blessed: true
      - approval: { role: release-manager }
    rollout: ${options.prodRollout ?? '{ waves: [50%, 100%], haltOnFailures: 1, autoRollback: true }'}
targets:
${(['dev', 'staging', 'prod'] as const).flatMap((ring) => Array.from({ length: counts[ring] }, (_, i) => target(ring, i))).join('\n')}
roles:
  release-manager: [rita]
`;
}

/** A registration body for a green build (or a red one, with lower coverage or failed tests). */
export function buildBody(component: string, version: string, options: { coverage?: number; failedTests?: number; image?: string; commit?: string; branch?: string } = {}): RegisterBuild {
  const commit = options.commit ?? Buffer.from(`${component}@${version}`).toString('hex').padEnd(40, '0').slice(0, 40);
  return {
    component,
    version,
    commit,
    branch: options.branch ?? 'main',
    artifacts: { image: options.image ?? `registry.test/${component}:${version}` },
    stages: [
      { name: 'build', status: 'passed' },
      { name: 'unit-tests', status: 'passed', tests: { passed: 100, failed: options.failedTests ?? 0, skipped: 1 }, coverage: options.coverage ?? 90 },
      { name: 'static-analysis', status: 'passed', vulnerabilities: { critical: 0, high: 1 } },
    ],
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

/**
 * Request helpers for a test app that is created later (in `before`): `call`
 * answers whatever came back, `ok` insists on a 2xx. The admin's token unless told otherwise.
 */
export function apiCalls(app: () => TestApp) {
  const call = async (method: string, url: string, body?: unknown, token?: string) => {
    const t = app();
    const res = await t.request(method, url, { token: token ?? t.adminToken, body });
    return { status: res.status, body: res.body as Json, text: res.text };
  };
  const ok = async (method: string, url: string, body?: unknown, token?: string): Promise<Json> => {
    const res = await call(method, url, body, token);
    assert.ok(res.status < 300, `${method} ${url}: ${res.status} ${res.text}`);
    return res.body;
  };
  return { call, ok };
}
