/**
 * Properties over random input: the parser never throws, every error points
 * into the file, and any valid spec survives a trip through a product file.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { productSpecArb } from '../testing/product-spec-arbitrary.ts';
import { toProductFile } from '../testing/to-product-file.ts';
import { formatProductFileError, parseProductFile } from './parse-product-file.ts';

const EXAMPLE = `product: shop
components:
  - name: api
    dependsOn: [db]
  - { name: db, metadata: { notes: [a, b] } }
rings:
  - name: dev
    gates: [{ soak: 1h }, { quality: { coverageMin: 80 } }]
  - name: prod
    gates:
      - window: { cron: "0 17 * * 1-5", timezone: Asia/Kolkata, duration: 1h }
      - vote: { roles: [sre, qa], veto: [qa] }
    rollout: { waves: [5%, 100%], pause: 10m }
targets:
  - { name: t1, ring: dev, deploy: { command: ./d.sh }, config: { A: 1, B: { secret: x } } }
  - { name: t2, ring: prod, delivery: pull, maintenanceWindow: { cron: "0 2 * * 0", timezone: UTC, duration: 2h } }
roles: { qa: [carol] }
`;

/** Parses and checks the shape of the answer; returns it for more checks. */
function parseChecked(text: string): ReturnType<typeof parseProductFile> {
  const result = parseProductFile(text, 'fuzz.yaml');
  if (result.ok) return result;
  const lines = text.split(/\r\n|\r|\n/).length;
  assert.ok(result.errors.length > 0);
  for (const e of result.errors) {
    assert.ok(Number.isInteger(e.line) && e.line >= 1 && e.line <= lines + 1, formatProductFileError(e));
    assert.ok(Number.isInteger(e.column) && e.column >= 1, formatProductFileError(e));
    assert.ok(e.field.length > 0 && e.message.length > 0 && e.file === 'fuzz.yaml');
  }
  return result;
}

// Keys and values that the product file knows, mixed with near misses, so
// random structures reach deep into the validation instead of failing at the top.
const KEYS = [
  'product', 'description', 'components', 'rings', 'targets', 'roles', 'name', 'dependsOn', 'metadata', 'gates', 'rollout',
  'quality', 'soak', 'approval', 'blessed', 'window', 'vote', 'testsFailed', 'coverageMin', 'criticalVulns', 'requiredStages',
  'role', 'count', 'cron', 'timezone', 'duration', 'freezes', 'from', 'to', 'reason', 'roles', 'veto', 'quorum', 'deadline',
  'waves', 'pause', 'haltOnFailures', 'autoPromote', 'autoRollback', 'unreachable', 'ring', 'users', 'hosting', 'delivery',
  'maintenanceWindow', 'deploy', 'command', 'verify', 'timeout', 'config', 'labels', 'secret', 'qa', 'sre', 'SMTP_HOST',
  'dependOn', 'Name', '__proto__', 'constructor', '',
];
const VALUES = [
  'api', 'web', 'dev', 'prod', 'qa', 'sre', 'product', '24h', '0s', '1h30m', '5%', '100%', '0%', '0 17 * * 1-5', 'Asia/Kolkata',
  'Nowhere/Else', '2026-12-24T00:00:00Z', 'push', 'pull', 'on-prem', 'block', 'skip', './deploy.sh', '', 'true',
  0, 1, -1, 2.5, 100, 1e21, true, false, null,
];
const fuzzValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...VALUES),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 5 }),
  ),
})).value;

describe('parseProductFile on random input', () => {
  it('never throws on random text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => void parseChecked(text)), { numRuns: 500 });
  });

  it('never throws on YAML-looking text', () => {
    const token = fc.constantFrom('product:', 'components:', 'rings:', '- ', '  ', 'name: a', '[', ']', '{', '}', ',', ':', '&a ', '*a', '!!str ', '? ', '|', '>', '"', "'", '#', '---', '\n', '%YAML 1.1\n', 'x');
    fc.assert(fc.property(fc.array(token, { maxLength: 60 }).map((t) => t.join('')), (text) => void parseChecked(text)), { numRuns: 500 });
  });

  it('never throws on random JSON-like data written as YAML', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => void parseChecked(stringify(value))), { numRuns: 300 });
  });

  it('never throws on random structures built from product file vocabulary', () => {
    fc.assert(
      fc.property(fuzzValue, fc.boolean(), (value, flow) => void parseChecked(stringify(value, flow ? { collectionStyle: 'flow' } : {}))),
      { numRuns: 500 },
    );
  });

  it('never throws on a valid file with random edits', () => {
    const edit = fc.record({ at: fc.nat(EXAMPLE.length), remove: fc.nat(20), insert: fc.string({ unit: 'grapheme-ascii', maxLength: 8 }) });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        let text = EXAMPLE;
        for (const e of edits) text = text.slice(0, e.at) + e.insert + text.slice(e.at + e.remove);
        parseChecked(text);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on huge nesting', () => {
    for (const text of ['['.repeat(100_000), '{a: '.repeat(20_000), '- '.repeat(20_000) + 'x', `product: x\ncomponents:\n  - name: a\n    metadata: ${'['.repeat(700)}${']'.repeat(700)}\n`]) {
      const result = parseChecked(text);
      assert.equal(result.ok, false);
    }
  });

  it('accepts the fuzzing seed file', () => {
    assert.equal(parseChecked(EXAMPLE).ok, true);
  });
});

describe('parseProductFile round trip', () => {
  it('reads back any valid spec written as a product file, whatever the key order', () => {
    fc.assert(
      fc.property(productSpecArb, fc.boolean(), (spec, reverseKeys) => {
        const text = toProductFile(spec, reverseKeys);
        const result = parseProductFile(text, 'round-trip.yaml');
        if (!result.ok) assert.fail(`${result.errors.map(formatProductFileError).join('\n')}\n${text}`);
        assert.deepEqual(result.spec, spec);
      }),
      { numRuns: 200 },
    );
  });
});
