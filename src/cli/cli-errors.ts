/** A failure the user can act on: printed as `error: <message>`, exit code 1. */
export class CliError extends Error {
  readonly exitCode: number = 1;
  /** Printed after the message, as they are (a table of blocking gates, say). */
  readonly lines: readonly string[];

  constructor(message: string, lines: readonly string[] = []) {
    super(message);
    this.name = 'CliError';
    this.lines = lines;
  }
}

/** The command line itself is wrong (like commander's own errors): exit code 2. */
export class UsageError extends CliError {
  override readonly exitCode: number = 2;

  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
