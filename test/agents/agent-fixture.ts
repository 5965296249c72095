/**
 * A product with pull targets, for tests of the agent protocol: components db
 * and api (api depends on db), a ring `edge` of pull targets, a ring `remote`
 * whose policy skips unreachable targets, and a ring `sunday` whose target has
 * a maintenance window.
 */
import assert from 'node:assert/strict';
import { apiCalls, buildBody, type Json } from '../engine/engine-fixture.ts';
import type { TestApp } from '../support/test-app.ts';

export const PULL_PRODUCT = `product: fleet
components:
  - name: db
  - name: api
    dependsOn: [db]
rings:
  - name: edge
    rollout: { autoRollback: true }
  - name: remote
    rollout: { unreachable: skip }
  - name: sunday
targets:
  - name: edge-1
    ring: edge
    delivery: pull
    users: 10
    deploy: { command: ./install.sh, verify: ./verify.sh, rollback: ./rollback.sh, timeout: 5m }
    config:
      SITE: edge-1
      LICENCE: { secret: "lic-edge-1-s3cr3t" }
  - name: edge-2
    ring: edge
    delivery: pull
    users: 20
    deploy: { command: ./install.sh }
  - name: remote-1
    ring: remote
    delivery: pull
  - name: remote-2
    ring: remote
    delivery: pull
  - name: sunday-1
    ring: sunday
    delivery: pull
    maintenanceWindow: { cron: "0 2 * * 0", timezone: America/Chicago, duration: 2h }
  - name: push-1
    ring: edge
    deploy: { command: "true" }
`;

export function agentCalls(app: () => TestApp) {
  const { call, ok } = apiCalls(app);
  /** An agent token for a target, through an enrolment code as a real agent gets one. */
  const enrol = async (target: string): Promise<string> => {
    const { code } = await ok('POST', `/api/products/fleet/targets/${target}/enrolment-codes`, {});
    const res = await app().request('POST', '/api/agent/enrol', { body: { code, hostname: `${target}.example` } });
    assert.equal(res.status, 201, res.text);
    return (res.body as Json).token as string;
  };
  /** Builds of db and api at `version` (a failing verify is injected through the image name). */
  const release = async (version: string, options: { image?: string } = {}) => {
    for (const c of ['db', 'api']) await ok('POST', '/api/products/fleet/builds', buildBody(c, version, options.image ? { image: `${options.image}-${c}` } : {}));
    await ok('POST', '/api/products/fleet/releases', { version, latest: true });
  };
  return { call, ok, enrol, release };
}

/** Every step of a desired deployment in one state, as an agent reports it. */
export function stepsAs(steps: Json[], state: string, at = new Date().toISOString()): Json[] {
  return steps.map((s) => ({ component: s.component, state, phase: state === 'pending' ? null : 'deploy', exitCode: state === 'succeeded' ? 0 : null, error: null, startedAt: state === 'pending' ? null : at, finishedAt: state === 'succeeded' ? at : null }));
}
