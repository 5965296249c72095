/**
 * The offline bundle and its result file, as files on disk: what the server
 * exports for an air-gapped site, what `ringmaster agent --offline-bundle`
 * reads and writes there, and what `ringmaster report import` brings back.
 *
 * The bundle is one gzip'd tar archive of exactly three members:
 *   bundle.json  the BundleContents
 *   runbook.md   the same runbook text, for the people at the site
 *   SIGNATURE    base64 Ed25519 signature over bundle.json's bytes followed by runbook.md's
 * The result file is JSON { format, result, signature } with signature = base64
 * HMAC-SHA256(reportKey, canonical JSON of result): the site cannot sign with the
 * server's key, so the bundle carries a key the server keeps for that deployment.
 */
import { createHmac, createPublicKey } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Header, Parser, type ReadEntry } from 'tar';
import type { TSchema } from 'typebox';
import Value from 'typebox/value';
import { MAX_LOG_REPORT_CHARS, ManifestBody } from '../agents/agent-schemas.ts';
import type { HealthState, Manifest, StepReport } from '../agents/agent-types.ts';
import { InputError } from '../platform/errors/errors.ts';
import { OFFLINE_RESULT_FORMAT, OfflineResultBody, OfflineResultFileBody } from './bundle-schemas.ts';
import { canonicalJson } from './canonical-json.ts';
import { keyFingerprint, verifySignature } from './signing-key.ts';

export const BUNDLE_FORMAT = 'ringmaster-bundle/1';
export { OFFLINE_RESULT_FORMAT };

const MEMBERS = ['bundle.json', 'runbook.md', 'SIGNATURE'] as const;
type Member = (typeof MEMBERS)[number];
/** A bundle is a manifest and some text; anything near this is not one of ours (or a zip bomb). */
const MAX_BUNDLE_BYTES = 64 * 1024 * 1024;

export interface BundleContents {
  format: typeof BUNDLE_FORMAT;
  manifest: Manifest;
  runbook: string;
  /** base64 of 32 random bytes: the key the site's result file is signed with. */
  reportKey: string;
  exportedAt: string;
  /** Fingerprint of the server key that signed the bundle (see signing-key.ts). */
  serverFingerprint: string;
}

export interface OfflineResult {
  product: string;
  target: string;
  deployment: string;
  release: string;
  state: 'succeeded' | 'failed';
  error: string | null;
  steps: StepReport[];
  log: string;
  health: { state: HealthState; detail: string };
  startedAt: string;
  finishedAt: string;
  agentVersion: string;
}

export interface OfflineResultFile {
  format: typeof OFFLINE_RESULT_FORMAT;
  result: OfflineResult;
  signature: string;
}

/** A bundle or result file that is not intact, not ours, or not understood. */
export class BundleError extends InputError {
  constructor(message: string) {
    super(message, [], 'invalid_bundle');
  }
}

