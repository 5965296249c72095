import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StageResult } from '../builds/build-types.ts';
import type { GateSpec } from '../products/product-spec.ts';
import type { BuildEvidence, GateStatus } from './gate-types.ts';
import { evaluateQualityGate } from './quality-gate.ts';
import { build, gateContext } from './testing/gate-context.ts';

type QualityGate = Extract<GateSpec, { kind: 'quality' }>;

function quality(overrides: Partial<QualityGate> = {}): QualityGate {
  return { kind: 'quality', testsFailedMax: 0, coverageMin: null, vulnerabilitiesMax: {}, requiredStages: [], ...overrides };
}

const passed = (name: string, extra: Partial<StageResult> = {}): StageResult => ({ name, status: 'passed', ...extra });
const tests = (passedCount: number, failed: number) => ({ passed: passedCount, failed, skipped: 0 });

const api = build('api', '1.4.0', passed('build'), passed('unit-tests', { tests: tests(120, 0), coverage: 84.2 }), passed('scan', { vulnerabilities: { high: 1, low: 3 } }));
const web = build('web', '2.0.0', passed('build'), passed('unit-tests', { tests: tests(40, 0), coverage: 91 }));

describe('quality gate', () => {
  const cases: { name: string; gate: QualityGate; builds: BuildEvidence[]; status: GateStatus; reason: string }[] = [
    {
      name: 'passes and sums up the evidence',
      gate: quality({ coverageMin: 80, vulnerabilitiesMax: { critical: 0, high: 2 }, requiredStages: ['build', 'unit-tests'] }),
      builds: [api, web],
      status: 'pass',
      reason: 'no failed tests; lowest coverage 84.2% in api 1.4.0; open vulnerabilities 1 high, 3 low',
    },
    {
      name: 'passes with failed tests within the limit and no coverage asked for',
      gate: quality({ testsFailedMax: 2 }),
      builds: [build('api', '1.4.0', passed('unit-tests', { tests: tests(10, 2) }))],
      status: 'pass',
      reason: '2 failed tests (at most 2 allowed); no open vulnerabilities',
    },
    {
      name: 'fails on a missing required stage',
      gate: quality({ requiredStages: ['e2e-tests'] }),
      builds: [build('web', '2.0.0', passed('build'))],
      status: 'fail',
      reason: "web 2.0.0 has no 'e2e-tests' stage",
    },
    {
      name: 'fails on a failed required stage',
      gate: quality({ requiredStages: ['build'] }),
      builds: [build('web', '2.0.0', { name: 'build', status: 'failed' })],
      status: 'fail',
      reason: "web 2.0.0 stage 'build' failed",
    },
    {
      name: 'fails on a skipped required stage',
      gate: quality({ requiredStages: ['e2e-tests'] }),
      builds: [build('web', '2.0.0', { name: 'e2e-tests', status: 'skipped' })],
      status: 'fail',
      reason: "web 2.0.0 stage 'e2e-tests' was skipped",
    },
    {
      name: 'waits for a required stage still running',
      gate: quality({ requiredStages: ['e2e-tests'] }),
      builds: [build('web', '2.0.0', { name: 'e2e-tests', status: 'running' })],
      status: 'waiting',
      reason: "web 2.0.0 stage 'e2e-tests' is still running",
    },
    {
      name: 'fails when failed tests summed over builds exceed the limit, naming the builds',
      gate: quality({ testsFailedMax: 1 }),
      builds: [
        build('api', '1.4.0', passed('unit-tests', { tests: tests(10, 1) }), passed('integration', { tests: tests(5, 1) })),
        build('web', '2.0.0', passed('unit-tests', { tests: tests(10, 0) })),
        build('worker', '1.3.0', passed('unit-tests', { tests: tests(10, 3) })),
      ],
      status: 'fail',
      reason: '5 tests failed, more than the 1 allowed: api 1.4.0 (2), worker 1.3.0 (3)',
    },
    {
      name: 'fails on low coverage: a build counts its best stage',
      gate: quality({ coverageMin: 80 }),
      builds: [api, build('worker', '1.3.0', passed('unit-tests', { coverage: 55 }), passed('integration', { coverage: 61 }))],
      status: 'fail',
      reason: 'worker 1.3.0 coverage 61.0% is below 80%',
    },
    {
      name: 'fails on a build reporting no coverage',
      gate: quality({ coverageMin: 80 }),
      builds: [build('api', '1.4.0', passed('build'))],
      status: 'fail',
      reason: 'api 1.4.0 reports no coverage',
    },
    {
      name: 'fails on vulnerabilities summed over builds, naming severity, count and limit',
      gate: quality({ vulnerabilitiesMax: { high: 3 } }),
      builds: [api, build('web', '2.0.0', passed('scan', { vulnerabilities: { high: 3, critical: 9 } }))],
      status: 'fail',
      reason: '4 high vulnerabilities open, more than the 3 allowed',
    },
    {
      name: 'a severity without a limit is not counted against',
      gate: quality({ vulnerabilitiesMax: { critical: 0 } }),
      builds: [build('web', '2.0.0', passed('scan', { vulnerabilities: { high: 30 } }))],
      status: 'pass',
      reason: 'no failed tests; open vulnerabilities 30 high',
    },
    {
      name: 'names the first failing condition and how many more there are',
      gate: quality({ coverageMin: 80, requiredStages: ['e2e-tests'], vulnerabilitiesMax: { critical: 0 } }),
      builds: [build('web', '2.0.0', passed('scan', { vulnerabilities: { critical: 1 } }))],
      status: 'fail',
      reason: "web 2.0.0 has no 'e2e-tests' stage (and 2 more)",
    },
    {
      name: 'a running stage with counts makes an otherwise passing gate wait',
      gate: quality(),
      builds: [build('api', '1.4.0', { name: 'unit-tests', status: 'running', tests: tests(50, 0) })],
      status: 'waiting',
      reason: "api 1.4.0 stage 'unit-tests' is still running",
    },
    {
      name: 'a running stage already over a limit fails',
      gate: quality({ requiredStages: ['unit-tests'] }),
      builds: [build('api', '1.4.0', { name: 'unit-tests', status: 'running', tests: tests(50, 2) })],
      status: 'fail',
      reason: '2 tests failed, more than the 0 allowed: api 1.4.0 (2)',
    },
    {
      name: 'a running stage without counts that is not required is ignored',
      gate: quality(),
      builds: [build('api', '1.4.0', { name: 'publish', status: 'running' })],
      status: 'pass',
      reason: 'no failed tests; no open vulnerabilities',
    },
    {
      name: 'fail beats waiting',
      gate: quality({ requiredStages: ['e2e-tests', 'build'] }),
      builds: [build('api', '1.4.0', { name: 'e2e-tests', status: 'running' })],
      status: 'fail',
      reason: "api 1.4.0 has no 'build' stage",
    },
    {
      name: 'fails when there are no builds to judge',
      gate: quality(),
      builds: [],
      status: 'fail',
      reason: 'release 2.4.0 has no builds to judge',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const gate = c.gate;
      const v = evaluateQualityGate(gate, gateContext(gate, { builds: c.builds }));
      assert.deepEqual(v, { gate: 'quality', kind: 'quality', status: c.status, reason: c.reason });
    });
  }
});
