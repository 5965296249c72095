import Type, { type Static } from 'typebox';
import { Nullable } from '../platform/http/schema-helpers.ts';
import { USER_ROLES } from './roles.ts';
import { type Principal, TOKEN_KINDS } from './auth-types.ts';


export const UserBody = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Type.String(),
  email: Nullable(Type.String()),
  hasPassword: Type.Boolean(),
  createdAt: Type.String(),
  disabledAt: Nullable(Type.String()),
});

export const NewUserBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 63 }),
    role: Type.Enum(USER_ROLES),
    email: Type.Optional(Type.String({ maxLength: 254 })),
    password: Type.Optional(Type.String({ maxLength: 1024 })),
  },
  { additionalProperties: false },
);

export const TokenBody = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  user: Nullable(Type.String()),
  product: Nullable(Type.String()),
  target: Nullable(Type.String()),
  createdBy: Type.String(),
  createdAt: Type.String(),
  expiresAt: Nullable(Type.String()),
  revokedAt: Nullable(Type.String()),
  lastUsedAt: Nullable(Type.String()),
});

export const NewTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    kind: Type.Optional(Type.Enum(TOKEN_KINDS)),
    user: Type.Optional(Type.String({ maxLength: 63 })),
    product: Type.Optional(Type.String({ maxLength: 63 })),
    target: Type.Optional(Type.String({ maxLength: 63 })),
    expiresInSeconds: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

export const IssuedTokenBody = Type.Object({
  token: TokenBody,
  secret: Type.String({ description: 'the token; shown once, never again' }),
});

export const LoginBody = Type.Object(
  {
    user: Type.String({ minLength: 1, maxLength: 63 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
    tokenName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    expiresInSeconds: Type.Optional(Type.Integer({ minimum: 60, maximum: 90 * 24 * 3600 })),
  },
  { additionalProperties: false },
);

export const MeBody = Type.Object({
  actor: Type.String(),
  kind: Type.String(),
  role: Nullable(Type.String()),
  permissions: Type.Array(Type.String()),
  product: Nullable(Type.String()),
  target: Nullable(Type.String()),
});

export const SessionBody = Type.Object(
  {
    user: Type.Optional(Type.String({ minLength: 1, maxLength: 63 })),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
    token: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'a personal token to use as the session instead of a password' })),
  },
  { additionalProperties: false, description: 'either user and password, or token' },
);

export const SignedOutBody = Type.Object({ signedOut: Type.Literal(true) });

export const CurrentSessionBody = Type.Object({ session: Nullable(MeBody) });

/** Who a principal is, as GET /api/me and a browser sign-in answer it. */
export function meOf(p: Principal): Static<typeof MeBody> {
  return { actor: p.actor, kind: p.kind, role: p.role, permissions: [...p.permissions], product: p.product, target: p.target };
}
