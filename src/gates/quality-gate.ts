/**
 * Quality gate: the release's builds meet the ring's thresholds for required
 * CI stages, failed tests, coverage and open vulnerabilities.
 *
 * Evidence of a stage still running counts as reported so far: failed tests
 * and findings only grow while a stage runs, so a limit already exceeded
 * fails. A running stage that carries evidence (tests, coverage or findings),
 * or a required one, makes the gate wait only when nothing fails.
 */
import { SEVERITIES, type StageResult } from '../builds/build-types.ts';
import type { GateSpec } from '../products/product-spec.ts';
import { firstAndMore, formatPercent, listNames, plural } from './gate-format.ts';
import type { BuildEvidence, GateEvaluator, GateVerdict } from './gate-types.ts';
import { verdict } from './gate-verdict.ts';

type QualityGate = Extract<GateSpec, { kind: 'quality' }>;

function label(build: BuildEvidence): string {
  return `${build.component} ${build.version}`;
}

function carriesEvidence(stage: StageResult): boolean {
  return stage.tests !== undefined || stage.vulnerabilities !== undefined || stage.coverage !== undefined;
}

interface Findings {
  failures: string[];
  waits: string[];
}

function checkRequiredStages(gate: QualityGate, builds: readonly BuildEvidence[], found: Findings): void {
  for (const build of builds) {
    for (const name of gate.requiredStages) {
      const stage = build.stages.find((s) => s.name === name);
      if (stage === undefined) found.failures.push(`${label(build)} has no '${name}' stage`);
      else if (stage.status === 'failed') found.failures.push(`${label(build)} stage '${name}' failed`);
      else if (stage.status === 'skipped') found.failures.push(`${label(build)} stage '${name}' was skipped`);
      else if (stage.status === 'running') found.waits.push(`${label(build)} stage '${name}' is still running`);
    }
  }
}

function failedTestsOf(build: BuildEvidence): number {
  return build.stages.reduce((sum, stage) => sum + (stage.tests?.failed ?? 0), 0);
}

function checkTests(gate: QualityGate, builds: readonly BuildEvidence[], found: Findings): number {
  const total = builds.reduce((sum, build) => sum + failedTestsOf(build), 0);
  if (total > gate.testsFailedMax) {
    const culprits = builds.filter((b) => failedTestsOf(b) > 0).map((b) => `${label(b)} (${failedTestsOf(b)})`);
    found.failures.push(`${plural(total, 'test')} failed, more than the ${gate.testsFailedMax} allowed: ${listNames(culprits)}`);
  }
  return total;
}

/** A build's coverage: the highest any of its stages reports, or null. */
function coverageOf(build: BuildEvidence): number | null {
  const reported = build.stages.flatMap((s) => (s.coverage === undefined ? [] : [s.coverage]));
  return reported.length === 0 ? null : Math.max(...reported);
}

function checkCoverage(gate: QualityGate, builds: readonly BuildEvidence[], found: Findings): { build: BuildEvidence; coverage: number } | null {
  let lowest: { build: BuildEvidence; coverage: number } | null = null;
  for (const build of builds) {
    const coverage = coverageOf(build);
    if (coverage === null) {
      if (gate.coverageMin !== null) found.failures.push(`${label(build)} reports no coverage`);
      continue;
    }
    if (gate.coverageMin !== null && coverage < gate.coverageMin) {
      found.failures.push(`${label(build)} coverage ${formatPercent(coverage)} is below ${gate.coverageMin}%`);
    }
    if (lowest === null || coverage < lowest.coverage) lowest = { build, coverage };
  }
  return lowest;
}

function checkVulnerabilities(gate: QualityGate, builds: readonly BuildEvidence[], found: Findings): Record<(typeof SEVERITIES)[number], number> {
  const totals = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const stage of builds.flatMap((b) => b.stages)) {
    for (const severity of SEVERITIES) totals[severity] += stage.vulnerabilities?.[severity] ?? 0;
  }
  for (const severity of SEVERITIES) {
    const max = gate.vulnerabilitiesMax[severity];
    if (max !== undefined && totals[severity] > max) {
      found.failures.push(`${plural(totals[severity], `${severity} vulnerability`, `${severity} vulnerabilities`)} open, more than the ${max} allowed`);
    }
  }
  return totals;
}

function checkRunning(builds: readonly BuildEvidence[], gate: QualityGate, found: Findings): void {
  for (const build of builds) {
    for (const stage of build.stages) {
      // Required stages were already looked at.
      if (stage.status === 'running' && carriesEvidence(stage) && !gate.requiredStages.includes(stage.name)) {
        found.waits.push(`${label(build)} stage '${stage.name}' is still running`);
      }
    }
  }
}

export const evaluateQualityGate: GateEvaluator<'quality'> = (gate, context): GateVerdict => {
  const builds = context.builds;
  if (builds.length === 0) return verdict(gate, 'fail', `release ${context.release.version} has no builds to judge`);

  const found: Findings = { failures: [], waits: [] };
  checkRequiredStages(gate, builds, found);
  const failedTests = checkTests(gate, builds, found);
  const lowest = checkCoverage(gate, builds, found);
  const vulnerabilities = checkVulnerabilities(gate, builds, found);
  checkRunning(builds, gate, found);

  if (found.failures.length > 0) return verdict(gate, 'fail', firstAndMore(found.failures));
  if (found.waits.length > 0) return verdict(gate, 'waiting', firstAndMore(found.waits));

  const summary = [failedTests === 0 ? 'no failed tests' : `${plural(failedTests, 'failed test')} (at most ${gate.testsFailedMax} allowed)`];
  if (lowest !== null) summary.push(`lowest coverage ${formatPercent(lowest.coverage)} in ${label(lowest.build)}`);
  const open = SEVERITIES.filter((s) => vulnerabilities[s] > 0).map((s) => `${vulnerabilities[s]} ${s}`);
  summary.push(open.length === 0 ? 'no open vulnerabilities' : `open vulnerabilities ${listNames(open)}`);
  return verdict(gate, 'pass', summary.join('; '));
};
