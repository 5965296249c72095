import Type from 'typebox';
import { Nullable } from '../platform/http/schema-helpers.ts';
import { GateVerdictBody, ReleaseParams } from '../releases/release-schemas.ts';
import { MAX_EVIDENCE_BYTES } from './evidence-file.ts';

/** Names in paths are checked by the service, which says what exists; the schema only bounds them. */
const PATH_NAME = { minLength: 1, maxLength: 100 };

export const ChecklistQuery = Type.Object({ ring: Type.Optional(Type.String({ ...PATH_NAME, description: 'only this ring' })) }, { additionalProperties: false });

export const ChecklistItemParams = Type.Object({
  ...ReleaseParams.properties,
  ring: Type.String(PATH_NAME),
  role: Type.String(PATH_NAME),
  item: Type.String(PATH_NAME),
});

export const EvidenceParams = Type.Object({ ...ReleaseParams.properties, file: Type.String({ minLength: 1, maxLength: 64, description: 'the evidence file id' }) });

/** Base64 of the largest file, and some slack so an oversized one is refused by the service with its size. */
export const MAX_BASE64_CHARS = Math.ceil(MAX_EVIDENCE_BYTES / 3) * 4 + 1024 * 1024;

export const TickBody = Type.Object(
  {
    note: Type.Optional(Type.String({ maxLength: 2000, description: 'what was checked, for the record' })),
    link: Type.Optional(Type.String({ maxLength: 2000, description: 'evidence: an http(s) URL' })),
    file: Type.Optional(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 1000, description: 'the file name (path parts are dropped)' }),
          mediaType: Type.Optional(Type.String({ maxLength: 200, description: 'default application/octet-stream' })),
          contentBase64: Type.String({ maxLength: MAX_BASE64_CHARS, description: `the bytes, base64; at most ${MAX_EVIDENCE_BYTES} bytes once decoded` }),
        },
        { additionalProperties: false, description: 'evidence: a file of at most 2 MiB' },
      ),
    ),
  },
  { additionalProperties: false },
);

export const EvidenceFileBody = Type.Object({ id: Type.String(), name: Type.String(), size: Type.Integer(), mediaType: Type.String(), sha256: Type.String() });

export const TickViewBody = Type.Object({
  user: Type.String(),
  at: Type.String(),
  note: Type.String(),
  link: Nullable(Type.String()),
  file: Nullable(EvidenceFileBody),
});

export const ChecklistItemBody = Type.Object({
  id: Type.String(),
  text: Type.String(),
  required: Type.Boolean(),
  evidence: Type.Union([Type.Literal('optional'), Type.Literal('required')]),
  tick: Nullable(TickViewBody),
});

export const ChecklistRingBody = Type.Object({
  ring: Type.String(),
  verdict: GateVerdictBody,
  roles: Type.Array(
    Type.Object({
      role: Type.String(),
      holders: Type.Array(Type.String(), { description: 'who may tick: named in the product file, or users whose own role it is' }),
      items: Type.Array(ChecklistItemBody),
    }),
  ),
});

export const ChecklistsBody = Type.Object({ rings: Type.Array(ChecklistRingBody) });

/** A ticked or unticked item, where it belongs, and its ring's checklist verdict now. */
export const ChecklistItemAnswerBody = Type.Object({ ...ChecklistItemBody.properties, ring: Type.String(), role: Type.String(), verdict: GateVerdictBody });
