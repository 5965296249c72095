/**
 * A release's runbook as data, without I/O: components in deploy order (the
 * product's component order is already the dependency order), and for each
 * its deploy and rollback steps, environment variables (marked where they
 * changed since the release before it in the ring), database migrations,
 * prerequisites and notes — read from the component metadata of the product
 * file as it was when the release was cut — then the release's own additions.
 *
 * Component metadata the runbook reads (all optional):
 *   deploy, rollback:  a step, or a list of steps (default: the targets' commands)
 *   env:               a list of names, or a map name → description
 *   migrations:        a list of scripts
 *   prerequisites:     a list
 *   runbook:           notes (Markdown)
 */
import type { ComponentSpec } from '../products/product-spec.ts';

export type EnvChange = 'added' | 'changed' | 'removed';

export interface EnvVar {
  name: string;
  description: string;
  /** Against the release before it in the ring; null when unchanged or when there is nothing to compare with. */
  change: EnvChange | null;
}

export interface Steps {
  steps: string[];
  /** True when the component names none and the product file's commands (or a redeploy) stand in. */
  fallback: boolean;
}

export interface RunbookComponent {
  name: string;
  description: string;
  version: string;
  /** Its version in the release before; null when it is new to the ring or there is none. */
  previous: string | null;
  artifact: string | null;
  artifacts: Record<string, string>;
  commit: string | null;
  branch: string | null;
  dependsOn: string[];
  prerequisites: string[];
  deploy: Steps;
  migrations: string[];
  env: EnvVar[];
  /** Variables it had in the release before and no longer has. */
  removedEnv: EnvVar[];
  rollback: Steps;
  /** Markdown from the product file. */
  notes: string | null;
}

export interface RunbookModel {
  product: string;
  version: string;
  ring: string | null;
  against: string | null;
  /** Why environment changes could not be told (no release before, or one cut before metadata was recorded); null when they could. */
  envBaseline: string | null;
  components: RunbookComponent[];
  /** Every variable that changed, by component in deploy order (removed components' variables too). */
  envChanges: (EnvVar & { component: string })[];
  /** The release-specific additions (Markdown), or null. */
  additions: string | null;
}

type ComponentMeta = Pick<ComponentSpec, 'name' | 'metadata'> & Partial<Pick<ComponentSpec, 'description' | 'dependsOn'>>;

export interface RunbookBuild {
  component: string;
  version: string;
  artifact?: string | undefined;
  artifacts?: Record<string, string> | undefined;
  commit?: string | undefined;
  branch?: string | undefined;
}

export interface RunbookInput {
  product: string;
  version: string;
  ring: string | null;
  /** The release before it in the ring, if any. */
  previous: { version: string; components: readonly ComponentMeta[] | null; builds: readonly RunbookBuild[] } | null;
  /** The release's components as cut, in deploy order. */
  components: readonly ComponentMeta[];
  builds: readonly RunbookBuild[];
  /** The distinct commands the targets run for every component (the product file's deploy spec). */
  commands: { deploy: readonly string[]; rollback: readonly string[] };
  additions: string | null;
}

export function buildRunbook(input: RunbookInput): RunbookModel {
  const builds = new Map(input.builds.map((b) => [b.component, b]));
  const before = input.previous ? new Map(input.previous.builds.map((b) => [b.component, b.version])) : new Map<string, string>();
  const baseline = input.previous?.components ?? null;
  const envBaseline =
    input.previous === null
      ? `no earlier release reached ${input.ring ?? 'a ring'}`
      : baseline === null
        ? `${input.previous.version} was cut before releases recorded their component metadata`
        : null;
  const previousSpecs = new Map((baseline ?? []).map((c) => [c.name, c]));

  const names = [...input.components.map((c) => c.name), ...input.builds.map((b) => b.component).filter((n) => !input.components.some((c) => c.name === n))];
  const specs = new Map(input.components.map((c) => [c.name, c]));
  const components = names.map((name): RunbookComponent => {
    const spec = specs.get(name);
    const metadata = spec?.metadata ?? {};
    const build = builds.get(name);
    const env = envOf(metadata['env']);
    const old = baseline === null ? null : previousSpecs.has(name) ? envOf(previousSpecs.get(name)!.metadata['env']) : [];
    const deploy = textList(metadata['deploy']);
    const rollback = textList(metadata['rollback']);
    return {
      name,
      description: spec?.description ?? '',
      version: build?.version ?? '',
      previous: before.get(name) ?? null,
      artifact: build?.artifact ?? null,
      artifacts: build?.artifacts ?? {},
      commit: build?.commit ?? null,
      branch: build?.branch ?? null,
      dependsOn: [...(spec?.dependsOn ?? [])],
      prerequisites: textList(metadata['prerequisites']),
      deploy: deploy.length > 0 ? { steps: deploy, fallback: false } : { steps: [...input.commands.deploy], fallback: true },
      migrations: textList(metadata['migrations']),
      env: env.map((v) => ({ ...v, change: old === null ? null : changeOf(v, old) })),
      removedEnv: old === null ? [] : old.filter((o) => !env.some((v) => v.name === o.name)).map((o) => ({ ...o, change: 'removed' as const })),
      rollback: rollback.length > 0 ? { steps: rollback, fallback: false } : { steps: [...input.commands.rollback], fallback: true },
      notes: typeof metadata['runbook'] === 'string' && metadata['runbook'].trim() !== '' ? metadata['runbook'].trim() : null,
    };
  });

  const envChanges = components.flatMap((c) => [...c.env.filter((v) => v.change !== null), ...c.removedEnv].map((v) => ({ ...v, component: c.name })));
  // A component the release no longer has took its variables with it.
  for (const gone of (baseline ?? []).filter((c) => !names.includes(c.name))) {
    for (const v of envOf(gone.metadata['env'])) envChanges.push({ ...v, change: 'removed', component: gone.name });
  }
  const additions = input.additions !== null && input.additions.trim() !== '' ? input.additions : null;
  return { product: input.product, version: input.version, ring: input.ring, against: input.previous?.version ?? null, envBaseline, components, envChanges, additions };
}

function changeOf(v: Omit<EnvVar, 'change'>, old: readonly Omit<EnvVar, 'change'>[]): EnvChange | null {
  const was = old.find((o) => o.name === v.name);
  if (!was) return 'added';
  return was.description === v.description ? null : 'changed';
}

/** A step or a list of them; anything else written there is shown as written, not dropped. */
export function textList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.map(asText).filter((text) => text.trim() !== '');
}

/** A list of names (or of { name, description }), or a map name → description. */
export function envOf(value: unknown): Omit<EnvVar, 'change'>[] {
  if (value === undefined || value === null) return [];
  let vars: Omit<EnvVar, 'change'>[];
  if (Array.isArray(value)) {
    vars = value.map((item) => {
      if (item !== null && typeof item === 'object' && !Array.isArray(item) && typeof (item as Record<string, unknown>)['name'] === 'string') {
        const record = item as Record<string, unknown>;
        return { name: record['name'] as string, description: record['description'] === undefined ? '' : asText(record['description']) };
      }
      return { name: asText(item), description: '' };
    });
  } else if (typeof value === 'object') {
    vars = Object.entries(value as Record<string, unknown>).map(([name, description]) => ({ name, description: description === null || description === undefined ? '' : asText(description) }));
  } else {
    vars = [{ name: asText(value), description: '' }];
  }
  const seen = new Set<string>();
  return vars.filter((v) => v.name.trim() !== '' && !seen.has(v.name) && seen.add(v.name));
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}
