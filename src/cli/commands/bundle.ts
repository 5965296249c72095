/**
 * `bundle export|key`: offline bundles for air-gapped pull targets. A bundle
 * holds the target's configuration, secret values included, in plain text:
 * exporting one needs the bundles:manage permission (admin, release-manager).
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../cli-errors.ts';
import { type CliContext, printJson } from '../cli-io.ts';
import { connect, type ConnectionFlags, withConnectionOptions } from '../connection.ts';
import { printable } from '../output/printable.ts';

interface ExportFlags extends ConnectionFlags {
  target: string;
  output?: string;
}

interface KeyFlags extends ConnectionFlags {
  output?: string;
}

const SECRET_NOTE = "The bundle holds the target's secret configuration in plain text: carry and keep it like a password, and delete it once its result is imported.";

export function registerBundle(program: Command, context: CliContext): void {
  const bundle = program.command('bundle').description('offline bundles for air-gapped pull targets (they hold the target\'s secrets in plain text)');

  withConnectionOptions(
    bundle
      .command('export')
      .description(`write a signed bundle of a release for a pull target whose deployment of it is due, to install with \`ringmaster agent --offline-bundle FILE\`. ${SECRET_NOTE}`)
      .argument('<product>', 'the product')
      .argument('<version>', 'the release version (promoted to the target\'s ring)')
      .requiredOption('--target <name>', 'the pull target the bundle is for')
      .option('-o, --output <file>', 'where to write it (default <product>-<version>-<target>.rmbundle)'),
  ).action((product: string, version: string, flags: ExportFlags) => exportBundle(context, product, version, flags));

  withConnectionOptions(
    bundle
      .command('key')
      .description("print the server's public key (PEM) that signs bundles, and its fingerprint: the agent at the site checks bundles with it (--server-key)")
      .option('-o, --output <file>', 'write the PEM to this file instead of printing it'),
  ).action((flags: KeyFlags) => serverKey(context, flags));
}

async function exportBundle(context: CliContext, product: string, version: string, flags: ExportFlags): Promise<void> {
  const { io } = context;
  const client = await connect(context, flags);
  const bytes = await client.exportBundle(product, version, flags.target);
  // The server signed it; checking it here catches a proxy that mangled it before anyone carries it away.
  const key = await client.serverKey();
  const { BundleError, parseBundle } = await import('../../bundles/bundle-format.ts');
  let contents;
  try {
    contents = await parseBundle(Buffer.from(bytes), key.publicKey);
  } catch (error) {
    if (error instanceof BundleError) throw new CliError(`the server's answer is not an intact bundle: ${error.message}`);
    throw error;
  }
  const file = flags.output ?? `${product}-${version}-${flags.target}.rmbundle`;
  await writeOutput(resolve(io.cwd, file), bytes, file);
  const m = contents.manifest;
  if (flags.json) {
    return printJson(io, { file, bytes: bytes.length, product: m.product, version: m.release, target: m.target, deployment: m.deployment, kind: m.kind, components: m.components.map((c) => ({ name: c.name, version: c.version })), serverFingerprint: contents.serverFingerprint });
  }
  io.stdout.write(printable(`wrote ${file} (${bytes.length} bytes): ${m.product} ${m.release} for ${m.target}, deployment ${m.deployment}`) + '\n');
  io.stdout.write(printable(`  ${m.kind === 'rollback' ? 'rolls back' : 'installs'} ${m.components.map((c) => `${c.name} ${c.version}`).join(', ')}`) + '\n');
  io.stdout.write(`  signed by the server key ${contents.serverFingerprint}\n`);
  io.stderr.write(`${SECRET_NOTE}\n`);
  io.stderr.write(`At the site: ringmaster agent --offline-bundle ${file} --server-key <key file> (get the key with \`ringmaster bundle key -o server-key.pem\`); then bring the result file back: ringmaster report import <file>\n`);
}

async function serverKey(context: CliContext, flags: KeyFlags): Promise<void> {
  const { io } = context;
  const key = await (await connect(context, flags)).serverKey();
  if (flags.output) {
    await writeOutput(resolve(io.cwd, flags.output), key.publicKey, flags.output, 0o644);
    if (flags.json) return printJson(io, { file: flags.output, fingerprint: key.fingerprint });
    io.stdout.write(`wrote ${printable(flags.output)}: the server's public key, fingerprint ${key.fingerprint}\n`);
    return;
  }
  if (flags.json) return printJson(io, key);
  // The PEM alone on stdout, so `ringmaster bundle key > server-key.pem` works.
  io.stdout.write(key.publicKey.endsWith('\n') ? key.publicKey : `${key.publicKey}\n`);
  io.stderr.write(`fingerprint ${key.fingerprint}\n`);
}

async function writeOutput(path: string, data: Uint8Array | string, shown: string, mode = 0o600): Promise<void> {
  try {
    await writeFile(path, data, { mode });
  } catch (error) {
    throw new CliError(`cannot write ${shown}: ${(error as Error).message}`);
  }
}
