import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Build, Deployment, Overview, Release, ReleaseDetail, Rollout } from '../../client/api-types.ts';
import {
  deploymentDuration,
  deploymentsTable,
  holdText,
  logText,
  overviewCell,
  overviewTable,
  progressKey,
  promotionLine,
  releaseCreatedLine,
  releasePage,
  releasesTable,
  ringMark,
  rollbackLines,
  rolloutOutcome,
  rolloutProgress,
  stageSummary,
  verdictsTable,
} from './release-views.ts';

const AT = '2026-11-23T13:35:52.219Z';

function build(component: string, version: string, fields: Partial<Build> = {}): Build {
  return {
    id: `b-${component}`,
    product: 'daily-train',
    component,
    version,
    commit: 'abc1234def5678',
    branch: 'main',
    artifact: `${component}-${version.replaceAll('.', '-')}-abc1234`,
    artifacts: {},
    stages: [{ name: 'build', status: 'passed' }],
    green: true,
    createdBy: 'ci:daily-train',
    createdAt: AT,
    updatedAt: AT,
    ...fields,
  };
}

function release(fields: Partial<Release> = {}): Release {
  return {
    product: 'daily-train',
    version: '2.3.0',
    state: 'candidate',
    channel: 'alpha',
    baseVersion: null,
    blessedAt: null,
    stateReason: null,
    stateBy: 'user:admin',
    stateAt: AT,
    createdBy: 'user:admin',
    createdAt: AT,
    builds: [build('api', '1.4.0'), build('worker', '1.2.0'), build('web', '2.0.0')],
    rings: [
      { ring: 'dev', state: null, startedAt: null, finishedAt: null, failures: 0 },
      { ring: 'internal', state: null, startedAt: null, finishedAt: null, failures: 0 },
    ],
    ...fields,
  };
}

function rollout(fields: Partial<Rollout> = {}, targets: Partial<Rollout['targets']> = {}): Rollout {
  return {
    id: 'r1',
    product: 'daily-train',
    version: '2.3.0',
    ring: 'internal',
    kind: 'promotion',
    state: 'deploying',
    waves: 2,
    currentWave: 0,
    nextWaveAt: null,
    failures: 0,
    policy: {},
    reason: null,
    startedBy: 'user:admin',
    startedAt: AT,
    finishedAt: null,
    ...fields,
    targets: { total: 3, pending: 3, running: 0, succeeded: 0, failed: 0, cancelled: 0, skipped: 0, ...targets },
  };
}

function deployment(fields: Partial<Deployment> = {}): Deployment {
  return {
    id: 'd1',
    rolloutId: 'r1',
    product: 'daily-train',
    version: '2.3.0',
    ring: 'internal',
    target: 'internal-cluster',
    delivery: 'push',
    kind: 'deploy',
    wave: 0,
    state: 'succeeded',
    steps: [],
    attempts: 1,
    error: null,
    createdAt: AT,
    startedAt: '2026-11-23T13:00:00.000Z',
    finishedAt: '2026-11-23T13:00:04.500Z',
    heldUntil: null,
    ...fields,
  };
}

type Cell = Overview['releases'][number]['cells'][number];
function cell(fields: Partial<Cell>): Cell {
  return { ring: 'dev', state: null, total: 0, succeeded: 0, failed: 0, running: 0, pending: 0, cancelled: 0, skipped: 0, currentWave: null, waves: null, targetsOn: 0, usersOn: 0, ...fields };
}

