/** Parsers for option values: a bad value is a usage error naming the expected form. */
import { InvalidArgumentError } from 'commander';
import { parseDuration } from '../products/product-file/durations.ts';

export function wholeNumber(min: number): (text: string) => number {
  return (text) => {
    const n = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number of at least ${min}`);
    return n;
  };
}

/** `90m`, `12h`, `30d`, `1h30m` → seconds (the product file's duration syntax). */
export function duration(text: string): number {
  const seconds = parseDuration(text.trim());
  if (seconds === null || seconds === 0) throw new InvalidArgumentError('expected a duration like 90m, 12h or 30d');
  return seconds;
}
