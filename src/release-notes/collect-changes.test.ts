import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BuildCommit } from '../builds/build-types.ts';
import { type BuildWithCommits, buildsInRange, collectChanges } from './collect-changes.ts';

const commit = (sha: string): BuildCommit => ({ sha, message: `fix: ${sha}`, author: 'Ada', email: 'ada@example.com' });
const build = (component: string, version: string, shas: string[] = []): BuildWithCommits => ({ id: `${component}@${version}`, component, version, commits: shas.map(commit) });

// api's builds as CI registered them, each carrying the commits since the one before.
const HISTORY = [
  build('api', '1.0.0', ['a1']),
  build('api', '1.1.0-rc.1', ['a2']),
  build('api', '1.1.0', ['a3']),
  build('api', '1.2.0', ['a5', 'a4']),
  build('api', '1.10.0', ['a6']),
  build('api', '1.2.1+hotfix', ['h1']),
  build('web', '2.0.0', ['w1']),
  build('web', '2.1.0', ['w2', 'a3']),
  build('db', '3.0.0', ['d1']),
];

describe('the builds of a component between two releases', () => {
  const cases: { name: string; to: string; from: string | null; want: string[] }[] = [
    { name: 'after the old build, up to and including the new, newest first (semver, not text order)', from: '1.0.0', to: '1.2.0', want: ['1.2.0', '1.1.0', '1.1.0-rc.1'] },
    { name: 'a prerelease counts before its release', from: '1.1.0-rc.1', to: '1.1.0', want: ['1.1.0'] },
    { name: 'versions compare as numbers: 1.10.0 is after 1.2.0', from: '1.2.0', to: '1.10.0', want: ['1.10.0', '1.2.1+hotfix'] },
    { name: 'a hotfix build with build metadata', from: '1.2.0', to: '1.2.1+hotfix', want: ['1.2.1+hotfix'] },
    { name: 'the first time: the new build alone', from: null, to: '1.1.0', want: ['1.1.0'] },
    { name: 'a step back carries nothing', from: '1.2.0', to: '1.1.0', want: [] },
    { name: 'the same version carries nothing', from: '1.1.0', to: '1.1.0', want: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const target = HISTORY.find((b) => b.component === 'api' && b.version === c.to)!;
      assert.deepEqual(buildsInRange(HISTORY, target, c.from).map((b) => b.version), c.want);
    });
  }
});

describe('collecting the changes of a release', () => {
  it('gives each component, in the release order, its old and new version and the commits in between, each once', () => {
    const release = [HISTORY[8]!, HISTORY[3]!, HISTORY[7]!];
    const previous = [build('db', '3.0.0'), build('api', '1.0.0'), build('gone', '0.1.0')];
    assert.deepEqual(
      collectChanges({ release, previous, history: HISTORY }).map((c) => ({ component: c.component, from: c.from, to: c.to, commits: c.commits.map((x) => x.sha) })),
      [
        { component: 'db', from: '3.0.0', to: '3.0.0', commits: [] },
        { component: 'api', from: '1.0.0', to: '1.2.0', commits: ['a5', 'a4', 'a3', 'a2'] },
        { component: 'web', from: null, to: '2.1.0', commits: ['w2', 'a3'] },
      ],
    );
  });

  it('without a release before: every component is new with its own build\'s commits', () => {
    const changes = collectChanges({ release: [HISTORY[2]!], previous: null, history: HISTORY });
    assert.deepEqual(changes, [{ component: 'api', from: null, to: '1.1.0', commits: [commit('a3')] }]);
  });

  it('drops a commit two builds of one component both carry', () => {
    const history = [build('api', '1.0.0'), build('api', '1.1.0', ['x', 'y']), build('api', '1.2.0', ['z', 'y'])];
    const [api] = collectChanges({ release: [history[2]!], previous: [history[0]!], history });
    assert.deepEqual(api!.commits.map((c) => c.sha), ['z', 'y', 'x']);
  });
});
