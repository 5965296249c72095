import { InputError } from '../platform/errors/errors.ts';

const NAME = /^[a-z][a-z0-9._-]{0,62}$/;

/** Names of users, products, components, rings and targets share one rule. */
export function assertName(what: string, value: string): void {
  if (!NAME.test(value)) {
    throw new InputError(
      `${what} '${value.slice(0, 80)}' is not a valid name: use 1 to 63 lowercase letters, digits, '.', '_' or '-', starting with a letter`,
      [{ field: what }],
    );
  }
}
