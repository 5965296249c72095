/** A failure the user can act on: printed as `error: <message>`, exit code 1. */
export class CliError extends Error {
  readonly exitCode: number = 1;

  constructor(message: string) {
    super(message);
    this.name = 'CliError';
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
