import { AppError } from './errors';
import { ErrorCode } from '../shared/index';

/** Seconds a client is asked to wait (Retry-After) before retrying while the database is unreachable. */
export const RETRY_AFTER_SECONDS = 5;

/** Node socket errors of a connection to the database that could not be made or was lost. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);
/**
 * PostgreSQL SQLSTATEs that mean "the server is not there for you right now" (PostgreSQL manual, appendix A):
 * class 08 connection exceptions, 57P01–57P03 shutdown / cannot connect now, 53300 too many connections.
 */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** Driver messages without a code: PGlite closed, pg's pool ended or timed out, a connection terminated. */
const MESSAGES = [
  'PGlite is closed',
  'Cannot use a pool after calling end on the pool',
  'timeout exceeded when trying to connect',
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
];

/**
 * Whether an error means the database is unreachable rather than that the query was wrong. Looks through the
 * `cause` chain (drizzle wraps driver errors), a few links at most.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return someCause(
    error,
    ({ code, message }) =>
      (typeof code === 'string' &&
        (SOCKET_CODES.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) ||
      (typeof message === 'string' && MESSAGES.some((m) => message.startsWith(m))),
  );
}

/**
 * PostgreSQL SQLSTATEs of a transaction rolled back because another one ran at the same moment (PostgreSQL
 * manual, appendix A): 40001 serialization failure, 40P01 deadlock detected. That transaction was rolled back
 * whole; a request that committed an earlier transaction keeps that one, so the message does not promise that
 * nothing was stored, only that the request did not complete.
 */
const CONFLICT_SQLSTATES = new Set(['40001', '40P01']);

/** Whether an error is a transaction that lost a race with another one (see CONFLICT_SQLSTATES). */
export const isConcurrencyConflict = (error: unknown): boolean =>
  someCause(error, ({ code }) => typeof code === 'string' && CONFLICT_SQLSTATES.has(code));

export const concurrentChange = () =>
  new AppError(
    409,
    ErrorCode.Conflict,
    'Another change was made at the same moment, so yours could not be completed; reload and try again',
  );

/** Whether the error or one in its `cause` chain (drizzle wraps driver errors), a few links at most, matches. */
function someCause(
  error: unknown,
  matches: (link: { code?: unknown; message?: unknown }) => boolean,
): boolean {
  let current: unknown = error;
  for (let i = 0; i < 5 && current && typeof current === 'object'; i++) {
    const link = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (matches(link)) return true;
    current = link.cause;
  }
  return false;
}

export const unavailable = () =>
  new AppError(503, ErrorCode.Unavailable, 'The database is temporarily unavailable; try again shortly');
