import type { FastifyRequest } from 'fastify';
import { InputError } from '../errors/errors.ts';

/**
 * PostgreSQL text cannot hold U+0000, so a NUL anywhere in the input is
 * refused at the door with a clear message, on both engines alike.
 */
export async function rejectNulCharacters(request: FastifyRequest): Promise<void> {
  for (const [part, value] of [['path', request.params], ['query', request.query], ['body', request.body]] as const) {
    const field = findNul(value, part);
    if (field) throw new InputError(`${field} contains a NUL character, which is not allowed`, [{ field }]);
  }
}

function findNul(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (depth > 64 || typeof value !== 'object' || value === null) return null;
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes('\u0000')) return `${path}.(key)`;
    const found = findNul(inner, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}
