/**
 * The builds API's shapes. Inputs are closed (additionalProperties false) and
 * bounded; what a schema cannot say (semver, the component exists, stage names
 * unique, a plausible branch) the service checks.
 */
import Type from 'typebox';
import { STAGE_STATUSES } from './build-types.ts';

export const MAX_STAGES = 50;
export const MAX_ARTIFACTS = 16;
export const MAX_URL = 2048;
export const MAX_VERSION = 64;
export const MAX_BRANCH = 255;
const MAX_COUNT = 1_000_000_000;

/** Commits a build carries: enough for a busy day's range, each message as git keeps it. */
export const MAX_COMMITS = 1000;
export const MAX_COMMIT_MESSAGE_BYTES = 64 * 1024;
export const MAX_COMMIT_PERSON = 255;

export const STAGE_NAME = '^[A-Za-z0-9._-]{1,64}$';
export const ARTIFACT_KIND = '^[a-z][a-z0-9-]{0,31}$';
export const COMMIT = '^[0-9a-fA-F]{7,64}$';
/** References and URLs: no whitespace or control characters. */
const REFERENCE = '^[^\\s\\u0000-\\u001f\\u007f]+$';

const Count = Type.Integer({ minimum: 0, maximum: MAX_COUNT });

export const StageBody = Type.Object(
  {
    name: Type.String({ pattern: STAGE_NAME, description: 'build, unit-tests, static-analysis, publish, e2e-tests, …' }),
    status: Type.Enum(STAGE_STATUSES),
    tests: Type.Optional(Type.Object({ passed: Count, failed: Count, skipped: Count }, { additionalProperties: false, description: 'test counts, for test stages' })),
    coverage: Type.Optional(Type.Number({ minimum: 0, maximum: 100, description: 'line coverage in percent' })),
    vulnerabilities: Type.Optional(
      Type.Object(
        { critical: Type.Optional(Count), high: Type.Optional(Count), medium: Type.Optional(Count), low: Type.Optional(Count) },
        { additionalProperties: false, description: 'open findings by severity, for analysis and scanning stages' },
      ),
    ),
    url: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_URL, pattern: REFERENCE, description: "where the stage's report lives" })),
  },
  { additionalProperties: false },
);

export const BuildCommitBody = Type.Object(
  {
    sha: Type.String({ pattern: '^[0-9a-fA-F]{7,40}$', description: 'the commit sha, 7 to 40 hex digits' }),
    message: Type.String({ maxLength: MAX_COMMIT_MESSAGE_BYTES, description: 'the whole message: header, body and footers (at most 64 KiB)' }),
    author: Type.String({ maxLength: MAX_COMMIT_PERSON, description: "the author's name" }),
    email: Type.String({ maxLength: MAX_COMMIT_PERSON, description: "the author's email" }),
  },
  { additionalProperties: false },
);

const Artifacts = Type.Record(Type.String({ pattern: ARTIFACT_KIND }), Type.String({ minLength: 1, maxLength: MAX_URL, pattern: REFERENCE }), {
  maxProperties: MAX_ARTIFACTS,
  additionalProperties: false,
  description: 'artifact references by kind (image, chart, …); a kind reported again must keep its value',
});

export const RegisterBuildBody = Type.Object(
  {
    component: Type.String({ minLength: 1, maxLength: 63, description: "one of the product's components" }),
    version: Type.String({ minLength: 1, maxLength: MAX_VERSION, description: 'semantic version without a leading v, like 1.4.0 or 1.4.0-rc.1' }),
    commit: Type.String({ pattern: COMMIT, description: 'the commit sha, 7 to 64 hex digits' }),
    branch: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_BRANCH, description: 'the git branch; main when a new build leaves it out, unchanged when an update does' })),
    artifacts: Type.Optional(Artifacts),
    stages: Type.Optional(Type.Array(StageBody, { maxItems: MAX_STAGES, description: 'pipeline stage results; reported again by name, they replace the earlier result' })),
    commits: Type.Optional(
      Type.Array(BuildCommitBody, {
        maxItems: MAX_COMMITS,
        description: "the commits the build brought since the component's build before it, newest first (`git log`); given once, they do not change",
      }),
    ),
  },
  { additionalProperties: false },
);

export const BuildBody = Type.Object({
  id: Type.String(),
  product: Type.String(),
  component: Type.String(),
  version: Type.String(),
  commit: Type.String(),
  branch: Type.String(),
  artifact: Type.String({ description: '<component>-<major>-<minor>-<patch>-<short sha>' }),
  artifacts: Type.Record(Type.String(), Type.String()),
  stages: Type.Array(StageBody),
  green: Type.Boolean({ description: 'every stage passed or was skipped, and none is running' }),
  createdBy: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  commits: Type.Optional(Type.Array(BuildCommitBody, { description: 'the commits the build carries: on one build and on registration; lists and releases leave them out' })),
});

export const RegisterBuildOutcomeBody = Type.Object({
  build: BuildBody,
  outcome: Type.Union([Type.Literal('created'), Type.Literal('updated'), Type.Literal('unchanged')]),
});

export const BuildQuery = Type.Object(
  {
    component: Type.Optional(Type.String({ maxLength: 63 })),
    branch: Type.Optional(Type.String({ maxLength: MAX_BRANCH })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  },
  { additionalProperties: false },
);

export const BuildParams = Type.Object({
  product: Type.String({ pattern: '^[a-z][a-z0-9._-]{0,62}$', description: 'a product name' }),
  component: Type.String({ maxLength: 63 }),
  version: Type.String({ maxLength: MAX_VERSION }),
});
