import Type, { type Static } from 'typebox';

/** The one shape every error answer has. */
export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'stable machine-readable code, e.g. not_found' }),
      message: Type.String({ description: 'what went wrong, for people' }),
      details: Type.Array(Type.Record(Type.String(), Type.Unknown())),
    }),
  },
  { $id: 'ErrorBody', description: 'Every error answer has this shape' },
);
export type ErrorBody = Static<typeof ErrorBody>;

export function errorBody(code: string, message: string, details: Record<string, unknown>[] = []): ErrorBody {
  return { error: { code, message, details } };
}
