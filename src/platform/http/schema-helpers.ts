import Type, { type Static, type TSchema } from 'typebox';

/**
 * A value of `schema` or null. A scalar becomes `type: [t, 'null']` rather than
 * anyOf: Fastify's validator coerces types, and in an anyOf it would turn a
 * JSON null into '' or 0 through the first branch before trying the second.
 */
export const Nullable = <T extends TSchema>(schema: T) => {
  const type = (schema as { type?: unknown }).type;
  if (typeof type === 'string' && type !== 'object' && type !== 'array' && !('anyOf' in schema)) {
    return Type.Unsafe<Static<T> | null>({ ...schema, type: [type, 'null'] });
  }
  return Type.Union([schema, Type.Null()]);
};

/** Every route documents its 4xx answers as the one error shape. */
export const ERROR_RESPONSES = { '4xx': { $ref: 'ErrorBody#' } } as const;

/** Offsets and sequence numbers fit a 32-bit integer column on both engines; larger ones are refused up front. */
export const MAX_OFFSET = 2_147_483_647;
