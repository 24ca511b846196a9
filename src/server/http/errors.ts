import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { DomainError, type ErrorKind } from '../errors.ts';

/** The one error shape every API answer uses. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

const statusOfKind: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
};

/** Fastify's own client errors, renamed to stable codes of Reckon's. */
const fastifyCodes: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_content_length',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'empty_body',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_ERR_VALIDATION: 'invalid_request',
  FST_ERR_BAD_URL: 'bad_url',
  FST_ERR_ASYNC_CONSTRAINT: 'bad_request',
  FST_ERR_MAX_PARAM_LENGTH: 'path_too_long',
};

/** Messages of our own for the framework's client errors whose text names internals or is unhelpful. */
const fastifyMessages: Record<string, string> = {
  malformed_json: 'The request body is not valid JSON',
  body_too_large: 'The request body is larger than this endpoint accepts',
  path_too_long: 'A part of the request path is longer than any identifier this API uses',
  bad_url: 'The request path is not a valid URL (a stray % or a broken escape)',
  unsupported_media_type: 'This endpoint accepts JSON (application/json), or multipart/form-data on upload endpoints',
};

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export function toHttpError(error: unknown): { status: number; body: ErrorBody; unexpected: boolean } {
  if (error instanceof DomainError) {
    return { status: statusOfKind[error.kind], body: errorBody(error.code, error.message, error.details), unexpected: false };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((v) => ({
      where: error.validationContext ?? 'body',
      path: (v.instancePath || '/').replace(/^\//, '').replace(/\//g, '.') || '(root)',
      message: v.message ?? 'is not valid',
    }));
    const first = issues[0];
    return {
      status: 400,
      body: errorBody('invalid_request', `${first.where} ${first.path}: ${first.message}`, { issues }),
      unexpected: false,
    };
  }
  if (isResponseSerializationError(error)) {
    return { status: 500, body: errorBody('internal', 'Internal error'), unexpected: true };
  }
  const candidate = error as Partial<FastifyError> & { statusCode?: number; message?: string };
  const status = candidate.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code =
      (candidate.code && fastifyCodes[candidate.code]) ??
      (status === 429 ? 'rate_limited' : status === 404 ? 'not_found' : status === 413 ? 'body_too_large' : 'bad_request');
    // Fastify's client-error messages are safe to show (they describe the request, not the server).
    const message = fastifyMessages[code] ?? candidate.message ?? 'Bad request';
    return { status, body: errorBody(code, message), unexpected: false };
  }
  return { status: 500, body: errorBody('internal', 'Internal error'), unexpected: true };
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body, unexpected } = toHttpError(error);
    if (unexpected) {
      // The message goes to the log with the request id; the client sees only the id, never a stack trace.
      request.log.error({ err: error }, 'unexpected error');
      body.error.details = { requestId: request.id };
    }
    void reply.status(status).type('application/json').send(body);
  });
}

/**
 * Errors Fastify raises before a route is found (a path parameter longer than the router accepts: 414; a URL that
 * cannot be decoded: 400). They bypass the error handler, so without this they left in Fastify's own shape.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = toHttpError(error);
  void reply.status(status).type('application/json').send(body);
}

/**
 * A request Node's HTTP parser itself refuses (headers or request line too long: 431; malformed HTTP: 400) never
 * reaches Fastify; the answer is written to the socket directly, in the same error shape.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: import('node:net').Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const body = JSON.stringify(
    tooLarge
      ? errorBody('headers_too_large', 'The request line or headers are larger than this server accepts')
      : errorBody('malformed_request', 'The request is not valid HTTP'),
  );
  socket.end(
    `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function notFoundBody(method: string, url: string): ErrorBody {
  return errorBody('route_not_found', `No route ${method} ${url.split('?')[0]}`);
}
