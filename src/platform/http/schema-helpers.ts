import Type, { type TSchema } from 'typebox';

/** A value of `schema` or null. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** Every route documents its 4xx answers as the one error shape. */
export const ERROR_RESPONSES = { '4xx': { $ref: 'ErrorBody#' } } as const;

/** Offsets and sequence numbers fit a 32-bit integer column on both engines; larger ones are refused up front. */
export const MAX_OFFSET = 2_147_483_647;
