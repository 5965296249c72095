/**
 * What changed in each component between two releases, without I/O. A
 * component's change is made of the commits of every build of it after the
 * old release's build, up to and including the new release's one (by semver:
 * the builds CI registered in between carry the commits in between).
 */
import semver from 'semver';
import type { BuildCommit } from '../builds/build-types.ts';

export interface BuildRef {
  id: string;
  component: string;
  version: string;
}

export interface BuildWithCommits extends BuildRef {
  commits: readonly BuildCommit[];
}

export interface ComponentChange {
  component: string;
  /** The version in the release before; null when the component is new to the ring. */
  from: string | null;
  to: string;
  /** Newest first, each commit once. */
  commits: BuildCommit[];
}

/**
 * The builds whose commits make a component's change from `from` to `to`: the
 * builds after `from` up to `to`, newest first; only `to` itself when there is
 * no `from` (the first time: its own commits); none when the version did not
 * move forward.
 */
export function buildsInRange<T extends BuildRef>(builds: readonly T[], target: BuildRef, from: string | null): T[] {
  const mine = builds.filter((b) => b.component === target.component);
  if (from === null) return mine.filter((b) => b.id === target.id);
  if (!semver.valid(from) || !semver.valid(target.version)) return [];
  return mine
    .filter((b) => semver.valid(b.version) !== null && semver.compareBuild(b.version, from) > 0 && semver.compareBuild(b.version, target.version) <= 0)
    .sort((a, b) => semver.compareBuild(b.version, a.version));
}

export interface CollectInput {
  /** The release's builds, in deployment order. */
  release: readonly BuildRef[];
  /** The builds of the release before it in the ring; null when there is none. */
  previous: readonly BuildRef[] | null;
  /** Builds of the release's components with their commits: at least those in each range. */
  history: readonly BuildWithCommits[];
}

/** One entry per component of the release, in its order. */
export function collectChanges(input: CollectInput): ComponentChange[] {
  const before = new Map((input.previous ?? []).map((b) => [b.component, b.version]));
  return input.release.map((build) => {
    const from = before.get(build.component) ?? null;
    const seen = new Set<string>();
    const commits: BuildCommit[] = [];
    for (const source of from === build.version ? [] : buildsInRange(input.history, build, from)) {
      for (const commit of source.commits) {
        if (seen.has(commit.sha)) continue;
        seen.add(commit.sha);
        commits.push(commit);
      }
    }
    return { component: build.component, from, to: build.version, commits };
  });
}
