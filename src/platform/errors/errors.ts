/**
 * Domain errors. They know nothing about HTTP: the HTTP layer maps them to
 * status codes in one place (platform/http/error-handler.ts).
 */
export type ErrorDetail = Record<string, unknown>;

export class DomainError extends Error {
  readonly code: string;
  readonly details: ErrorDetail[];

  constructor(code: string, message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}

/** The caller sent something invalid. */
export class InputError extends DomainError {
  constructor(message: string, details: ErrorDetail[] = [], code = 'invalid_input') {
    super(code, message, details);
  }
}

/** No valid credentials were presented. */
export class UnauthenticatedError extends DomainError {
  constructor(message = 'a valid token is required') {
    super('unauthenticated', message);
  }
}

/** The caller is known but may not do this. */
export class NotAllowedError extends DomainError {
  constructor(message: string) {
    super('not_allowed', message);
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string) {
    super('not_found', message);
  }
}

/** The request conflicts with the current state (duplicate, already revoked, …). */
export class ConflictError extends DomainError {
  constructor(message: string, details: ErrorDetail[] = [], code = 'conflict') {
    super(code, message, details);
  }
}
