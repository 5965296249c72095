/**
 * The commits of a git range, read with `git log` in a folder, for
 * `build register --git-range`. git runs without a shell, its output split on
 * NUL (which no commit message can hold), and a range that could be read as
 * an option is refused before git sees it.
 */
import { execFile } from 'node:child_process';
import { MAX_COMMITS } from '../builds/build-schemas.ts';
import type { BuildCommit } from '../builds/build-types.ts';
import { CliError } from './cli-errors.ts';

/** sha, author, email, message; -z ends each commit with a NUL too. The mailmap names (%aN, %aE) merge one person's spellings. */
const FORMAT = '--format=%H%x00%aN%x00%aE%x00%B';

export interface GitRange {
  /** Newest first, merges left out. */
  commits: BuildCommit[];
  /** The full sha the range ends at. */
  end: string;
}

export async function readGitRange(cwd: string, range: string): Promise<GitRange> {
  if (range.trim() === '' || range.startsWith('-') || /\s/.test(range) || range.includes('\u0000')) {
    throw new CliError(`--git-range '${range}' is not a range of commits: use <from>..<to>, like v1.3.0..HEAD`);
  }
  const args = ['log', '-z', FORMAT, '--no-merges', '--no-color', '--no-show-signature', `--max-count=${MAX_COMMITS + 1}`, '--end-of-options', range, '--'];
  const output = await git(cwd, args, range);
  const fields = output.split('\u0000');
  if (fields.at(-1) === '') fields.pop();
  const commits: BuildCommit[] = [];
  for (let i = 0; i + 3 < fields.length; i += 4) {
    commits.push({ sha: fields[i]!.trim(), author: fields[i + 1]!, email: fields[i + 2]!, message: fields[i + 3]!.replace(/\n+$/, '') });
  }
  if (commits.length > MAX_COMMITS) {
    throw new CliError(`--git-range ${range} holds more than ${MAX_COMMITS} commits, the most a build carries: register a narrower range (from the component's previous build)`);
  }
  const endRef = /\.\.\.?(.*)$/.exec(range)?.[1] || (range.includes('..') ? 'HEAD' : range);
  const end = (await git(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${endRef}^{commit}`], range)).trim();
  return { commits, end };
}

function git(cwd: string, args: string[], range: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      // C locale: git's own messages in English, as the error below quotes them. No prompts, ever.
      { cwd, encoding: 'utf8', maxBuffer: 128 * 1024 * 1024, timeout: 60_000, env: { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat' } },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return reject(new CliError('--git-range needs git, and git is not installed (or not on the PATH)'));
        const said = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('Use \'--\'') && !l.startsWith("'git <command>"));
        const reason = said.length > 0 ? said.join(' ') : error.message;
        reject(new CliError(`--git-range ${range}: git could not read it in ${cwd}: ${reason}`));
      },
    );
  });
}
