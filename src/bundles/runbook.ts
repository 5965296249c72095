/**
 * The runbook of an offline bundle: what the people at an air-gapped site read
 * before they install it. The release's runbook (src/runbooks: deploy order,
 * steps, environment, migrations, release-specific steps), with in front of it
 * how to install this bundle, the target's commands and its configuration.
 * Pure. Secret configuration values are named, never printed: the runbook is
 * meant to be read, shown and printed.
 */
import type { Manifest } from '../agents/agent-types.ts';
import { code } from '../release-notes/markdown-text.ts';
import type { RunbookModel } from '../runbooks/build-runbook.ts';
import { renderRunbookBody } from '../runbooks/render-runbook.ts';

export interface BundleRunbookInput {
  manifest: Manifest;
  /** The release's runbook, built with this target's commands. */
  runbook: RunbookModel;
  fileName: string;
  exportedAt: string;
  exportedBy: string;
  serverFingerprint: string;
}

export function renderBundleRunbook(input: BundleRunbookInput): string {
  const { manifest: m } = input;
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
    `   The agent refuses a bundle that was changed or signed by another key. It runs, per component in the deploy order below, the ${rollback ? 'rollback' : 'install'} command and then the verify command, stops at the first failure, and writes a result file (\`${input.fileName}.result.json\` unless \`--result FILE\` says otherwise).`,
    '3. Carry the result file back and record it, on a machine that reaches the server:',
    '',
    '       ringmaster report import <result file>',
    '',
    '   The result is signed with a key only this bundle holds: a changed result file is refused.',
    '',
  );

  add('## Commands', '');
  const install = rollback ? (m.commands.rollback ?? m.commands.install) : m.commands.install;
  add(`- ${rollback ? 'Rollback' : 'Install'}: ${command(install)}`);
  add(`- Verify: ${command(m.commands.verify)}`);
  if (!rollback) add(`- Rollback (not run by this bundle): ${command(m.commands.rollback)}`);
  add(`- Time limit for the whole deployment: ${m.commands.timeoutSeconds} s`, '');
  add(
    'Each command runs once per component in the work folder, with RINGMASTER_PRODUCT, RINGMASTER_RELEASE, RINGMASTER_TARGET, RINGMASTER_COMPONENT, RINGMASTER_VERSION, RINGMASTER_ARTIFACT (and the other RINGMASTER_ variables) and the configuration below in its environment.',
    '',
  );

  add('## Configuration', '');
  const keys = Object.keys(m.config).sort();
  if (keys.length === 0) add('None.');
  for (const key of keys) add(m.secretConfig.includes(key) ? `- ${key}: (secret; in the bundle, masked in logs)` : `- ${key} = ${command(m.config[key]!)}`);
  add('');

  add(renderRunbookBody(input.runbook));
  return `${lines.join('\n').trimEnd()}\n`;
}

function command(text: string | null): string {
  return text === null ? 'none' : code(text);
}
