/**
 * A throwaway PostgreSQL cluster for tests: initdb into a temp dir, start on a
 * free 127.0.0.1 port, stop and delete it afterwards. Uses the PostgreSQL
 * server binaries installed on the machine (Debian's `postgresql` package);
 * `ensurePostgresInstalled()` installs them when we are root with apt-get.
 */
import { ensureDebianPackage, isRoot } from './debian-package.ts';
import { freePort } from './free-port.ts';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chownSync, closeSync, existsSync, openSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import pg from 'pg';

export interface RunningPostgres {
  /** Superuser URL of the cluster's `postgres` database (trust auth, no password). */
  url: string;
  /** The PostgreSQL server version, e.g. "15.18". */
  version: string;
  /** Stops the server and deletes its data directory. Safe to call twice. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;
const SERVER_BINARIES = ['initdb', 'postgres'] as const;

/** The directory holding `initdb` and `postgres`, or undefined when none is installed. */
export function findPostgresBinDir(): string | undefined {
  const candidates: string[] = [];

  const pgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (pgConfig.status === 0 && pgConfig.stdout.trim()) candidates.push(pgConfig.stdout.trim());

  const debianRoot = '/usr/lib/postgresql';
  if (existsSync(debianRoot)) {
    const versions = readdirSync(debianRoot)
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) candidates.push(join(debianRoot, v, 'bin'));
  }

  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (!dir) continue;
    const initdb = join(dir, 'initdb');
    if (existsSync(initdb)) candidates.push(dirname(realpathSync(initdb)));
  }

  return candidates.find((dir) => SERVER_BINARIES.every((b) => existsSync(join(dir, b))));
}

/**
 * Returns the PostgreSQL bin directory, installing Debian's `postgresql`
 * package first when none is found and we are root with apt-get.
 */
export function ensurePostgresInstalled(): string {
  return ensureDebianPackage({
    name: 'postgresql',
    purpose: 'The PostgreSQL server (initdb, postgres), needed to run the tests on PostgreSQL,',
    find: findPostgresBinDir,
    hint: 'Install the PostgreSQL server (on Debian/Ubuntu: `apt-get install postgresql`), or put its bin directory on PATH.',
  });
}

/** The uid/gid to run the server as: PostgreSQL refuses to run as root. */
function serverIdentity(): { uid: number; gid: number } | undefined {
  if (!isRoot()) return undefined;
  for (const user of ['postgres', 'nobody']) {
    const uid = spawnSync('id', ['-u', user], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', user], { encoding: 'utf8' });
    if (uid.status === 0 && gid.status === 0) return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  }
  throw new Error('running as root, but there is no `postgres` (or `nobody`) user to run the PostgreSQL server as');
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('PG')) env[key] = value;
  env['LC_ALL'] = 'C';
  return env;
}

function runToCompletion(
  bin: string,
  args: string[],
  options: { cwd: string; logFile: string; identity: { uid: number; gid: number } | undefined },
): Promise<number | null> {
  const log = openSync(options.logFile, 'a');
  try {
    const child = spawn(bin, args, {
      cwd: options.cwd,
      env: childEnv(),
      stdio: ['ignore', log, log],
      ...(options.identity ?? {}),
    });
    return new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code) => resolve(code));
    });
  } finally {
    closeSync(log);
  }
}

async function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function tryConnect(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    const result = await client.query<{ server_version: string }>('show server_version');
    return result.rows[0]?.server_version ?? 'unknown';
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => {});
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Creates and starts a throwaway cluster; the caller must `stop()` it. */
export async function startPostgres(): Promise<RunningPostgres> {
  const binDir = findPostgresBinDir();
  if (!binDir) {
    throw new Error(
      'PostgreSQL server binaries (initdb, postgres) were not found. Install the PostgreSQL server ' +
        '(Debian/Ubuntu: `apt-get install postgresql`), or run the whole suite with `npm test`, which installs it when run as root.',
    );
  }
  const identity = serverIdentity();
  const baseDir = await mkdtemp(join(tmpdir(), 'ringmaster-pg-'));
  const dataDir = join(baseDir, 'data');
  const logFile = join(baseDir, 'server.log');
  const removeDir = () => rmSync(baseDir, { recursive: true, force: true });

  try {
    if (identity) chownSync(baseDir, identity.uid, identity.gid);

    const initCode = await runToCompletion(
      join(binDir, 'initdb'),
      ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C'],
      { cwd: baseDir, logFile, identity },
    );
    if (initCode !== 0) throw new Error(`initdb failed (exit ${initCode}):\n${tail(logFile)}`);

    // The OS's free port may be taken between asking and binding: try a few.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const started = await startServer(binDir, { baseDir, dataDir, logFile, port, identity, removeDir });
      if (started) return { ...started, stop: withCleanup(started.stop, removeDir) };
      if (attempt >= 3) throw new Error(`PostgreSQL did not start:\n${tail(logFile)}`);
    }
  } catch (error) {
    removeDir();
    throw error;
  }
}

function withCleanup(stop: () => Promise<void>, cleanup: () => void): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= stop().finally(cleanup);
    return stopping;
  };
}

/** Starts the server; undefined when it exited early because its port was taken. */
async function startServer(
  binDir: string,
  o: {
    baseDir: string;
    dataDir: string;
    logFile: string;
    port: number;
    identity: { uid: number; gid: number } | undefined;
    removeDir: () => void;
  },
): Promise<RunningPostgres | undefined> {
  const logStart = existsSync(o.logFile) ? readFileSync(o.logFile).length : 0;
  const log = openSync(o.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(
      join(binDir, 'postgres'),
      [
        '-D', o.dataDir,
        '-p', String(o.port),
        '-k', o.baseDir,
        '-c', 'listen_addresses=127.0.0.1',
        '-c', 'fsync=off',
        '-c', 'synchronous_commit=off',
        '-c', 'full_page_writes=off',
        '-c', 'max_connections=200',
        '-c', 'shared_buffers=64MB',
      ],
      { cwd: o.baseDir, env: childEnv(), stdio: ['ignore', log, log], detached: true, ...(o.identity ?? {}) },
    );
  } finally {
    closeSync(log);
  }
  // Never keep the test process alive just for the server; if the process
  // exits without stopping it, the exit hook below shuts it down.
  child.unref();
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const onExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGQUIT'); // immediate shutdown
    o.removeDir();
  };
  process.once('exit', onExit);

  const url = `postgres://postgres@127.0.0.1:${o.port}/postgres`;
  const stop = async () => {
    process.removeListener('exit', onExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGINT'); // "fast" shutdown
    if (await waitForExit(child, STOP_TIMEOUT_MS)) return;
    child.kill('SIGQUIT');
    if (await waitForExit(child, 5_000)) return;
    child.kill('SIGKILL');
    await waitForExit(child, 5_000);
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const failed = await Promise.race([spawnError, sleep(0).then(() => undefined)]);
    if (failed) throw new Error(`could not run ${join(binDir, 'postgres')}: ${failed.message}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      const log = readFileSync(o.logFile, 'utf8').slice(logStart);
      process.removeListener('exit', onExit);
      if (/could not bind|Address already in use/i.test(log)) return undefined;
      throw new Error(`PostgreSQL exited during startup (exit ${child.exitCode ?? child.signalCode}):\n${tail(o.logFile)}`);
    }
    const version = await tryConnect(url);
    if (version) return { url, version, stop };
    await sleep(100);
  }
  await stop();
  throw new Error(`PostgreSQL did not accept connections within ${READY_TIMEOUT_MS / 1000}s:\n${tail(o.logFile)}`);
}
