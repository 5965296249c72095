/**
 * A runbook as Markdown, without I/O. Names and commit data are escaped;
 * steps, prerequisites and notes come from the product file and are Markdown
 * as its authors wrote them (rendered to HTML without raw HTML).
 */
import { cell, code, inline } from '../release-notes/markdown-text.ts';
import type { EnvVar, RunbookComponent, RunbookModel, Steps } from './build-runbook.ts';

/** The whole runbook of a release: title, what it compares with, then the body. */
export function renderRunbook(model: RunbookModel): string {
  const head = [`# Runbook: ${inline(model.product)} ${inline(model.version)}`, ''];
  head.push(
    model.against === null
      ? `How to deploy ${inline(model.version)} and roll it back, component by component.`
      : `How to deploy ${inline(model.version)} and roll it back, component by component; changes are against ${inline(model.against)}, the release before it in ${inline(model.ring ?? '')}.`,
    '',
  );
  return `${[...head, renderRunbookBody(model)].join('\n').trimEnd()}\n`;
}

/** Deploy order, changed environment variables, one section per component, release-specific steps; sections at level 2. */
export function renderRunbookBody(model: RunbookModel): string {
  const out: string[] = [];
  out.push('## Deploy order', '');
  if (model.components.length === 0) out.push('The release has no components.', '');
  else {
    out.push('| # | Component | Version | Before | Artifact | Depends on |', '|---|---|---|---|---|---|');
    model.components.forEach((c, i) =>
      out.push(`| ${i + 1} | ${cell(c.name)} | ${cell(c.version)} | ${cell(c.previous)} | ${cell(c.artifact)} | ${c.dependsOn.length > 0 ? cell(c.dependsOn.join(', ')) : '—'} |`),
    );
    out.push('');
  }

  out.push('## Environment variables that changed', '');
  if (model.envBaseline !== null) out.push(`Nothing to compare with: ${inline(model.envBaseline)}.`, '');
  else if (model.envChanges.length === 0) out.push(`None changed since ${inline(model.against ?? '')}.`, '');
  else {
    out.push('| Component | Variable | Change | Description |', '|---|---|---|---|');
    for (const v of model.envChanges) out.push(`| ${cell(v.component)} | ${code(v.name)} | ${v.change} | ${cell(v.description)} |`);
    out.push('');
  }

  model.components.forEach((c, i) => out.push(...component(model, c, i + 1)));

  if (model.additions !== null) out.push('## Release-specific steps', '', model.additions.trim(), '');
  return `${out.join('\n').trimEnd()}\n`;
}

function component(model: RunbookModel, c: RunbookComponent, position: number): string[] {
  const since = c.previous === null ? (model.against === null ? '' : ` (new since ${inline(model.against)})`) : c.previous === c.version ? ' (unchanged)' : ` (was ${inline(c.previous)})`;
  const out = [`## ${position}. ${inline(c.name)} ${inline(c.version)}${since}`, ''];
  if (c.description.trim() !== '') out.push(inline(c.description), '');
  const facts: string[] = [];
  if (c.artifact) facts.push(`- Artifact: ${code(c.artifact)}`);
  for (const [kind, ref] of Object.entries(c.artifacts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) facts.push(`- ${inline(kind)}: ${code(ref)}`);
  if (c.commit) facts.push(`- Built from ${code(c.commit)}${c.branch ? ` on ${inline(c.branch)}` : ''}`);
  if (c.dependsOn.length > 0) facts.push(`- Deploy after: ${c.dependsOn.map(inline).join(', ')}`);
  if (facts.length > 0) out.push(...facts, '');

  if (c.prerequisites.length > 0) out.push('### Prerequisites', '', ...c.prerequisites.map((p) => `- ${item(p, 2)}`), '');
  out.push('### Deploy', '', ...steps(c, c.deploy, 'deploy'), '');
  if (c.migrations.length > 0) out.push('### Database migrations', '', 'In this order:', '', ...c.migrations.map((m, i) => `${i + 1}. ${code(m)}`), '');
  if (c.env.length > 0 || c.removedEnv.length > 0) {
    out.push('### Environment variables', '');
    if (c.env.length > 0) {
      out.push('| Variable | Description | Change |', '|---|---|---|');
      for (const v of c.env) out.push(`| ${code(v.name)} | ${cell(v.description)} | ${changeWord(v)} |`);
      out.push('');
    }
    if (c.removedEnv.length > 0) out.push(`No longer used: ${c.removedEnv.map((v) => code(v.name)).join(', ')}.`, '');
  }
  out.push('### Rollback', '', ...steps(c, c.rollback, 'rollback', model), '');
  if (c.notes !== null) out.push('### Notes', '', c.notes, '');
  return out;
}

function steps(c: RunbookComponent, s: Steps, what: 'deploy' | 'rollback', model?: RunbookModel): string[] {
  if (!s.fallback) return s.steps.map((step, i) => `${i + 1}. ${item(step, 3)}`);
  const env = `with RINGMASTER_COMPONENT=${c.name}`;
  if (s.steps.length === 1) return [`No ${what} steps of its own: the product file's ${what} command runs for it, ${env}: ${code(s.steps[0]!)}`];
  if (s.steps.length > 1) return [`No ${what} steps of its own: each target's ${what} command from the product file runs for it, ${env}:`, '', ...s.steps.map((cmd) => `- ${code(cmd)}`)];
  if (what === 'deploy') return ["No deploy steps of its own, and the product file's targets name no deploy command: deploy it by hand."];
  const ring = model?.ring ? ` --ring ${model.ring}` : ' --ring <ring>';
  return [`No rollback steps of its own: redeploy the last known-good release (${code(`ringmaster rollback ${model?.product ?? '<product>'}${ring}`)}).`];
}

/** A list item's text with its later lines indented under it. */
function item(text: string, indent: number): string {
  return text.trim().replace(/\r\n?/g, '\n').replace(/\n/g, `\n${' '.repeat(indent)}`);
}

function changeWord(v: EnvVar): string {
  return v.change === null ? '' : `**${v.change}**`;
}
