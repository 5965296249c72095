/**
 * What the tests need from the machine (PostgreSQL, Chromium) comes from
 * Debian's packages: installed here when missing and we are root with apt-get,
 * so `npm test` on a fresh machine needs nothing done by hand.
 */
import { spawnSync } from 'node:child_process';

export interface DebianPackage {
  /** The package name for apt-get. */
  name: string;
  /** What the tests use it for, for messages. */
  purpose: string;
  /** Finds the installed program; undefined when it is missing. */
  find(): string | undefined;
  /** How to install it by hand, when we cannot. */
  hint: string;
}

/** Answers what `find` answers, installing the package first when it is missing. */
export function ensureDebianPackage(pkg: DebianPackage): string {
  const found = pkg.find();
  if (found) return found;
  if (!isRoot() || !commandExists('apt-get')) throw new Error(`${pkg.purpose} was not found. ${pkg.hint}`);

  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = (): boolean => {
    console.log(`$ apt-get install -y --no-install-recommends ${pkg.name}`);
    return spawnSync('apt-get', ['install', '-y', '--no-install-recommends', pkg.name], { stdio: ['ignore', 'inherit', 'inherit'], env }).status === 0;
  };
  if (!install()) {
    console.log('$ apt-get update');
    spawnSync('apt-get', ['update'], { stdio: ['ignore', 'inherit', 'inherit'], env });
    if (!install()) throw new Error(`installing ${pkg.name} with \`apt-get install ${pkg.name}\` failed (see the output above)`);
  }
  const installed = pkg.find();
  if (!installed) throw new Error(`the \`${pkg.name}\` package was installed, but ${pkg.purpose} is still not found`);
  return installed;
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

export function commandExists(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}
