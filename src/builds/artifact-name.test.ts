import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { artifactName, shortSha } from './artifact-name.ts';

describe('artifactName', () => {
  const cases: [component: string, version: string, commit: string, expected: string][] = [
    ['api', '1.4.0', 'abc1234', 'api-1-4-0-abc1234'],
    ['api', '1.4.0', 'ABC1234DEF5678', 'api-1-4-0-abc1234'],
    ['web', '10.20.30', '0123456789abcdef0123456789abcdef01234567', 'web-10-20-30-0123456'],
    ['api', '1.4.0-rc.1', 'abc1234', 'api-1-4-0-rc.1-abc1234'],
    ['api', '1.4.0-alpha', 'abc1234', 'api-1-4-0-alpha-abc1234'],
    ['api', '1.4.0+build.7', 'abc1234', 'api-1-4-0-abc1234'],
    ['api', '1.4.0-rc.1+sha.5114f85', 'abc1234', 'api-1-4-0-rc.1-abc1234'],
    ['db-migrations', '0.0.1', 'fffffff', 'db-migrations-0-0-1-fffffff'],
  ];
  for (const [component, version, commit, expected] of cases) {
    it(`${component} ${version} ${commit} → ${expected}`, () => {
      assert.equal(artifactName(component, version, commit), expected);
    });
  }

  it('refuses a version that is not semver', () => {
    assert.throws(() => artifactName('api', 'latest', 'abc1234'), /not a semantic version/);
  });

  it('always ends with the 7-character lower-case short sha and never holds build metadata', () => {
    fc.assert(
      fc.property(
        fc.nat(999), fc.nat(999), fc.nat(999),
        fc.stringMatching(/^[0-9a-fA-F]{7,40}$/),
        fc.stringMatching(/^[a-z0-9]{1,8}$/),
        (major, minor, patch, commit, meta) => {
          const name = artifactName('api', `${major}.${minor}.${patch}+${meta}`, commit);
          assert.equal(name, `api-${major}-${minor}-${patch}-${commit.slice(0, 7).toLowerCase()}`);
          assert.equal(shortSha(commit), name.slice(-7));
        },
      ),
    );
  });
});
