/** The server answered with an error: its code, message and details, verbatim. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown>[];

  constructor(status: number, code: string, message: string, details: Record<string, unknown>[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** No answer at all: the server is down, the address is wrong, or the network failed. */
export class ApiConnectionError extends Error {
  readonly server: string;

  constructor(server: string, reason: string, options?: ErrorOptions) {
    super(`cannot reach Ringmaster at ${server}: ${reason}`, options);
    this.name = 'ApiConnectionError';
    this.server = server;
  }
}
