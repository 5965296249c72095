import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ConflictError, DomainError, InputError, NotAllowedError, NotFoundError, UnauthenticatedError } from '../errors/errors.ts';
import { errorBody } from './error-body.ts';

/** The one place where domain errors become HTTP status codes. */
function statusOf(error: DomainError): number {
  if (error instanceof InputError) return 400;
  if (error instanceof UnauthenticatedError) return 401;
  if (error instanceof NotAllowedError) return 403;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  return 400;
}

const FRAMEWORK_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_content_length',
  FST_ERR_BAD_URL: 'bad_url',
  FST_ERR_MAX_PARAM_LENGTH: 'path_too_long',
  FST_ERR_ASYNC_CONSTRAINT: 'bad_request',
};

export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof DomainError) {
    void reply.status(statusOf(error)).send(errorBody(error.code, error.message, error.details));
    return;
  }
  if (error.validation) {
    const context = error.validationContext ?? 'request';
    const details = error.validation.map((v) => ({
      field: `${context}${v.instancePath.replace(/\//g, '.')}`,
      message: Array.isArray(v.params?.allowedValues) ? `must be one of ${v.params.allowedValues.join(', ')}` : v.message ?? 'is invalid',
      ...(typeof v.params?.additionalProperty === 'string' ? { unknownField: v.params.additionalProperty } : {}),
    }));
    const first = details[0];
    const message = first ? `${first.field}: ${first.message}${first.unknownField ? ` ('${first.unknownField}')` : ''}` : 'the request is invalid';
    void reply.status(400).send(errorBody('invalid_request', message, details));
    return;
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const code = FRAMEWORK_CODES[error.code] ?? 'bad_request';
    void reply.status(status).send(errorBody(code, error.message));
    return;
  }
  request.log.error({ err: error }, 'unhandled error');
  void reply.status(500).send(errorBody('internal', `internal error; the server log has the details (request ${request.id})`));
}
