/**
 * What a build registration means, without I/O: the checks the schema cannot
 * express, and how a registration of an existing build merges into it (or
 * conflicts with it).
 */
import semver from 'semver';
import { ConflictError, InputError } from '../platform/errors/errors.ts';
import { didYouMean } from '../products/product-file/suggest.ts';
import { shortSha } from './artifact-name.ts';
import { checkCommits } from './build-commits.ts';
import { MAX_ARTIFACTS, MAX_STAGES } from './build-schemas.ts';
import { type Build, type BuildCommit, type BuildDetail, SEVERITIES, type StageResult } from './build-types.ts';

export interface RegisterBuildInput {
  component: string;
  version: string;
  commit: string;
  /** Left out: `main` for a new build, the stored branch for an existing one. */
  branch?: string | undefined;
  artifacts?: Record<string, string> | undefined;
  stages?: StageResult[] | undefined;
  /** What the build brought since the component's build before it, newest first. */
  commits?: BuildCommit[] | undefined;
}

/** A checked registration: commit lower-cased, stages in a canonical shape. */
export interface Registration {
  component: string;
  version: string;
  commit: string;
  branch: string | null;
  artifacts: Record<string, string>;
  stages: StageResult[];
  /** Null when the registration names none. */
  commits: BuildCommit[] | null;
}

export const DEFAULT_BRANCH = 'main';

export function checkRegistration(product: string, components: readonly string[], input: RegisterBuildInput): Registration {
  if (!components.includes(input.component)) {
    const known = [...components].sort();
    const list = known.length > 0 ? `components are ${known.join(', ')}` : 'it has no components';
    throw new InputError(`${product} has no component '${input.component}'${didYouMean(input.component, known)}; ${list}`, [{ field: 'component', value: input.component }], 'unknown_component');
  }
  checkVersion(input.version);
  if (!/^[0-9a-f]{7,64}$/i.test(input.commit)) {
    throw new InputError(`commit '${input.commit}' is not a commit sha: use 7 to 64 hex digits`, [{ field: 'commit' }]);
  }
  if (input.branch !== undefined) checkBranch(input.branch);
  const stages = (input.stages ?? []).map(canonicalStage);
  // The schema bounds these for HTTP callers; checked again for callers in-process.
  if (stages.length > MAX_STAGES) throw new InputError(`stages: at most ${MAX_STAGES} stages are allowed, got ${stages.length}`, [{ field: 'stages' }]);
  if (Object.keys(input.artifacts ?? {}).length > MAX_ARTIFACTS) throw new InputError(`artifacts: at most ${MAX_ARTIFACTS} artifact kinds are allowed`, [{ field: 'artifacts' }]);
  const seen = new Set<string>();
  for (const stage of stages) {
    if (seen.has(stage.name)) throw new InputError(`stages: '${stage.name}' is reported twice; report each stage once`, [{ field: 'stages', stage: stage.name }]);
    seen.add(stage.name);
  }
  const commits = input.commits === undefined ? null : checkCommits(input.commits);
  return {
    component: input.component,
    version: input.version,
    commit: input.commit.toLowerCase(),
    branch: input.branch ?? null,
    artifacts: { ...input.artifacts },
    stages,
    commits,
  };
}

/** Strict semver: no leading `v` or `=`, no spaces; build metadata allowed. */
export function checkVersion(version: string): void {
  const parsed = /^\d/.test(version) ? semver.parse(version) : null;
  const exact = parsed && `${parsed.version}${parsed.build.length > 0 ? `+${parsed.build.join('.')}` : ''}` === version;
  if (!exact || version.length > 64) {
    throw new InputError(
      `version '${version}' is not a semantic version: use MAJOR.MINOR.PATCH with an optional -prerelease or +build, like 1.4.0 or 1.4.0-rc.1, without a leading 'v' (at most 64 characters)`,
      [{ field: 'version', value: version }],
      'invalid_version',
    );
  }
}

