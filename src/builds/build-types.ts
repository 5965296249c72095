export const STAGE_STATUSES = ['passed', 'failed', 'skipped', 'running'] as const;
export type StageStatus = (typeof STAGE_STATUSES)[number];

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One pipeline stage of a build as CI reported it: build, unit-tests, static-analysis, publish, e2e-tests, … */
export interface StageResult {
  name: string;
  status: StageStatus;
  /** Test counts, for test stages. */
  tests?: { passed: number; failed: number; skipped: number };
  /** Line coverage in percent, 0..100. */
  coverage?: number;
  /** Open findings by severity, for analysis and scanning stages. */
  vulnerabilities?: Partial<Record<Severity, number>>;
  /** Where the stage's report lives (CI job, report file). */
  url?: string;
}

/** A commit a build brought since the component's build before it (as CI read it from git). */
export interface BuildCommit {
  sha: string;
  /** The whole message: header, body and footers. */
  message: string;
  author: string;
  email: string;
}

/** A build of one component: one CI output. */
export interface Build {
  id: string;
  product: string;
  component: string;
  version: string;
  commit: string;
  branch: string;
  /** `<component>-<major>-<minor>-<patch>-<short sha>` */
  artifact: string;
  /** Artifact references by kind: image, chart, … */
  artifacts: Record<string, string>;
  stages: StageResult[];
  /** Every reported stage passed (skipped ones aside) and none is still running. */
  green: boolean;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** One build with the commits it carries; lists and releases leave the commits out, they can be long. */
export interface BuildDetail extends Build {
  commits: BuildCommit[];
}

export interface BuildsTable {
  id: string;
  product_id: string;
  component: string;
  version: string;
  commit_sha: string;
  branch: string;
  artifact: string;
  artifacts: string;
  stages: string;
  /** BuildCommit[] as JSON. */
  commits: string;
  green: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface BuildTables {
  builds: BuildsTable;
}

