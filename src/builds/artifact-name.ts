/**
 * The name a build's artifacts go by: `<component>-<major>-<minor>-<patch>-<short sha>`,
 * with a pre-release after the patch (`api-1-4-0-rc.1-abc1234`). Build metadata
 * (`+…`) is left out: it does not tell two builds apart.
 */
import semver from 'semver';

export const SHORT_SHA_LENGTH = 7;

/** The first seven characters of a commit, lower-cased. */
export function shortSha(commit: string): string {
  return commit.slice(0, SHORT_SHA_LENGTH).toLowerCase();
}

/** Throws on a version that is not semver; callers validate first. */
export function artifactName(component: string, version: string, commit: string): string {
  const parsed = semver.parse(version);
  if (!parsed) throw new Error(`'${version}' is not a semantic version`);
  const release = [parsed.major, parsed.minor, parsed.patch].join('-');
  const pre = parsed.prerelease.length > 0 ? `-${parsed.prerelease.join('.')}` : '';
  return `${component}-${release}${pre}-${shortSha(commit)}`;
}
