/**
 * Reads typed values out of a parsed YAML document, collecting every problem
 * with the line and column of the node that caused it instead of stopping.
 */
import { isAlias, isMap, isScalar, isSeq, type LineCounter, type Node, type Scalar } from 'yaml';
import { indexPath, keyPath, ROOT_FIELD, type ProductFileError } from './product-file-error.ts';
import { parseDuration } from './durations.ts';
import { didYouMean, quotedList } from './suggest.ts';

/** A node and its readable path in the product (`''` is the document root). */
export interface Located {
  node: Node;
  path: string;
}

/** A validation of a read string: the error message, or null when it is fine. */
export type Check = (value: string) => string | null;

interface Entry {
  key: Scalar;
  value: Located | null;
}

export class Reader {
  readonly errors: ProductFileError[] = [];
  readonly #file: string;
  readonly #lines: LineCounter;

  constructor(file: string, lines: LineCounter) {
    this.#file = file;
    this.#lines = lines;
  }

  /** Records a problem at a node's first character (or at a source offset). */
  report(at: Node | number, path: string, message: string): void {
    const offset = typeof at === 'number' ? at : (at.range?.[0] ?? 0);
    const { line, col } = this.#lines.linePos(offset);
    this.errors.push({ file: this.#file, line: Math.max(1, line), column: Math.max(1, col), field: path === '' ? ROOT_FIELD : path, message });
  }

  /** A map restricted to `keys`: unknown keys are reported with a hint. */
  map<K extends string>(at: Located, keys: readonly K[]): MapFields<K> | undefined {
    const entries = this.entries(at);
    if (entries === undefined) return undefined;
    const known = new Map<string, Entry>();
    for (const entry of entries) {
      const key = entry.key.value as string;
      if ((keys as readonly string[]).includes(key)) known.set(key, entry);
      else this.report(entry.key, keyPath(at.path, key), `unknown field '${key}'${didYouMean(key, keys)}`);
    }
    return new MapFields(this, at, known);
  }

  /** Every entry of a map whose keys are free (config, labels, roles); keys must be strings. */
  entries(at: Located): Entry[] | undefined {
    if (!isMap(at.node)) return this.#wrongType(at, 'a map');
    const result: Entry[] = [];
    for (const pair of at.node.items) {
      const key = pair.key as Node | null;
      if (!isScalar(key) || typeof key.value !== 'string') {
        this.report(key ?? at.node, at.path, 'keys must be plain strings');
        continue;
      }
      const path = keyPath(at.path, key.value);
      const value = pair.value as Node | null;
      const isNull = value === null || (isScalar(value) && value.value === null);
      result.push({ key, value: isNull ? null : { node: value, path } });
    }
    return result;
  }

  seq(at: Located): Located[] | undefined {
    if (!isSeq(at.node)) return this.#wrongType(at, 'a list');
    const items: Located[] = [];
    at.node.items.forEach((item, i) => {
      items.push({ node: (item as Node | null) ?? at.node, path: indexPath(at.path, i) });
    });
    return items;
  }

  string(at: Located, check?: Check): string | undefined {
    const value = this.#scalar(at, 'string', 'a string');
    if (value === undefined || check === undefined) return value as string | undefined;
    const problem = check(value as string);
    if (problem !== null) {
      this.report(at.node, at.path, problem);
      return undefined;
    }
    return value as string;
  }

  integer(at: Located, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const value = this.#scalar(at, 'number', 'an integer') as number | undefined;
    if (value === undefined) return undefined;
    if (!Number.isSafeInteger(value)) return this.#fail(at, 'expected an integer');
    if (value < min || value > max) return this.#fail(at, `must be ${rangeText(min, max)}`);
    return value + 0; // -0 → 0: JSON storage would turn it into 0 and report a change
  }

  number(at: Located, min: number, max: number): number | undefined {
    const value = this.#scalar(at, 'number', 'a number') as number | undefined;
    if (value === undefined) return undefined;
    if (!Number.isFinite(value) || value < min || value > max) return this.#fail(at, `must be ${rangeText(min, max)}`);
    return value + 0;
  }

  boolean(at: Located): boolean | undefined {
    return this.#scalar(at, 'boolean', 'true or false') as boolean | undefined;
  }

  /** A duration like `1h30m`, in seconds; `min` 1 forbids zero. */
  duration(at: Located, min: 0 | 1): number | undefined {
    const text = this.#scalar(at, 'string', 'a duration like 90s, 10m, 1h30m or 2d') as string | undefined;
    if (text === undefined) return undefined;
    const seconds = parseDuration(text);
    if (seconds === null) return this.#fail(at, `'${text}' is not a duration: use d, h, m and s in that order, like 90s, 10m, 1h30m or 2d`);
    if (seconds < min) return this.#fail(at, 'must be longer than zero');
    return seconds;
  }

  oneOf<T extends string>(at: Located, values: readonly T[]): T | undefined {
    const value = this.string(at);
    if (value === undefined) return undefined;
    if ((values as readonly string[]).includes(value)) return value as T;
    return this.#fail(at, `'${value}' is not one of ${quotedList(values)}${didYouMean(value, values)}`);
  }

  /** A list of unique strings, each checked; the items keep their location for cross-checks. */
  stringList(at: Located, check?: Check): { value: string; at: Located }[] | undefined {
    const items = this.seq(at);
    if (items === undefined) return undefined;
    const result: { value: string; at: Located }[] = [];
    for (const item of items) {
      const value = this.string(item, check);
      if (value === undefined) continue;
      if (result.some((r) => r.value === value)) this.report(item.node, item.path, `'${value}' is listed twice`);
      else result.push({ value, at: item });
    }
    return result;
  }

  #scalar(at: Located, type: 'string' | 'number' | 'boolean', expected: string): unknown {
    if (isScalar(at.node) && typeof at.node.value === type) return at.node.value;
    return this.#wrongType(at, expected);
  }

  #wrongType(at: Located, expected: string): undefined {
    return this.#fail(at, `expected ${expected}, got ${describe(at.node)}`);
  }

  #fail(at: Located, message: string): undefined {
    this.report(at.node, at.path, message);
    return undefined;
  }
}

/** The known fields of one map. Null values (`key:` with nothing after it) count as absent. */
export class MapFields<K extends string> {
  readonly at: Located;
  readonly #reader: Reader;
  readonly #entries: Map<string, Entry>;

  constructor(reader: Reader, at: Located, entries: Map<string, Entry>) {
    this.#reader = reader;
    this.at = at;
    this.#entries = entries;
  }

  get(key: K): Located | undefined {
    return this.#entries.get(key)?.value ?? undefined;
  }

  /** Like get, but reports a missing field (at the map) or an empty one (at its key). */
  require(key: K): Located | undefined {
    const entry = this.#entries.get(key);
    const path = keyPath(this.at.path, key);
    if (entry === undefined) this.#reader.report(this.at.node, path, `missing required field '${key}'`);
    else if (entry.value === null) this.#reader.report(entry.key, path, `'${key}' needs a value`);
    return entry?.value ?? undefined;
  }
}

export function describe(node: Node): string {
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isAlias(node)) return 'an alias';
  if (isScalar(node)) {
    if (node.value === null) return 'nothing';
    if (typeof node.value === 'number') return 'a number';
    if (typeof node.value === 'boolean') return 'a boolean';
    if (typeof node.value === 'string') return 'a string';
  }
  return 'an unsupported value';
}

function rangeText(min: number, max: number): string {
  if (max === Number.MAX_SAFE_INTEGER) return min === 0 ? 'zero or more' : `at least ${min}`;
  return `between ${min} and ${max}`;
}
