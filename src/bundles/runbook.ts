/**
 * The runbook of an offline bundle: what the people at an air-gapped site read
 * before they install it. Pure: the manifest and the components' metadata in,
 * Markdown out. Secret configuration values are named, never printed: the
 * runbook is meant to be read, shown and printed.
 */
import type { Manifest } from '../agents/agent-types.ts';
import type { ComponentSpec } from '../products/product-spec.ts';

export interface RunbookInput {
  manifest: Manifest;
  /** The product file's components (descriptions and metadata); those of the manifest are used. */
  components: readonly Pick<ComponentSpec, 'name' | 'description' | 'metadata'>[];
  fileName: string;
  exportedAt: string;
  exportedBy: string;
  serverFingerprint: string;
}

export function renderRunbook(input: RunbookInput): string {
  const { manifest: m } = input;
  const specs = new Map(input.components.map((c) => [c.name, c]));
  const rollback = m.kind === 'rollback';
  const lines: string[] = [];
  const add = (...more: string[]) => lines.push(...more);

  add(`# ${rollback ? 'Roll back' : 'Install'} ${m.product} ${m.release} on ${m.target}`, '');
  add(
    `Offline bundle for deployment \`${m.deployment}\` (${rollback ? `rollback to the last known-good release` : 'deploy'}, ring ${m.ring}),`,
    `exported ${input.exportedAt} by ${input.exportedBy}, signed by the server key \`${input.serverFingerprint}\`.`,
    '',
    "> This bundle holds the target's configuration, secret values included, in plain text.",
    '> Keep it as you would a password, and delete it once the result is recorded.',
    '',
  );

  add('## Install', '');
  add(
    "1. Put the server's public key next to the bundle (`ringmaster bundle key -o server-key.pem`, on a machine that reaches the server) and check that its fingerprint is the one above.",
    '2. Install, on the target, from the folder the commands expect to run in:',
    '',
    `       ringmaster agent --offline-bundle ${input.fileName} --server-key server-key.pem --work-dir <folder>`,
    '',
    `   The agent refuses a bundle that was changed or signed by another key. It runs, per component in the order below, the ${rollback ? 'rollback' : 'install'} command and then the verify command, stops at the first failure, and writes a result file (\`${input.fileName}.result.json\` unless \`--result FILE\` says otherwise).`,
    '3. Carry the result file back and record it, on a machine that reaches the server:',
    '',
    '       ringmaster report import <result file>',
    '',
    '   The result is signed with a key only this bundle holds: a changed result file is refused.',
    '',
  );

  add('## Components, in deploy order', '');
  add('| # | Component | Version | Artifact | Depends on |', '|---|---|---|---|---|');
  m.components.forEach((c, i) => add(`| ${i + 1} | ${cell(c.name)} | ${cell(c.version)} | ${cell(c.artifact)} | ${c.dependsOn.length > 0 ? cell(c.dependsOn.join(', ')) : '—'} |`));
  add('');
  for (const c of m.components) {
    const spec = specs.get(c.name);
    add(`### ${c.name} ${c.version}`, '');
    if (spec?.description) add(spec.description, '');
    add(`- Artifact: \`${c.artifact}\``);
    for (const [kind, ref] of Object.entries(c.artifacts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) add(`- ${kind}: \`${ref}\``);
    if (c.commit) add(`- Built from \`${c.commit}\`${c.branch ? ` on ${c.branch}` : ''}`);
    const metadata = spec?.metadata ?? {};
    if (typeof metadata.runbook === 'string') add('', `**Notes:** ${metadata.runbook}`);
    const other = Object.entries(metadata).filter(([key, value]) => !(key === 'runbook' && typeof value === 'string'));
    if (other.length > 0) {
      add('', 'Metadata:');
      for (const [key, value] of other) add(`- ${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
    }
    add('');
  }

  add('## Commands', '');
  const install = rollback ? (m.commands.rollback ?? m.commands.install) : m.commands.install;
  add(`- ${rollback ? 'Rollback' : 'Install'}: ${code(install)}`);
  add(`- Verify: ${code(m.commands.verify)}`);
  if (!rollback) add(`- Rollback (not run by this bundle): ${code(m.commands.rollback)}`);
  add(`- Time limit for the whole deployment: ${m.commands.timeoutSeconds} s`, '');
  add(
    'Each command runs once per component in the work folder, with RINGMASTER_PRODUCT, RINGMASTER_RELEASE, RINGMASTER_TARGET, RINGMASTER_COMPONENT, RINGMASTER_VERSION, RINGMASTER_ARTIFACT (and the other RINGMASTER_ variables) and the configuration below in its environment.',
    '',
  );

  add('## Configuration', '');
  const keys = Object.keys(m.config).sort();
  if (keys.length === 0) add('None.');
  for (const key of keys) add(m.secretConfig.includes(key) ? `- ${key}: (secret; in the bundle, masked in logs)` : `- ${key} = ${code(m.config[key]!)}`);
  add('');
  return lines.join('\n');
}

function code(text: string | null): string {
  if (text === null) return 'none';
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
