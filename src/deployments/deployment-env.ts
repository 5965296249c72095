/**
 * The environment of a deploy, verify or rollback command: what is being
 * deployed where (RINGMASTER_*), then the target's configuration, on top of a
 * few harmless variables of the server. Nothing else of the server's
 * environment passes: it holds the server's own secrets.
 */
import { compareText } from '../products/compare-text.ts';

export interface StepEnvInput {
  product: string;
  release: string;
  ring: string;
  target: string;
  component: string;
  version: string;
  artifact: string;
  commit: string;
  branch: string;
  /** Kind → reference, e.g. { image: 'registry/api:1.4.0', chart: '…' }. */
  artifacts: Record<string, string>;
  action: 'deploy' | 'rollback';
  deploymentId: string;
  attempt: number;
  /** The target's configuration, secret values already decrypted. */
  config: Record<string, string>;
  /** The server's environment: only BASE_VARIABLES are taken from it. */
  baseEnv: Record<string, string | undefined>;
}

/** What a command may need of the server's environment to run programs at all. */
export const BASE_VARIABLES = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR'] as const;

const PREFIX = 'RINGMASTER_';
/** Base variables the configuration may not replace: commands must find the server's programs and home. */
const PROTECTED = new Set(['PATH', 'HOME']);
/** The product file's rule for configuration names, checked again so a bad key can never smuggle in `NAME=value`. */
const VARIABLE = /^[A-Z_][A-Z0-9_]*$/;

export const STEP_ENV_DOC: readonly { name: string; meaning: string }[] = [
  { name: 'RINGMASTER_PRODUCT', meaning: 'the product being deployed' },
  { name: 'RINGMASTER_RELEASE', meaning: 'the release version being put on the target' },
  { name: 'RINGMASTER_RING', meaning: 'the ring the target belongs to' },
  { name: 'RINGMASTER_TARGET', meaning: 'the target being deployed to' },
  { name: 'RINGMASTER_COMPONENT', meaning: 'the component this command deploys, verifies or rolls back' },
  { name: 'RINGMASTER_VERSION', meaning: "the component's version in the release" },
  { name: 'RINGMASTER_ARTIFACT', meaning: "the component's artifact name (<component>-<major>-<minor>-<patch>-<short sha>)" },
  { name: 'RINGMASTER_COMMIT', meaning: 'the commit the component was built from' },
  { name: 'RINGMASTER_BRANCH', meaning: 'the branch the component was built from' },
  {
    name: 'RINGMASTER_ARTIFACT_<KIND>',
    meaning: "one per artifact reference of the build, e.g. RINGMASTER_ARTIFACT_IMAGE; the kind upper-cased, other characters than letters and digits as '_'",
  },
  { name: 'RINGMASTER_ACTION', meaning: "'deploy' when putting a release on the target, 'rollback' when putting back its last known-good release" },
  { name: 'RINGMASTER_DEPLOYMENT', meaning: 'the id of the deployment, for logs and callbacks' },
  { name: 'RINGMASTER_ATTEMPT', meaning: 'which attempt at this deployment this is: 1, then 2 on a retry, …' },
];

export function stepEnv(input: StepEnvInput): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of BASE_VARIABLES) {
    const value = input.baseEnv[name];
    if (value !== undefined) env[name] = value;
  }
  Object.assign(env, {
    RINGMASTER_PRODUCT: input.product,
    RINGMASTER_RELEASE: input.release,
    RINGMASTER_RING: input.ring,
    RINGMASTER_TARGET: input.target,
    RINGMASTER_COMPONENT: input.component,
    RINGMASTER_VERSION: input.version,
    RINGMASTER_ARTIFACT: input.artifact,
    RINGMASTER_COMMIT: input.commit,
    RINGMASTER_BRANCH: input.branch,
    ...artifactVariables(input.artifacts),
    RINGMASTER_ACTION: input.action,
    RINGMASTER_DEPLOYMENT: input.deploymentId,
    RINGMASTER_ATTEMPT: String(input.attempt),
  });
  // The target's configuration last, but never in place of a RINGMASTER_ variable, PATH or HOME.
  for (const [name, value] of Object.entries(input.config)) {
    if (name.startsWith(PREFIX) || PROTECTED.has(name) || !VARIABLE.test(name)) continue;
    env[name] = value;
  }
  return env;
}

/** `helm-chart` → RINGMASTER_ARTIFACT_HELM_CHART. When two kinds make one name, the first in code-point order wins. */
function artifactVariables(artifacts: Record<string, string>): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const kind of Object.keys(artifacts).sort(compareText)) {
    if (kind === '') continue;
    const name = `${PREFIX}ARTIFACT_${kind.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
    if (!(name in variables)) variables[name] = artifacts[kind] as string;
  }
  return variables;
}