export async function writeBundleArchive(contents: BundleContents, sign: (data: Buffer) => Buffer): Promise<Buffer> {
  const json = Buffer.from(JSON.stringify(contents, null, 2) + '\n');
  const runbook = Buffer.from(contents.runbook);
  const signature = Buffer.from(sign(Buffer.concat([json, runbook])).toString('base64') + '\n');
  const mtime = Number.isNaN(Date.parse(contents.exportedAt)) ? new Date() : new Date(contents.exportedAt);
  const files: [Member, Buffer][] = [
    ['bundle.json', json],
    ['runbook.md', runbook],
    ['SIGNATURE', signature],
  ];
  const blocks: Buffer[] = [];
  for (const [path, data] of files) {
    const header = Buffer.alloc(512);
    // 0600: the bundle holds the target's secret configuration.
    new Header({ path, mode: 0o600, size: data.length, mtime, type: 'File', uid: 0, gid: 0 }).encode(header, 0);
    blocks.push(header, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

/** Throws BundleError (clear message) on anything but an intact bundle signed by serverKeyPem. */
export async function readBundle(path: string, serverKeyPem: string): Promise<BundleContents> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new BundleError(`cannot read the bundle ${path}: ${(error as Error).message}`);
  }
  return parseBundle(bytes, serverKeyPem);
}

/** readBundle for bytes already in memory. */
export async function parseBundle(bytes: Buffer, serverKeyPem: string): Promise<BundleContents> {
  const members = await unpack(bytes);
  for (const name of MEMBERS) if (!members.has(name)) throw new BundleError(`the bundle has no ${name}: it is incomplete or not a Ringmaster bundle`);
  const json = members.get('bundle.json')!;
  const runbook = members.get('runbook.md')!;

  let contents: unknown;
  try {
    contents = JSON.parse(json.toString('utf8'));
  } catch {
    throw new BundleError('bundle.json in the bundle is not valid JSON: the bundle is damaged');
  }
  if (contents === null || typeof contents !== 'object' || Array.isArray(contents)) throw new BundleError('bundle.json in the bundle is not an object: the bundle is damaged');
  const record = contents as Record<string, unknown>;
  if (record.format !== BUNDLE_FORMAT) {
    const named = typeof record.format === 'string' ? `"${record.format.slice(0, 60)}"` : 'no format';
    throw new BundleError(`the bundle has ${named}; this Ringmaster reads ${BUNDLE_FORMAT} (use the same version as the server that exported it)`);
  }

  const signature = Buffer.from(members.get('SIGNATURE')!.toString('utf8').trim(), 'base64');
  if (!verifySignature(serverKeyPem, Buffer.concat([json, runbook]), signature)) {
    const theirs = typeof record.serverFingerprint === 'string' ? record.serverFingerprint.slice(0, 64) : null;
    const ours = publicKeyFingerprint(serverKeyPem);
    if (ours === null) throw new BundleError('the server key given is not an Ed25519 public key in PEM form (get it with `ringmaster bundle key`)');
    if (theirs !== null && theirs !== ours) {
      throw new BundleError(`the bundle says it was signed by the server key ${theirs}, but the key given is ${ours}: use that server's key (\`ringmaster bundle key\`); if it is the right key, the bundle was changed after export`);
    }
    throw new BundleError('the bundle signature does not match its contents: the bundle was changed after export or is damaged; do not install it');
  }

  if (!Value.Check(ManifestBody, record.manifest)) throw new BundleError(`the bundle's manifest is not a valid manifest${firstProblem(ManifestBody, record.manifest, 'manifest')}`);
  if (typeof record.runbook !== 'string' || record.runbook !== runbook.toString('utf8')) {
    throw new BundleError('the bundle runbook.md differs from the runbook in bundle.json: the bundle is damaged');
  }
  if (typeof record.reportKey !== 'string' || Buffer.from(record.reportKey, 'base64').length !== 32) {
    throw new BundleError('the bundle has no valid report key (32 bytes, base64)');
  }
  if (typeof record.exportedAt !== 'string' || Number.isNaN(Date.parse(record.exportedAt))) throw new BundleError('the bundle has no valid export time');
  if (typeof record.serverFingerprint !== 'string') throw new BundleError('the bundle does not name the server key that signed it');
  const extra = Object.keys(record).filter((k) => !['format', 'manifest', 'runbook', 'reportKey', 'exportedAt', 'serverFingerprint'].includes(k));
  if (extra.length > 0) throw new BundleError(`bundle.json has unknown fields (${extra.slice(0, 5).join(', ')}): it was made by another version`);
  return record as unknown as BundleContents;
}

async function unpack(bytes: Buffer): Promise<Map<Member, Buffer>> {
  let tar: Buffer;
  try {
    tar = gunzipSync(bytes, { maxOutputLength: MAX_BUNDLE_BYTES });
  } catch (error) {
    const tooBig = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
    throw new BundleError(tooBig ? 'the bundle unpacks to more than 64 MiB: it is not a Ringmaster bundle' : 'the file is not a gzip archive: it is not a Ringmaster bundle');
  }
  if (tar.length === 0 || tar.length % 512 !== 0) throw new BundleError('the archive inside the bundle is not a tar archive: the bundle is damaged');

  const members = new Map<Member, Buffer>();
  let problem: string | null = null;
  const fail = (message: string) => {
    problem ??= message;
  };
  await new Promise<void>((resolve) => {
    const parser = new Parser({
      strict: true,
      onReadEntry: (entry: ReadEntry) => {
        const name = entry.path;
        if (entry.type !== 'File') fail(`the bundle holds "${name.slice(0, 100)}", which is not a plain file`);
        else if (!(MEMBERS as readonly string[]).includes(name)) fail(`the bundle holds an unexpected member "${name.slice(0, 100)}": only ${MEMBERS.join(', ')} belong in it`);
        else if (members.has(name as Member)) fail(`the bundle holds ${name} twice`);
        const chunks: Buffer[] = [];
        entry.on('data', (chunk: Buffer) => chunks.push(chunk));
        entry.on('end', () => {
          if ((MEMBERS as readonly string[]).includes(name) && !members.has(name as Member)) members.set(name as Member, Buffer.concat(chunks));
        });
      },
    });
    parser.on('error', (error: Error) => fail(`the archive inside the bundle is not a valid tar archive (${error.message.slice(0, 200)})`));
    parser.on('warn', (_code: string, message: string | Error) => fail(`the archive inside the bundle is not a valid tar archive (${String(message instanceof Error ? message.message : message).slice(0, 200)})`));
    parser.on('close', () => resolve());
    parser.on('end', () => resolve());
    parser.end(tar);
  });
  if (problem !== null) throw new BundleError(problem);
  if (members.size === 0) throw new BundleError('the archive inside the bundle is empty: it is not a Ringmaster bundle');
  return members;
}

/** The fingerprint of a PEM public key, or null when it is not an Ed25519 public key. */
function publicKeyFingerprint(pem: string): string | null {
  try {
    const key = createPublicKey(pem);
    return key.asymmetricKeyType === 'ed25519' ? keyFingerprint(key) : null;
  } catch {
    return null;
  }
}

function firstProblem(schema: TSchema, value: unknown, root: string): string {
  const first = [...Value.Errors(schema, value)][0] as { instancePath?: string; message?: string } | undefined;
  if (!first) return '';
  return ` (${root}${first.instancePath}: ${first.message ?? 'invalid'})`;
}

/** The signature the result file carries: base64 HMAC-SHA256 of the result's canonical JSON. */
export function resultSignature(result: OfflineResult, reportKeyBase64: string): string {
  return createHmac('sha256', Buffer.from(reportKeyBase64, 'base64')).update(canonicalJson(result)).digest('base64');
}

/**
 * Writes the signed result file. Only the fields of OfflineResult are written
 * (a step may arrive as a full DeploymentStep), and a log longer than the
 * server takes keeps its end, where the failure is.
 */
export async function writeResultFile(path: string, result: OfflineResult, bundle: BundleContents): Promise<void> {
  const clean = cleanResult(result);
  const file: OfflineResultFile = { format: OFFLINE_RESULT_FORMAT, result: clean, signature: resultSignature(clean, bundle.reportKey) };
  await writeFile(path, JSON.stringify(file, null, 2) + '\n', { mode: 0o600 });
}

const CUT = '[… the beginning of the log is cut: it was too long …]\n';

/** The server takes messages of up to 2,000 characters. */
function short<T extends string | null>(text: T): T {
  return (text !== null && text.length > 2000 ? `${text.slice(0, 1990)} […]` : text) as T;
}

function cleanResult(r: OfflineResult): OfflineResult {
  const log = r.log.length > MAX_LOG_REPORT_CHARS ? CUT + r.log.slice(r.log.length - (MAX_LOG_REPORT_CHARS - CUT.length)) : r.log;
  return {
    product: r.product,
    target: r.target,
    deployment: r.deployment,
    release: r.release,
    state: r.state,
    error: short(r.error),
    steps: r.steps.map((s) => ({ component: s.component, state: s.state, phase: s.phase, exitCode: s.exitCode, error: short(s.error), startedAt: s.startedAt, finishedAt: s.finishedAt })),
    log,
    health: { state: r.health.state, detail: short(r.health.detail) },
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    agentVersion: r.agentVersion,
  };
}

/** Parses and checks the shape; the HMAC is checked by the server with the stored key. */
export function parseResultFile(text: string): { result: OfflineResult; signature: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BundleError('the result file is not valid JSON: it is damaged or not a Ringmaster result file');
  }
  return checkResultFile(value);
}

/** The shape check of parseResultFile, for a value already parsed (the server's request body). */
export function checkResultFile(value: unknown): { result: OfflineResult; signature: string } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new BundleError('the result file is not a JSON object: it is not a Ringmaster result file');
  const format = (value as Record<string, unknown>).format;
  if (format !== OFFLINE_RESULT_FORMAT) {
    const named = typeof format === 'string' ? `"${format.slice(0, 60)}"` : 'no format';
    throw new BundleError(`the result file has ${named}; this Ringmaster reads ${OFFLINE_RESULT_FORMAT}`);
  }
  if (!Value.Check(OfflineResultFileBody, value)) {
    const result = (value as Record<string, unknown>).result;
    const where = Value.Check(OfflineResultBody, result) ? '' : firstProblem(OfflineResultBody, result, 'result');
    throw new BundleError(`the result file is not a valid offline result${where || firstProblem(OfflineResultFileBody, value, 'file')}`);
  }
  const file = value as OfflineResultFile;
  return { result: file.result, signature: file.signature };
}
