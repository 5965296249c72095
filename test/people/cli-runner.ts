/** The CLI run in-process against a listening test server, its output captured. */
import { Readable } from 'node:stream';
import { runCli } from '../../src/cli/run-cli.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliTarget {
  server: string;
  token: string;
  /** More environment, such as HOME for commands that read files there. */
  env?: Record<string, string>;
  cwd?: string;
}

export async function runCliAgainst(target: CliTarget, args: string[], stdin = ''): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    env: { ...target.env, RINGMASTER_SERVER: target.server, RINGMASTER_TOKEN: target.token },
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: Readable.from(stdin === '' ? [] : [stdin]),
    cwd: target.cwd ?? process.cwd(),
  });
  return { code, stdout, stderr };
}
