import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance } from 'fastify';
import { ErrorCode, PATTERN_HINTS, UUID_PATTERN, type ApiErrorBody } from '../../shared/index';
import { AppError } from '../errors';
import {
  RETRY_AFTER_SECONDS,
  concurrentChange,
  isConcurrencyConflict,
  isDatabaseUnavailable,
  unavailable,
} from '../database-outage';
import { loggableError } from '../safe-log';

interface ValidationIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

const FORMAT_HINTS: Record<string, string> = {
  uuid: PATTERN_HINTS[UUID_PATTERN]!,
  date: 'must be a date that exists, written YYYY-MM-DD',
  'date-time': 'must be a date and time with time zone, e.g. 2026-11-24T09:00:00+01:00',
};

/** `body.reporter.name` from ajv's `/reporter/name` (+ missing/extra property names). */
function fieldOf(context: string | undefined, issue: ValidationIssue): string {
  const path = issue.instancePath.split('/').filter(Boolean);
  if (issue.keyword === 'required' && typeof issue.params.missingProperty === 'string')
    path.push(issue.params.missingProperty);
  if (issue.keyword === 'additionalProperties' && typeof issue.params.additionalProperty === 'string') {
    path.push(issue.params.additionalProperty);
  }
  return [context ?? 'body', ...path].join('.');
}

function messageOf(field: string, issue: ValidationIssue): string {
  switch (issue.keyword) {
    case 'required':
      return `${field} is required`;
    case 'additionalProperties':
      return `${field} is not a known field`;
    case 'pattern':
      return `${field} ${PATTERN_HINTS[issue.params.pattern as string] ?? 'is not in the expected form'}`;
    case 'format':
      return `${field} ${FORMAT_HINTS[issue.params.format as string] ?? issue.message ?? 'is invalid'}`;
    case 'enum':
      return `${field} must be one of: ${(issue.params.allowedValues as unknown[]).join(', ')}`;
    default:
      // ajv's messages describe the rule ("must NOT have more than 200 characters"), never the value sent.
      return `${field} ${issue.message ?? 'is invalid'}`;
  }
}

/** Maps framework errors to the wire contract's error body. Nothing user-caused becomes a 500. */
export function toErrorBody(error: FastifyError | AppError | Error): { status: number; body: ApiErrorBody } {
  // A database outage is no fault of the request: 503, so the client retries (after Retry-After) instead of
  // giving up on what the user entered.
  if (isDatabaseUnavailable(error)) error = unavailable();
  // Lost a race with another transaction (deadlock, serialization): rolled back whole, so "try again" is true.
  else if (isConcurrencyConflict(error)) error = concurrentChange();
  if (error instanceof AppError) {
    return {
      status: error.statusCode,
      body: {
        error: {
          code: error.code,
          message: error.message,
          ...(error.field ? { field: error.field } : {}),
          ...(error.rule ? { rule: error.rule } : {}),
        },
      },
    };
  }
  const fe = error as FastifyError & { validation?: ValidationIssue[]; validationContext?: string };
  if (fe.validation && fe.validation.length > 0) {
    const issue = fe.validation[0]!;
    const field = fieldOf(fe.validationContext, issue);
    return {
      status: 400,
      body: { error: { code: ErrorCode.ValidationFailed, message: messageOf(field, issue), field } },
    };
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return {
        status: 400,
        body: {
          error: {
            code: ErrorCode.MalformedJson,
            message: 'The request body is not valid JSON',
            field: 'body',
          },
        },
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return {
        status: 400,
        body: {
          error: {
            code: ErrorCode.MalformedJson,
            message: 'The request body is empty; JSON was expected',
            field: 'body',
          },
        },
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        body: {
          error: {
            code: ErrorCode.UnsupportedMediaType,
            message: 'Send the body as application/json',
            field: 'headers.content-type',
          },
        },
      };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        status: 413,
        body: {
          error: { code: ErrorCode.PayloadTooLarge, message: 'The request body is too large', field: 'body' },
        },
      };
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, body: { error: { code: ErrorCode.BadRequest, message: fe.message } } };
  }
  return {
    status: 500,
    body: { error: { code: ErrorCode.Internal, message: 'An internal error occurred; it has been logged' } },
  };
}

export default fp(
  (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const { status, body } = toErrorBody(error);
      // Never the request body, nor a database error's parameters: both may hold personal data.
      if (status >= 500) request.log.error({ error: loggableError(error) }, 'request failed');
      // A lost race is answered as a conflict, and logged: two paths taking locks in opposite orders show here.
      else if (isConcurrencyConflict(error))
        request.log.warn({ error: loggableError(error) }, 'request lost a race with another transaction');
      if (status === 503) void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      return reply.status(status).send(body);
    });
  },
  { name: 'errors' },
);
