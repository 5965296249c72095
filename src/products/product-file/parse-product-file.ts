/**
 * Product file (YAML text) → validated, normalised ProductSpec, or every
 * problem found, each with its file, line, column and field. Never throws.
 */
import { isMap, isScalar, LineCounter, parseDocument, visit, type YAMLError } from 'yaml';
import type { ProductSpec } from '../product-spec.ts';
import { ROOT_FIELD, type ProductFileError } from './product-file-error.ts';
import { checkName } from './name-rules.ts';
import { readComponents } from './read-components.ts';
import { readNotifiers } from './read-notifiers.ts';
import { readRings } from './read-rings.ts';
import { readRoles } from './read-roles.ts';
import { readTargets } from './read-targets.ts';
import { readTrain } from './read-train.ts';
import { describe, type Located, Reader } from './yaml-reader.ts';

export { formatProductFileError, type ProductFileError } from './product-file-error.ts';

export type ParseResult = { ok: true; spec: ProductSpec } | { ok: false; errors: ProductFileError[] };

/** Past this many, more errors only bury the first ones. */
const MAX_ERRORS = 100;

export function parseProductFile(text: string, fileName: string): ParseResult {
  try {
    return parse(text, fileName);
  } catch (e) {
    // A bug in this module must still give the user an answer, not a crash.
    const reason = e instanceof Error ? `${e.name}: ${e.message.slice(0, 200)}` : 'unknown error';
    return { ok: false, errors: [{ file: fileName, line: 1, column: 1, field: ROOT_FIELD, message: `could not read the product file (${reason})` }] };
  }
}

function parse(text: string, fileName: string): ParseResult {
  if (typeof text !== 'string') return failAt(fileName, 'expected the text of a product file');
  const lines = new LineCounter();
  // YAML 1.2 core schema whatever the file's %YAML directive says: `yes`, `on`
  // and dates stay strings. Plain error messages: pretty ones quote source
  // lines, which may hold secrets.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, version: '1.2', schema: 'core' });
  const r = new Reader(fileName, lines);
  for (const problem of [...doc.errors, ...doc.warnings]) r.report(problem.pos[0], '', yamlMessage(problem, text));
  if (r.errors.length > 0) return failed(r);

  // Aliases would make one node mean several places, and line numbers lie.
  visit(doc, {
    Alias(_, alias) {
      r.report(alias, '', `YAML aliases (*${alias.source}) are not supported: write the value out in full`);
    },
  });
  if (r.errors.length > 0) return failed(r);

  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) {
    r.report(0, '', 'the file is empty: a product file needs at least product, components and rings');
    return failed(r);
  }
  if (!isMap(contents)) {
    r.report(contents, '', `a product file is a map with product, components and rings, got ${describe(contents)}`);
    return failed(r);
  }
  const spec = readProduct(r, { node: contents, path: '' });
  return spec === undefined || r.errors.length > 0 ? failed(r) : { ok: true, spec };
}

function readProduct(r: Reader, root: Located): ProductSpec | undefined {
  const m = r.map(root, ['product', 'description', 'components', 'rings', 'targets', 'roles', 'train', 'notify']);
  if (m === undefined) return undefined;
  const nameAt = m.require('product');
  const name = nameAt && r.string(nameAt, checkName);
  const descriptionAt = m.get('description');
  const description = descriptionAt === undefined ? '' : r.string(descriptionAt);
  const componentsAt = m.require('components');
  const components = componentsAt && readComponents(r, componentsAt);
  const ringsAt = m.require('rings');
  const { rings, names: ringNames } = ringsAt ? readRings(r, ringsAt) : { rings: undefined, names: undefined };
  const targetsAt = m.get('targets');
  const targets = targetsAt === undefined ? [] : readTargets(r, targetsAt, ringNames);
  const rolesAt = m.get('roles');
  const roles = rolesAt === undefined ? {} : readRoles(r, rolesAt);
  const trainAt = m.get('train');
  const train = trainAt === undefined ? null : readTrain(r, trainAt, ringNames);
  const notifyAt = m.get('notify');
  const notifiers = notifyAt === undefined ? [] : readNotifiers(r, notifyAt);
  if (name === undefined || description === undefined || components === undefined || rings === undefined || targets === undefined || roles === undefined) {
    return undefined;
  }
  if (train === undefined || notifiers === undefined) return undefined;
  return { name, description, components, rings, targets, roles, train, notifiers };
}

function yamlMessage(problem: YAMLError, text: string): string {
  switch (problem.code) {
    case 'DUPLICATE_KEY': {
      // The error spans only the key's first character: read the key up to its colon.
      const key = /^(?:"[^"\n]*"|'[^'\n]*'|[^:\n,{}[\]]*)/.exec(text.slice(problem.pos[0], problem.pos[0] + 80))?.[0].trim() ?? '';
      return `duplicate key '${key.replace(/^["']|["']$/g, '')}'`;
    }
    case 'MULTIPLE_DOCS':
      return 'the file holds more than one YAML document (---): put one product in a file';
    case 'RESOURCE_EXHAUSTION':
      return 'nested too deeply';
    case 'TAG_RESOLVE_FAILED':
      return 'YAML tags (like !!binary or !custom) are not supported';
    default:
      return `invalid YAML: ${problem.message.slice(0, 200)}`;
  }
}

/** Errors in file order, without repeats, at most MAX_ERRORS. */
function failed(r: Reader): ParseResult {
  const seen = new Set<string>();
  const errors = r.errors
    .filter((e) => {
      const key = `${e.line}:${e.column}:${e.field}:${e.message}`;
      return seen.has(key) ? false : (seen.add(key), true);
    })
    .sort((a, b) => a.line - b.line || a.column - b.column);
  if (errors.length <= MAX_ERRORS) return { ok: false, errors };
  const last = errors[MAX_ERRORS - 1] as ProductFileError;
  const shown = errors.slice(0, MAX_ERRORS);
  shown.push({ ...last, field: ROOT_FIELD, message: `${errors.length - MAX_ERRORS} more errors not shown` });
  return { ok: false, errors: shown };
}

function failAt(file: string, message: string): ParseResult {
  return { ok: false, errors: [{ file, line: 1, column: 1, field: ROOT_FIELD, message }] };
}
