import { InputError } from '../platform/errors/errors.ts';

/** User names: also the rule for role members in product files. */
export const USER_NAME = /^[a-z][a-z0-9._-]{0,62}$/;

export function assertName(what: string, value: string): void {
  if (!USER_NAME.test(value)) {
    throw new InputError(
      `${what} '${value.slice(0, 80)}' is not a valid name: use 1 to 63 lowercase letters, digits, '.', '_' or '-', starting with a letter`,
      [{ field: what }],
    );
  }
}