/** A plausible git branch name, after `git check-ref-format --branch`; the reason names what is wrong. */
export function branchProblem(branch: string): string | null {
  if (branch.length === 0 || branch.length > 255) return 'use 1 to 255 characters';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(branch)) return 'it contains a control character';
  if (/\s/.test(branch)) return 'it contains a space';
  if (branch.includes('..')) return "it contains '..'";
  if (branch.includes('@{') || branch === '@') return "it contains '@{' or is '@'";
  const bad = /[~^:?*[\\]/.exec(branch);
  if (bad) return `it contains '${bad[0]}'`;
  if (branch.startsWith('-')) return "it starts with '-'";
  if (branch.startsWith('/') || branch.endsWith('/') || branch.includes('//')) return "it has an empty part between '/'";
  if (branch.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock'))) return "a part starts with '.' or ends with '.lock'";
  if (branch.endsWith('.')) return "it ends with '.'";
  return null;
}

function checkBranch(branch: string): void {
  const problem = branchProblem(branch);
  if (problem) throw new InputError(`branch '${branch}' is not a valid git branch name: ${problem}`, [{ field: 'branch' }]);
}

/** Fixed key order and no undefined keys, so equal results compare equal as JSON. */
export function canonicalStage(stage: StageResult): StageResult {
  const out: StageResult = { name: stage.name, status: stage.status };
  if (stage.tests) out.tests = { passed: stage.tests.passed, failed: stage.tests.failed, skipped: stage.tests.skipped };
  if (stage.coverage !== undefined) out.coverage = stage.coverage;
  if (stage.vulnerabilities) {
    const v = stage.vulnerabilities;
    out.vulnerabilities = Object.fromEntries(SEVERITIES.filter((s) => v[s] !== undefined).map((s) => [s, v[s]]));
  }
  if (stage.url !== undefined) out.url = stage.url;
  return out;
}

/** What an update writes, and in words what it changed. */
export interface BuildUpdate {
  commit: string;
  branch: string;
  artifacts: Record<string, string>;
  stages: StageResult[];
  /** Null: the commits stay as they are. */
  commits: BuildCommit[] | null;
  changes: string[];
}

/** "api 1.4.0" */
export const buildLabel = (build: Pick<Build, 'component' | 'version'>) => `${build.component} ${build.version}`;

/**
 * The existing build with the registration merged in: stages by name (a new
 * result replaces the old), new artifact kinds added. Null when nothing would
 * change. Another commit, another branch or another value for a known
 * artifact kind is a conflict: a version names one build.
 */
export function mergeRegistration(existing: BuildDetail, reg: Registration): BuildUpdate | null {
  const label = buildLabel(existing);
  // A short sha and the full one name the same commit.
  if (!existing.commit.startsWith(reg.commit) && !reg.commit.startsWith(existing.commit)) {
    throw new ConflictError(
      `${label} was registered from commit ${shortSha(existing.commit)}; a build of the same version from ${shortSha(reg.commit)} is refused: bump the version`,
      [{ field: 'commit', registered: existing.commit, refused: reg.commit }],
    );
  }
  if (reg.branch !== null && reg.branch !== existing.branch) {
    throw new ConflictError(
      `${label} was registered on branch '${existing.branch}'; registering it on branch '${reg.branch}' is refused: a build belongs to one branch, bump the version`,
      [{ field: 'branch', registered: existing.branch, refused: reg.branch }],
    );
  }
  const changes: string[] = [];
  const commit = reg.commit.length > existing.commit.length ? reg.commit : existing.commit;
  if (commit !== existing.commit) changes.push('full commit sha');

  const artifacts = { ...existing.artifacts };
  for (const [kind, ref] of Object.entries(reg.artifacts)) {
    const old = artifacts[kind];
    if (old === ref) continue;
    if (old !== undefined) {
      throw new ConflictError(`${label} already has artifact ${kind} '${old}'; another ${kind} '${ref}' is refused: a build's artifacts do not change, bump the version`, [
        { field: `artifacts.${kind}`, registered: old, refused: ref },
      ]);
    }
    artifacts[kind] = ref;
    changes.push(`artifact ${kind} added`);
  }
  if (Object.keys(artifacts).length > MAX_ARTIFACTS) {
    throw new InputError(`artifacts: ${label} would have ${Object.keys(artifacts).length} artifact kinds; at most ${MAX_ARTIFACTS} are allowed`, [{ field: 'artifacts' }]);
  }

  const stages = existing.stages.map(canonicalStage);
  for (const stage of reg.stages) {
    const i = stages.findIndex((s) => s.name === stage.name);
    const old = stages[i];
    if (!old) {
      stages.push(stage);
      changes.push(`stage ${stage.name} ${stage.status}`);
    } else if (JSON.stringify(old) !== JSON.stringify(stage)) {
      stages[i] = stage;
      changes.push(old.status === stage.status ? `stage ${stage.name} ${stage.status} (updated)` : `stage ${stage.name} ${old.status} → ${stage.status}`);
    }
  }
  if (stages.length > MAX_STAGES) {
    throw new InputError(`stages: ${label} would have ${stages.length} stages; at most ${MAX_STAGES} are allowed`, [{ field: 'stages' }]);
  }

  // A build's commits are fixed by its range: the first list given stays, the same list again changes nothing.
  let commits: BuildCommit[] | null = null;
  if (reg.commits !== null && reg.commits.length > 0) {
    if (existing.commits.length === 0) {
      commits = reg.commits;
      changes.push(`${reg.commits.length} commit${reg.commits.length === 1 ? '' : 's'} added`);
    } else if (JSON.stringify(existing.commits) !== JSON.stringify(reg.commits)) {
      throw new ConflictError(
        `${label} already carries ${existing.commits.length} commit(s); another list of ${reg.commits.length} is refused: a build's commits do not change, register the same range or bump the version`,
        [{ field: 'commits', registered: existing.commits.length, refused: reg.commits.length }],
      );
    }
  }
  return changes.length === 0 ? null : { commit, branch: existing.branch, artifacts, stages, commits, changes };
}
