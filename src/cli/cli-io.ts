/**
 * What a CLI run talks to, passed in rather than taken from `process`, so tests
 * run commands in-process and capture everything.
 */
export interface OutputStream {
  write(text: string): unknown;
}

export interface InputStream extends NodeJS.ReadableStream {
  /** True when a person is typing: only then may we prompt. */
  isTTY?: boolean;
  /** Present on terminals: lets a prompt read a secret without echoing it. */
  setRawMode?: (mode: boolean) => unknown;
}

export interface CliIo {
  env: Record<string, string | undefined>;
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: InputStream;
  /** Relative file names (apply -f) are read from here. */
  cwd: string;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
}

/** Per-run state shared by the commands and the error reporter. */
export interface CliContext {
  io: CliIo;
  /** Where the token in use came from, to say so when the server refuses it. */
  tokenSource?: string;
}

export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
