import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { Header } from 'tar';
import type { Manifest } from '../agents/agent-types.ts';
import { BundleError, type BundleContents, type OfflineResult, parseBundle, parseResultFile, resultSignature, writeBundleArchive, writeResultFile } from './bundle-format.ts';
import { canonicalJson } from './canonical-json.ts';
import { keyFingerprint } from './signing-key.ts';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const PEM = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const signer = (data: Buffer) => sign(null, data, privateKey);

const MANIFEST: Manifest = {
  product: 'shop',
  release: '2.3.0',
  ring: 'on-premises',
  target: 'acme',
  deployment: '3f2b8c1e-6a1d-4c1e-9a51-2d3c4b5a6978',
  kind: 'deploy',
  components: [{ name: 'api', version: '2.3.0', artifact: 'api-2-3-0-abc1234', commit: 'abc1234', branch: 'main', artifacts: { image: 'registry/api:2.3.0' }, dependsOn: [] }],
  commands: { install: './install.sh', verify: null, rollback: null, timeoutSeconds: 600 },
  config: { SITE: 'acme', LICENCE: 's3cr3t' },
  secretConfig: ['LICENCE'],
};

function contents(overrides: Partial<BundleContents> = {}): BundleContents {
  return { format: 'ringmaster-bundle/1', manifest: MANIFEST, runbook: '# Install shop 2.3.0 on acme\n', reportKey: randomBytes(32).toString('base64'), exportedAt: '2026-11-23T09:00:00.000Z', serverFingerprint: keyFingerprint(publicKey), ...overrides };
}

/** A gzip'd tar of the given members, signed or not as the test wants. */
function archive(members: [string, Buffer | string][]): Buffer {
  const blocks: Buffer[] = [];
  for (const [path, text] of members) {
    const data = Buffer.from(text);
    const header = Buffer.alloc(512);
    new Header({ path, mode: 0o600, size: data.length, mtime: new Date(0), type: 'File' }).encode(header, 0);
    blocks.push(header, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  return gzipSync(Buffer.concat([...blocks, Buffer.alloc(1024)]));
}

function signedMembers(value: unknown, runbook: string): [string, string][] {
  const json = JSON.stringify(value);
  return [
    ['bundle.json', json],
    ['runbook.md', runbook],
    ['SIGNATURE', signer(Buffer.concat([Buffer.from(json), Buffer.from(runbook)])).toString('base64')],
  ];
}

describe('offline bundle format', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rm-bundle-format-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads back what it wrote, signed by the key given', async () => {
    const written = contents();
    const bytes = await writeBundleArchive(written, signer);
    assert.deepEqual(await parseBundle(bytes, PEM), written);
  });

  it('refuses anything but an intact bundle of this format, naming the problem', async () => {
    const good = contents();
    const cases: [string, Buffer, RegExp][] = [
      ['not gzip', Buffer.from('hello, I am a bundle'), /not a gzip archive/],
      ['gzip but not tar', gzipSync(Buffer.from('x'.repeat(1000))), /not a tar archive/],
      ['a member missing', archive(signedMembers(good, good.runbook).slice(0, 2)), /has no SIGNATURE/],
      ['an extra member', archive([...signedMembers(good, good.runbook), ['install.sh', 'rm -rf /']]), /unexpected member "install\.sh"/],
      ['a member twice', archive([...signedMembers(good, good.runbook), ['runbook.md', 'again']]), /runbook\.md twice/],
      ['a directory', archiveWithDirectory(good), /"docs\/", which is not a plain file/],
      ['another format', archive(signedMembers({ ...good, format: 'ringmaster-bundle/2' }, good.runbook)), /"ringmaster-bundle\/2"; this Ringmaster reads ringmaster-bundle\/1/],
      ['bundle.json not JSON', archive([['bundle.json', '{'], ['runbook.md', ''], ['SIGNATURE', '']]), /not valid JSON/],
      ['a signature over other bytes', archive([...signedMembers(good, good.runbook).slice(0, 2), ['SIGNATURE', signer(Buffer.from('other')).toString('base64')]]), /signature does not match its contents/],
      ['a bad manifest, signed', archive(signedMembers({ ...good, manifest: { ...MANIFEST, components: 'api' } }, good.runbook)), /manifest is not a valid manifest \(manifest\/components/],
      ['runbooks that differ', archive(signedMembers(good, 'another runbook')), /runbook\.md differs/],
      ['a short report key', archive(signedMembers({ ...good, reportKey: 'AAAA' }, good.runbook)), /report key/],
      ['an unknown field', archive(signedMembers({ ...good, extra: 1 }, good.runbook)), /unknown fields \(extra\)/],
    ];
    for (const [what, bytes, message] of cases) {
      await assert.rejects(parseBundle(bytes, PEM), (error: unknown) => {
        assert.ok(error instanceof BundleError, `${what}: ${String(error)}`);
        assert.match(error.message, message, what);
        return true;
      });
    }
  });

  it('says which key signed it when checked with another, and refuses a key that is no Ed25519 key', async () => {
    const bytes = await writeBundleArchive(contents(), signer);
    const other = generateKeyPairSync('ed25519').publicKey;
    await assert.rejects(parseBundle(bytes, other.export({ type: 'spki', format: 'pem' }).toString()), new RegExp(`signed by the server key ${keyFingerprint(publicKey)}, but the key given is ${keyFingerprint(other)}`));
    await assert.rejects(parseBundle(bytes, 'not a key'), /not an Ed25519 public key/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    await assert.rejects(parseBundle(bytes, rsa), /not an Ed25519 public key/);
  });

  it('answers a BundleError to any bytes, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), fc.boolean(), async (raw, zipped) => {
        const bytes = zipped ? gzipSync(raw) : Buffer.from(raw);
        await assert.rejects(parseBundle(bytes, PEM), BundleError);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a signed bundle with any one byte flipped', async () => {
    const tar = gunzipSync(await writeBundleArchive(contents(), signer));
    const dataStart = 512; // bundle.json's data follows its header
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: dataStart, max: dataStart + 300 }), fc.integer({ min: 1, max: 255 }), async (at, xor) => {
        const changed = Buffer.from(tar);
        changed[at] = changed[at]! ^ xor;
        await assert.rejects(parseBundle(gzipSync(changed), PEM), BundleError);
      }),
      { numRuns: 100 },
    );
  });
});