describe('release views', () => {
  it('says what release create did, with the bill of materials in order', () => {
    const cases: [Parameters<typeof releaseCreatedLine>[0], string][] = [
      [{ outcome: 'created', release: release() }, 'created daily-train 2.3.0 (candidate): api 1.4.0, worker 1.2.0, web 2.0.0'],
      [{ outcome: 'unchanged', release: release({ state: 'draft' }) }, 'unchanged daily-train 2.3.0 (draft): api 1.4.0, worker 1.2.0, web 2.0.0'],
      [{ outcome: 'created', release: release({ version: '2.3.1', baseVersion: '2.3.0', builds: [build('api', '1.4.1')] }) }, 'created daily-train 2.3.1 (candidate, hotfix of 2.3.0): api 1.4.1'],
    ];
    for (const [outcome, line] of cases) assert.equal(releaseCreatedLine(outcome), line);
  });

  it('marks ring states compactly', () => {
    const cases: [Parameters<typeof ringMark>[0], string][] = [
      [null, '-'],
      ['succeeded', '✓'],
      ['deploying', '▶'],
      ['halted', '✗ halted'],
      ['failed', '✗ failed'],
      ['cancelled', '✗ cancelled'],
      ['rolled-back', '↶ rolled back'],
    ];
    for (const [state, mark] of cases) assert.equal(ringMark(state), mark, String(state));
  });

  it('summarises stages with their figures', () => {
    const cases: [Parameters<typeof stageSummary>[0], string][] = [
      [
        [
          { name: 'build', status: 'passed' },
          { name: 'unit-tests', status: 'passed', tests: { passed: 118, failed: 0, skipped: 2 }, coverage: 84.5 },
          { name: 'static-analysis', status: 'passed', vulnerabilities: { critical: 0, high: 1 } },
        ],
        'build ✓ unit-tests ✓ 118/0/2 84.5% static-analysis ✓ 0c/1h',
      ],
      [[{ name: 'e2e', status: 'failed', tests: { passed: 3, failed: 1, skipped: 0 } }, { name: 'scan', status: 'running', vulnerabilities: { low: 4, critical: 1 } }], 'e2e ✗ 3/1/0 scan running 1c/4l'],
      [[{ name: 'lint', status: 'skipped', coverage: 80 }], 'lint skipped 80%'],
      [[], 'no stages reported'],
    ];
    for (const [stages, text] of cases) assert.equal(stageSummary(stages), text);
  });

  it('lists releases with one column per ring', () => {
    const text = releasesTable([
      release({ version: '2.4.0', rings: [{ ring: 'dev', state: 'halted', startedAt: AT, finishedAt: AT, failures: 2 }, { ring: 'internal', state: null, startedAt: null, finishedAt: null, failures: 0 }] }),
      release({ state: 'in-progress', channel: 'beta', rings: [{ ring: 'dev', state: 'succeeded', startedAt: AT, finishedAt: AT, failures: 0 }, { ring: 'internal', state: 'deploying', startedAt: AT, finishedAt: null, failures: 0 }] }),
    ]);
    assert.equal(
      text,
      [
        'VERSION   STATE         CHANNEL   DEV                 INTERNAL   CREATED',
        '2.4.0     candidate     alpha     ✗ halted 2 failed   -          2026-11-23T13:35:52Z',
        '2.3.0     in-progress   beta      ✓                   ▶          2026-11-23T13:35:52Z',
        '',
      ].join('\n'),
    );
  });

  it('renders a release page: header, bill of materials, rings, approvals and the next ring', () => {
    const detail: ReleaseDetail = {
      ...release({
        version: '2.3.1',
        state: 'in-progress',
        channel: 'beta',
        baseVersion: '2.3.0',
        stateBy: 'user:alice',
        builds: [build('api', '1.4.1', { commit: '0123456789abcdef', green: false, stages: [{ name: 'unit-tests', status: 'failed', tests: { passed: 1, failed: 1, skipped: 0 } }] })],
        rings: [{ ring: 'dev', state: 'succeeded', startedAt: AT, finishedAt: AT, failures: 0 }, { ring: 'internal', state: null, startedAt: null, finishedAt: null, failures: 0 }],
      }),
      approvals: [{ ring: 'internal', user: 'alice', roles: ['release-manager'], comment: '', at: AT }],
      next: {
        ring: 'internal',
        order: null,
        ready: false,
        verdicts: [
          { gate: 'quality', kind: 'quality', status: 'fail', reason: 'api 1.4.1: 1 test failed (at most 0)' },
          { gate: 'soak', kind: 'soak', status: 'waiting', reason: 'soaked 1h 0m of 24h in dev', opensAt: '2026-11-24T13:35:52.000Z' },
        ],
      },
    };
    assert.equal(
      releasePage(detail),
      [
        'daily-train 2.3.1: in-progress, channel beta, hotfix of 2.3.0',
        'in-progress since 2026-11-23T13:35:52Z by user:alice',
        'created 2026-11-23T13:35:52Z by user:admin',
        '',
        'bill of materials:',
        'COMPONENT   VERSION   ARTIFACT            COMMIT    BRANCH   BUILD   STAGES',
        'api         1.4.1     api-1-4-1-abc1234   0123456   main     red     unit-tests ✗ 1/1/0',
        '',
        'rings:',
        'RING       STATE         STARTED                FINISHED               FAILED',
        'dev        ✓ succeeded   2026-11-23T13:35:52Z   2026-11-23T13:35:52Z        0',
        'internal   not entered   -                      -                           0',
        '',
        'approvals:',
        'RING       USER    ROLES             AT                     COMMENT',
        'internal   alice   release-manager   2026-11-23T13:35:52Z   -',
        '',
        'next: internal, not yet',
        'GATE      STATUS    REASON                                 OPENS',
        'quality   fail      api 1.4.1: 1 test failed (at most 0)   -',
        'soak      waiting   soaked 1h 0m of 24h in dev             2026-11-24T13:35:52Z',
        '',
      ].join('\n'),
    );
  });

  it('says why a release page has no next ring', () => {
    const page = (fields: Partial<Release>) => releasePage({ ...release(fields), next: null, approvals: [] });
    assert.match(page({ state: 'draft' }), /\nnext: none while a draft: mark it a candidate with `ringmaster release ready daily-train 2\.3\.0`\n$/);
    assert.match(page({ state: 'rejected', stateReason: 'leaks memory' }), /\nrejected since 2026-11-23T13:35:52Z by user:admin: leaks memory\n[\s\S]*\nnext: none \(rejected\)\n$/);
    assert.match(page({ state: 'in-progress' }), /\nnext: none: it has entered every ring\n$/);
    assert.match(page({}), /\napprovals: none\n/);
  });

  it('leaves OPENS out of a verdict table when no gate opens by itself', () => {
    assert.equal(verdictsTable([{ gate: 'approval:qa', status: 'waiting', reason: '0 of 1 approval from qa; dan may approve' }]), 'GATE          STATUS    REASON\napproval:qa   waiting   0 of 1 approval from qa; dan may approve\n');
  });

  it('fills overview cells by rollout state', () => {
    const cases: [Partial<Cell>, string][] = [
      [{}, '-'],
      [{ state: 'succeeded', total: 3, succeeded: 3, usersOn: 450 }, '✓ 3/3 · 450u'],
      [{ state: 'deploying', total: 4, succeeded: 1, currentWave: 0, waves: 2 }, '▶ 1/4 w1/2'],
      [{ state: 'halted', total: 4, succeeded: 2, failed: 1 }, '✗ 2/4 halted'],
      [{ state: 'failed', total: 1, succeeded: 0, failed: 1 }, '✗ 0/1 failed'],
      [{ state: 'rolled-back', total: 2, succeeded: 2 }, '↶ 2/2 rolled back'],
    ];
    for (const [fields, text] of cases) assert.equal(overviewCell(cell(fields)), text);
  });

  it('lays the overview out as releases × rings under the rings’ sizes', () => {
    const overview: Overview = {
      product: 'daily-train',
      rings: [{ name: 'dev', targets: 1, users: 12 }, { name: 'production', targets: 2, users: 133000 }],
      releases: [
        { version: '2.4.0', state: 'in-progress', channel: 'alpha', createdAt: AT, cells: [cell({ state: 'deploying', total: 1, currentWave: 0, waves: 1 }), cell({ ring: 'production' })] },
        { version: '2.3.0', state: 'done', channel: 'stable', createdAt: AT, cells: [cell({ state: 'succeeded', total: 1, succeeded: 1, usersOn: 12, targetsOn: 1 }), cell({ ring: 'production', state: 'succeeded', total: 2, succeeded: 2, usersOn: 133000 })] },
      ],
      next: null,
    };
    assert.equal(
      overviewTable(overview),
      [
        'VERSION       STATE         CHANNEL   DEV           PRODUCTION',
        'all targets                           1 · 12u       2 · 133000u',
        '2.4.0         in-progress   alpha     ▶ 0/1 w1/1    -',
        '2.3.0         done          stable    ✓ 1/1 · 12u   ✓ 2/2 · 133000u',
        '',
      ].join('\n'),
    );
  });

  it('describes a rollout as it starts, moves and ends', () => {
    assert.equal(promotionLine({ retried: false, rollout: rollout() }), 'promoting daily-train 2.3.0 to internal: 3 target(s) in 2 wave(s)');
    assert.equal(promotionLine({ retried: true, rollout: rollout({}, { pending: 1, succeeded: 2 }) }), 'retrying daily-train 2.3.0 in internal: 1 of 3 target(s) again');
    assert.equal(rolloutProgress(rollout({}, { succeeded: 1 })), 'internal: wave 1/2, 1/3 succeeded');
    assert.equal(rolloutProgress(rollout({ currentWave: 1 }, { succeeded: 1, failed: 1 })), 'internal: wave 2/2, 1/3 succeeded, 1 failed');
    assert.equal(rolloutProgress(rollout({ currentWave: 1 }, { succeeded: 2, skipped: 1 })), 'internal: wave 2/2, 2/3 succeeded, 1 skipped (unreachable)');
    assert.notEqual(progressKey(rollout({}, { succeeded: 1 })), progressKey(rollout({}, { succeeded: 1, skipped: 1 })), 'a skipped target is progress to print');
    assert.equal(rolloutOutcome(rollout({ state: 'succeeded' }, { succeeded: 2, skipped: 1, pending: 0 })), 'daily-train 2.3.0 is in internal: 2/3 target(s) succeeded, 1 skipped (unreachable)');
    assert.equal(rolloutOutcome(rollout({ state: 'succeeded' }, { succeeded: 3, pending: 0 })), 'daily-train 2.3.0 is in internal: 3/3 target(s) succeeded');
    assert.equal(
      rolloutOutcome(rollout({ state: 'halted', reason: 'halted after 1 failed deployment(s)' }, { succeeded: 1, failed: 1, cancelled: 1 })),
      'the promotion of daily-train 2.3.0 to internal ended halted: 1/3 succeeded, 1 failed, 1 cancelled; halted after 1 failed deployment(s)',
    );
    assert.equal(rolloutOutcome(rollout({ kind: 'rollback', state: 'succeeded', version: '2.3.1' }, { total: 1, succeeded: 1 })), 'rolled back 1/1 target(s) of internal from daily-train 2.3.1');
    assert.equal(rolloutOutcome(rollout({ kind: 'rollback', state: 'failed', version: '2.3.1' }, { total: 1, failed: 1 })), 'the rollback of daily-train 2.3.1 in internal ended failed: 0/1 succeeded, 1 failed');
  });

  it('lists the moves and skipped targets of a rollback', () => {
    const text = rollbackLines({
      rollout: rollout({ kind: 'rollback', version: '2.3.1' }),
      moves: [{ target: 'internal-cluster', from: '2.3.1', to: '2.3.0' }],
      skipped: [{ target: 'internal-2', reason: 'runs 2.3.0, not 2.3.1' }],
    });
    assert.equal(text, 'rolling back 1 target(s) of daily-train in internal\ninternal-cluster: 2.3.1 → 2.3.0\nskipped internal-2: runs 2.3.0, not 2.3.1\n');
  });

  it('times deployments, counting running ones up to now', () => {
    const now = new Date('2026-11-23T13:02:00.000Z');
    const cases: [Partial<Deployment>, string][] = [
      [{}, '4.5s'],
      [{ finishedAt: '2026-11-23T13:01:30.400Z' }, '1m30s'],
      [{ state: 'running', finishedAt: null }, '2m'],
      [{ state: 'pending', startedAt: null, finishedAt: null }, '-'],
    ];
    for (const [fields, text] of cases) assert.equal(deploymentDuration(deployment(fields), now), text);
  });

  it('lists deployments with the error of failed ones', () => {
    const failed = deployment({
      id: 'd2',
      target: 'demo-eu',
      wave: 1,
      state: 'failed',
      attempts: 2,
      steps: [{ component: 'api', version: '1.4.0', artifact: 'a', state: 'failed', startedAt: AT, finishedAt: AT, phase: 'verify', exitCode: 1, error: 'api verify: exited with code 1' }],
    });
    assert.equal(
      deploymentsTable([deployment(), failed], new Date(AT)),
      [
        'ID   TARGET             RING       KIND     STATE       WAVE   ATTEMPTS   DURATION   NOTE',
        'd1   internal-cluster   internal   deploy   succeeded      1          1       4.5s   -',
        'd2   demo-eu            internal   deploy   failed         2          2       4.5s   api verify: exited with code 1',
        '',
      ].join('\n'),
    );
  });

  it('says when a deployment waits for its maintenance window', () => {
    const waiting = { state: 'pending', attempts: 0, startedAt: null, finishedAt: null } as const;
    const held = deployment({ ...waiting, id: 'd3', target: 'acme-onprem', heldUntil: '2026-11-29T08:00:00.000Z' });
    const never = deployment({ ...waiting, id: 'd4', target: 'feb-30', heldUntil: 'never' });
    const skipped = deployment({ ...waiting, id: 'd5', target: 'globex', state: 'skipped', heldUntil: '2026-11-29T08:00:00.000Z', error: 'unreachable: no contact for 10m' });
    assert.equal(
      deploymentsTable([held, never, skipped, deployment({ ...waiting, id: 'd6', target: 'open-now' })], new Date(AT)),
      [
        'ID   TARGET        RING       KIND     STATE     WAVE   ATTEMPTS   DURATION   NOTE',
        'd3   acme-onprem   internal   deploy   pending      1          0          -   held until 2026-11-29T08:00:00Z (maintenance window)',
        'd4   feb-30        internal   deploy   pending      1          0          -   held: its maintenance window never opens',
        'd5   globex        internal   deploy   skipped      1          0          -   unreachable: no contact for 10m',
        'd6   open-now      internal   deploy   pending      1          0          -   -',
        '',
      ].join('\n'),
    );
    assert.equal(holdText(held), 'held until 2026-11-29T08:00:00Z (maintenance window)');
    assert.equal(holdText(deployment()), null);
  });

  it('keeps log lines but drops colours and other control characters', () => {
    const cases: [string, string][] = [
      ['plain\n', 'plain\n'],
      ['a\r\nb\rc\td\n', 'a\nb\nc\td\n'],
      ['\u001b[31mred\u001b[0m done\n', 'red done\n'],
      ['bell\u0007 and \u001b]0;title', 'bell? and ?]0;title'],
    ];
    for (const [text, shown] of cases) assert.equal(logText(text), shown, JSON.stringify(text));
  });
});
