import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ApiError, type ErrorCode } from './errors.js';
import { isDatabaseUnavailable } from '../store/db-errors.js';

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'RVP_PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'RVP_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'RVP_BAD_REQUEST',
  FST_ERR_CTP_INVALID_JSON_BODY: 'RVP_BAD_REQUEST',
  FST_ERR_VALIDATION: 'RVP_VALIDATION',
  FST_CSRF_INVALID_TOKEN: 'RVP_CSRF',
  FST_CSRF_MISSING_SECRET: 'RVP_CSRF',
};

export function describeZodError(error: ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid input';
  const where = issue.path.length ? issue.path.join('.') : 'input';
  return `${where}: ${issue.message}`;
}

export type PageFallback = (request: FastifyRequest, reply: FastifyReply) => FastifyReply | null;

/**
 * One JSON error shape for everything; no stack trace ever reaches a client. `pageFallback` may
 * answer unmatched page requests (the dashboard's client-side routes) before the JSON 404.
 */
export function registerErrorHandling(app: FastifyInstance, pageFallback?: PageFallback): void {
  app.setErrorHandler((error: FastifyError | ApiError | ZodError, request, reply) => {
    let apiError: ApiError;
    if (error instanceof ApiError) apiError = error;
    else if (error instanceof ZodError) apiError = new ApiError('RVP_VALIDATION', describeZodError(error));
    else if (hasZodFastifySchemaValidationErrors(error)) {
      // A route's zod schema (fastify-type-provider-zod): the same "field: problem" message.
      const issue = error.validation[0]!;
      const where = issue.instancePath.slice(1).replaceAll('/', '.') || error.validationContext || 'input';
      apiError = new ApiError('RVP_VALIDATION', `${where}: ${issue.message}`);
    }
    else if (error.code && FASTIFY_CODES[error.code]) {
      const code = FASTIFY_CODES[error.code]!;
      apiError = new ApiError(code, code === 'RVP_CSRF' ? undefined : error.message);
    }
    else if (error.statusCode === 429) apiError = new ApiError('RVP_RATE_LIMITED');
    else if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unreachable');
      apiError = new ApiError('RVP_DATABASE_UNAVAILABLE');
      void reply.header('retry-after', '5');
    }
    else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) apiError = new ApiError('RVP_BAD_REQUEST', error.message);
    else {
      request.log.error({ err: error }, 'unhandled error');
      apiError = new ApiError('RVP_INTERNAL');
    }
    if (apiError.status >= 500) request.log.error({ code: apiError.code }, apiError.message);
    void reply.status(apiError.status).send(apiError.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    if (pageFallback?.(request, reply)) return;
    void reply.status(404).send(new ApiError('RVP_NOT_FOUND', `No route for ${request.method} ${request.url.split('?')[0]}`).toBody());
  });
}
