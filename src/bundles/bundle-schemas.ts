import Type from 'typebox';
import { MAX_LOG_REPORT_CHARS, StepReportBody } from '../agents/agent-schemas.ts';
import { HEALTH_STATES } from '../agents/agent-types.ts';
import { Nullable } from '../platform/http/schema-helpers.ts';

const Instant = Type.String({ format: 'date-time', maxLength: 40 });
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });

export const OFFLINE_RESULT_FORMAT = 'ringmaster-offline-result/1';

/** What `ringmaster agent --offline-bundle` did, as it writes it into the result file. */
export const OfflineResultBody = Type.Object(
  {
    product: Text(63),
    target: Text(63),
    deployment: Type.String({ format: 'uuid' }),
    release: Text(100),
    state: Type.Union([Type.Literal('succeeded'), Type.Literal('failed')]),
    error: Nullable(Type.String({ maxLength: 2000 })),
    steps: Type.Array(StepReportBody, { maxItems: 500 }),
    log: Type.String({ maxLength: MAX_LOG_REPORT_CHARS }),
    health: Type.Object({ state: Type.Enum(HEALTH_STATES), detail: Type.String({ maxLength: 2000 }) }, { additionalProperties: false }),
    startedAt: Instant,
    finishedAt: Instant,
    agentVersion: Type.String({ maxLength: 100 }),
  },
  { additionalProperties: false },
);

export const OfflineResultFileBody = Type.Object(
  {
    format: Type.Literal(OFFLINE_RESULT_FORMAT),
    result: OfflineResultBody,
    signature: Type.String({ minLength: 1, maxLength: 200, description: 'base64 HMAC-SHA256 of the canonical JSON of result, keyed with the bundle’s report key' }),
  },
  { additionalProperties: false },
);

export const ExportBundleBody = Type.Object(
  { target: Type.String({ pattern: '^[a-z][a-z0-9-]{0,62}$', maxLength: 63, description: 'the pull target the bundle is for' }) },
  { additionalProperties: false },
);

export const ImportAnswerBody = Type.Object({
  deployment: Type.String(),
  target: Type.String(),
  state: Type.String({ description: "the deployment's state after the import" }),
});
