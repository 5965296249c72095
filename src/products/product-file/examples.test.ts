/** The example product files in examples/ read as their comments say. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { deploymentLayers } from '../dependency-order.ts';
import { planChanges } from '../plan-changes.ts';
import { formatProductFileError, parseProductFile } from './parse-product-file.ts';

const examples = join(import.meta.dirname, '..', '..', '..', 'examples');
const parseExample = (name: string) => parseProductFile(readFileSync(join(examples, name), 'utf8'), `examples/${name}`);

describe('example product files', () => {
  it('maya-online.yaml is valid and describes the daily train', () => {
    const result = parseExample('maya-online.yaml');
    if (!result.ok) assert.fail(result.errors.map(formatProductFileError).join('\n'));
    const spec = result.spec;
    assert.equal(spec.name, 'maya-online');
    assert.deepEqual(spec.rings.map((r) => r.name), ['dev', 'internal', 'early-adopters', 'production', 'on-premises']);
    assert.deepEqual(deploymentLayers(spec.components), [['db-migrations'], ['api'], ['web', 'worker']]);
    const production = spec.rings.find((r) => r.name === 'production');
    assert.deepEqual(production?.gates.map((g) => g.kind), ['blessed', 'window', 'checklist', 'vote']);
    assert.deepEqual(spec.train && [spec.train.ring, spec.train.timezone, spec.train.deploy], ['production', 'Asia/Kolkata', '0 17 * * 1-5']);
    assert.deepEqual(spec.notifiers.map((n) => `${n.kind}:${n.name}`), ['webhook:ops-hook', 'email:release-mail']);
    assert.deepEqual(production?.rollout.waves, [{ percent: 5 }, { percent: 25 }, { percent: 100 }]);
    assert.ok(spec.targets.filter((t) => t.hosting === 'on-prem').every((t) => t.delivery === 'pull' && t.maintenanceWindow !== null));
    assert.ok(spec.targets.some((t) => Object.values(t.config).some((v) => v.secret)));
    assert.deepEqual(planChanges(spec, spec), []);
  });

  it('the example in docs/product-file.md is valid', () => {
    const doc = readFileSync(join(examples, '..', 'docs', 'product-file.md'), 'utf8');
    const yaml = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    const result = parseProductFile(yaml, 'docs/product-file.md');
    if (!result.ok) assert.fail(result.errors.map(formatProductFileError).join('\n'));
    assert.equal(result.spec.name, 'maya-online');
  });

  it('invalid/cycle.yaml names the cycle', () => {
    const result = parseExample('invalid/cycle.yaml');
    assert.ok(!result.ok);
    assert.deepEqual(result.errors.map(formatProductFileError), ['examples/invalid/cycle.yaml:5:17 components[0].dependsOn[0]: dependency cycle: api → worker → api']);
  });

  it('invalid/unknown-dependency.yaml names the missing component', () => {
    const result = parseExample('invalid/unknown-dependency.yaml');
    assert.ok(!result.ok);
    assert.deepEqual(result.errors.map(formatProductFileError), [
      "examples/invalid/unknown-dependency.yaml:6:17 components[1].dependsOn[0]: unknown component 'apii' (did you mean 'api'?)",
    ]);
  });
});
