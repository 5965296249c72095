/**
 * The test command (`npm test`): type check, lint, build the web dashboard,
 * then every test on both database engines against one shared throwaway
 * PostgreSQL cluster, the web tests in Debian's Chromium.
 *
 *   npm test                                   everything
 *   npm test -- --test-name-pattern=auth       extra args go to `node --test`
 *   npm test -- src/auth/tokens.test.ts        file paths/globs replace the default globs
 *   RINGMASTER_TEST_SKIP_CHECKS=1 npm test     skip type check, lint and the web build (quick local loop)
 *   RINGMASTER_TEST_PG_URL=postgres://… npm test   use that cluster instead of starting one
 *
 * Exits with the test run's exit code (or the failing step's). The closing
 * summary lines of node's test runner (`# pass N`, `# fail N`) are printed last.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromiumInstalled } from '../test/support/chromium.ts';
import { ensurePostgresInstalled, type RunningPostgres, startPostgres } from '../test/support/postgres.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_GLOBS = ['src/**/*.test.ts', 'test/**/*.test.ts'];
const PER_TEST_TIMEOUT_MS = 180_000;
const TAP_FILE = join('test-output', 'tests.tap');

let current: ChildProcess | undefined;
let interrupted: NodeJS.Signals | undefined;

function heading(text: string): void {
  console.log(`\n==> ${text}`);
}

function run(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
    current = child;
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      current = undefined;
      resolve(code ?? (signal ? 128 + signalNumber(signal) : 1));
    });
  });
}

function signalNumber(signal: NodeJS.Signals): number {
  return signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : signal === 'SIGKILL' ? 9 : 1;
}

/** Splits `npm test -- …` args into file patterns and options for `node --test`. */
function splitArgs(args: string[]): { patterns: string[]; options: string[] } {
  const patterns: string[] = [];
  const options: string[] = [];
  for (const arg of args) {
    const looksLikePath = !arg.startsWith('-') && (/\.[cm]?[jt]s$/.test(arg) || arg.includes('/') || arg.includes('*'));
    (looksLikePath ? patterns : options).push(arg);
  }
  return { patterns, options };
}

/** The closing summary of the TAP copy of the run: `# tests N`, `# pass N`, … */
function tapSummary(): string[] {
  try {
    const lines = readFileSync(join(root, TAP_FILE), 'utf8').trimEnd().split('\n');
    return lines.filter((l) => /^# (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) /.test(l));
  } catch {
    return [];
  }
}

function count(summary: string[], name: string): number {
  const line = summary.find((l) => l.startsWith(`# ${name} `));
  return line ? Number(line.split(' ')[2]) : 0;
}

async function main(): Promise<number> {
  const { patterns, options } = splitArgs(process.argv.slice(2));
  const skipChecks = ['1', 'true', 'yes'].includes(process.env['RINGMASTER_TEST_SKIP_CHECKS'] ?? '');

  if (skipChecks) {
    heading('type check and lint: skipped (RINGMASTER_TEST_SKIP_CHECKS)');
  } else {
    for (const project of ['tsconfig.json', 'web/tsconfig.json']) {
      heading(`type check: tsc -p ${project}`);
      const tsc = await run([join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project]);
      if (tsc !== 0 || interrupted) {
        console.error(`\ntype check failed (exit ${tsc})`);
        return tsc || 1;
      }
      console.log('type check passed');
    }

    heading('lint: eslint --max-warnings 0 .');
    const lint = await run([join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--max-warnings', '0', '.']);
    if (lint !== 0 || interrupted) {
      console.error(`\nlint failed (exit ${lint})`);
      return lint || 1;
    }
    console.log('lint passed');

    // The browser tests must see the app as it is now, not as the last install built it.
    heading('web dashboard: vite build');
    const build = await run([join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn']);
    if (build !== 0 || interrupted) {
      console.error(`\nweb build failed (exit ${build})`);
      return build || 1;
    }
    console.log('web build passed');
  }

  heading('Chromium: checking the browser is installed');
  const chromium = ensureChromiumInstalled();
  console.log(`Chromium: ${chromium}`);

  let cluster: RunningPostgres | undefined;
  let pgUrl = process.env['RINGMASTER_TEST_PG_URL'];
  let code: number;
  try {
    if (pgUrl) {
      heading('PostgreSQL: using RINGMASTER_TEST_PG_URL from the environment');
    } else {
      heading('PostgreSQL: checking the server is installed');
      console.log(`PostgreSQL binaries: ${ensurePostgresInstalled()}`);
      heading('PostgreSQL: starting a throwaway cluster');
      cluster = await startPostgres();
      pgUrl = cluster.url;
      console.log(`PostgreSQL ${cluster.version} at ${pgUrl}`);
    }
    if (interrupted) return 130;

    const globs = patterns.length > 0 ? patterns : DEFAULT_GLOBS;
    const testArgs = [
      '--test',
      '--test-concurrency=2',
      `--test-timeout=${PER_TEST_TIMEOUT_MS}`,
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${TAP_FILE}`,
      ...options,
      ...globs,
    ];
    heading(`tests: node ${testArgs.join(' ')}`);
    mkdirSync(join(root, 'test-output'), { recursive: true });
    rmSync(join(root, TAP_FILE), { force: true });
    code = await run(testArgs, { ...process.env, RINGMASTER_TEST_PG_URL: pgUrl, RINGMASTER_CHROMIUM: chromium, NODE_ENV: 'test' });
  } finally {
    if (cluster) {
      heading('PostgreSQL: stopping the cluster');
      await cluster.stop();
      console.log('stopped');
    }
  }

  // Last, so CI finds the runner's closing lines at the end of the output.
  const summary = tapSummary();
  heading(`test summary (full TAP report: ${TAP_FILE})`);
  for (const line of summary) console.log(line);
  if (summary.length > 0) {
    const failed = count(summary, 'fail') + count(summary, 'cancelled');
    console.log(`${count(summary, 'pass')} passed, ${failed} failed, ${count(summary, 'skipped') + count(summary, 'todo')} skipped`);
  } else {
    console.log('(the test runner wrote no summary)');
  }
  return interrupted ? 130 : code;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return; // second signal: the cluster is already being stopped
    interrupted = signal;
    console.error(`\n${signal}: stopping…`);
    current?.kill(signal);
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  },
);
