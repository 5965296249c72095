import Type from 'typebox';
import { MAX_OFFSET, Nullable } from '../platform/http/schema-helpers.ts';
import { DELIVERY_MODES, HOSTING_KINDS, type ProductSpec, type TargetSpec } from './product-spec.ts';
import { publicConfig } from './secrets.ts';

const Open = (description: string) => Type.Object({}, { additionalProperties: true, description });

export const MAX_PRODUCT_FILE_BYTES = 16 * 1024 * 1024;

export const ApplyBody = Type.Object(
  {
    source: Type.String({ maxLength: MAX_PRODUCT_FILE_BYTES, description: 'the product file (YAML)' }),
    fileName: Type.Optional(Type.String({ maxLength: 300, description: 'named in error messages' })),
    dryRun: Type.Optional(Type.Boolean({ description: 'plan only: report the changes, apply none' })),
  },
  { additionalProperties: false },
);

export const ProductChangeBody = Type.Object({
  action: Type.Union([Type.Literal('create'), Type.Literal('update'), Type.Literal('delete')]),
  kind: Type.String(),
  name: Type.String(),
  fields: Type.Array(Type.String()),
});

export const ApplyOutcomeBody = Type.Object({
  product: Type.String(),
  dryRun: Type.Boolean(),
  applied: Type.Boolean(),
  changes: Type.Array(ProductChangeBody),
});

export const ProductSummaryBody = Type.Object({
  name: Type.String(),
  description: Type.String(),
  components: Type.Integer(),
  rings: Type.Integer(),
  targets: Type.Integer(),
  users: Type.Integer(),
  updatedAt: Type.String(),
});

const WindowBody = Type.Object({ cron: Type.String(), timezone: Type.String(), durationSeconds: Type.Integer() });

export const TargetBody = Type.Object({
  name: Type.String(),
  ring: Type.String(),
  users: Type.Integer(),
  hosting: Type.Enum(HOSTING_KINDS),
  delivery: Type.Enum(DELIVERY_MODES),
  maintenanceWindow: Nullable(WindowBody),
  deploy: Type.Object({ command: Nullable(Type.String()), verify: Nullable(Type.String()), rollback: Nullable(Type.String()), timeoutSeconds: Type.Integer() }),
  config: Type.Record(Type.String(), Type.Object({ secret: Type.Boolean(), value: Type.Optional(Type.String()) }), { description: 'secret values are never returned' }),
  labels: Type.Record(Type.String(), Type.String()),
});

export const RingBody = Type.Object({
  name: Type.String(),
  description: Type.String(),
  gates: Type.Array(Open('a gate: its kind and settings')),
  rollout: Open('the rollout policy'),
});

export const ComponentBody = Type.Object({
  name: Type.String(),
  description: Type.String(),
  dependsOn: Type.Array(Type.String()),
  metadata: Type.Record(Type.String(), Type.Unknown()),
});

export const ProductBody = Type.Object({
  name: Type.String(),
  description: Type.String(),
  components: Type.Array(ComponentBody),
  rings: Type.Array(RingBody),
  targets: Type.Array(TargetBody),
  roles: Type.Record(Type.String(), Type.Array(Type.String())),
  train: Type.Union([Open('the release train: ring, timezone, cut, vote and deploy crons, bump, branch, graceSeconds, freezes'), Type.Null()]),
  notifiers: Type.Array(Open('a notifier: name, kind (webhook or email), url or to, events; a webhook secret shows only as { secret: true }')),
});

export const TargetQuery = Type.Object(
  {
    ring: Type.Optional(Type.String({ maxLength: 63 })),
    hosting: Type.Optional(Type.Enum(HOSTING_KINDS)),
    delivery: Type.Optional(Type.Enum(DELIVERY_MODES)),
    q: Type.Optional(Type.String({ maxLength: 100, description: 'part of the target name' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_OFFSET, default: 0 })),
  },
  { additionalProperties: false },
);

export const ProductParams = Type.Object({ product: Type.String({ pattern: '^[a-z][a-z0-9._-]{0,62}$', description: 'a product name' }) });

/** A target as callers see it: secret configuration values withheld. */
export function publicTarget(target: TargetSpec) {
  return { ...target, config: publicConfig(target) };
}

export function publicProduct(spec: ProductSpec) {
  return {
    ...spec,
    targets: spec.targets.map(publicTarget),
    notifiers: spec.notifiers.map((n) => (n.kind === 'webhook' && n.secret !== null ? { ...n, secret: { secret: true } } : n)),
  };
}