/** A signed bundle with a directory entry in front. */
function archiveWithDirectory(good: BundleContents): Buffer {
  const header = Buffer.alloc(512);
  new Header({ path: 'docs/', mode: 0o755, size: 0, mtime: new Date(0), type: 'Directory' }).encode(header, 0);
  return gzipSync(Buffer.concat([header, gunzipSync(archive(signedMembers(good, good.runbook)))]));
}

describe('offline result file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rm-result-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const bundle = contents();
  const result: OfflineResult = {
    product: 'shop',
    target: 'acme',
    deployment: MANIFEST.deployment,
    release: '2.3.0',
    state: 'succeeded',
    error: null,
    steps: [{ component: 'api', state: 'succeeded', phase: 'verify', exitCode: 0, error: null, startedAt: '2026-11-23T09:00:00.000Z', finishedAt: '2026-11-23T09:01:00.000Z' }],
    log: 'ok\n',
    health: { state: 'healthy', detail: 'verify passed' },
    startedAt: '2026-11-23T09:00:00.000Z',
    finishedAt: '2026-11-23T09:01:00.000Z',
    agentVersion: '1.0.0',
  };

  it('writes a result signed with the bundle report key, and reads it back', async () => {
    const path = join(dir, 'r.json');
    await writeResultFile(path, result, bundle);
    const parsed = parseResultFile(readFileSync(path, 'utf8'));
    assert.deepEqual(parsed.result, result);
    assert.equal(parsed.signature, resultSignature(result, bundle.reportKey));
    assert.notEqual(parsed.signature, resultSignature({ ...result, state: 'failed' }, bundle.reportKey));
    assert.notEqual(parsed.signature, resultSignature(result, contents().reportKey));
  });

  it('writes only the fields of a result, and cuts a log too long for the server at its start', async () => {
    const path = join(dir, 'r2.json');
    const step = { ...result.steps[0]!, version: '2.3.0', artifact: 'api-2-3-0-abc1234' };
    await writeResultFile(path, { ...result, steps: [step], log: `${'x'.repeat(300 * 1024)}the end\n` }, bundle);
    const parsed = parseResultFile(readFileSync(path, 'utf8'));
    assert.deepEqual(Object.keys(parsed.result.steps[0]!).sort(), ['component', 'error', 'exitCode', 'finishedAt', 'phase', 'startedAt', 'state']);
    assert.ok(parsed.result.log.endsWith('the end\n'));
    assert.match(parsed.result.log, /^\[… the beginning of the log is cut/);
    assert.equal(parsed.signature, resultSignature(parsed.result, bundle.reportKey));
  });

  it('signs the canonical JSON: key order does not matter', () => {
    const reordered = Object.fromEntries(Object.entries(result).reverse()) as unknown as OfflineResult;
    assert.equal(resultSignature(reordered, bundle.reportKey), resultSignature(result, bundle.reportKey));
    assert.equal(canonicalJson({ b: 1, a: [{ d: 1, c: null }], u: undefined }), '{"a":[{"c":null,"d":1}],"b":1}');
  });

  it('refuses text that is not a result file, naming the problem', () => {
    const file = { format: 'ringmaster-offline-result/1', result, signature: 'abc' };
    const cases: [string, string, RegExp][] = [
      ['not JSON', '{', /not valid JSON/],
      ['an array', '[]', /not a JSON object/],
      ['another format', JSON.stringify({ ...file, format: 'x/2' }), /has "x\/2"/],
      ['a bad state', JSON.stringify({ ...file, result: { ...result, state: 'done' } }), /\/state/],
      ['no signature', JSON.stringify({ ...file, signature: undefined }), /signature/],
    ];
    for (const [what, text, message] of cases) assert.throws(() => parseResultFile(text), (e: unknown) => e instanceof BundleError && message.test(e.message), what);
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          parseResultFile(text);
          return false;
        } catch (error) {
          return error instanceof BundleError;
        }
      }),
    );
  });
});
