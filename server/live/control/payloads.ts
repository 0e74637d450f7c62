import { Value } from '@sinclair/typebox/value';
import {
  CONTROL_PAYLOADS,
  ErrorCode,
  LIMITS,
  PATTERN_HINTS,
  type ClientToServerEvents,
} from '../../../shared/index';
import { AppError } from '../../errors';
import { valueNestsDeeperThan } from '../../plugins/json-depth';

export type PayloadOf<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];

const badRequest = (message: string, field?: string) =>
  new AppError(400, ErrorCode.BadRequest, message, field);

/**
 * The one payload of an event, checked against its schema (shared/live/control.ts), or a BAD_REQUEST naming the
 * problem and the field (never the value sent). `args` are the event's arguments without the acknowledgement.
 */
export function checkedPayload<E extends keyof ClientToServerEvents>(
  event: E,
  args: unknown[],
): PayloadOf<E> {
  if (args.length === 0) throw badRequest('payload is required', 'payload');
  if (args.length > 1) throw badRequest('send one payload object, then the acknowledgement callback');
  const [value] = args;
  if (valueNestsDeeperThan(value, LIMITS.jsonDepth))
    throw badRequest(`payload nests deeper than ${LIMITS.jsonDepth} levels`, 'payload');
  const issue = Value.Errors(CONTROL_PAYLOADS[event], value).First();
  if (!issue) return value as PayloadOf<E>;
  const field = ['payload', ...issue.path.split('/').filter(Boolean)].join('.');
  const { pattern, anyOf, hint } = issue.schema as {
    pattern?: string;
    anyOf?: { const?: unknown }[];
    hint?: string;
  };
  const choices = anyOf?.every((s) => s.const !== undefined) ? anyOf.map((s) => String(s.const)) : null;
  const problem =
    issue.message === 'Unexpected property'
      ? 'is not a known field'
      : hint
        ? hint
        : pattern && PATTERN_HINTS[pattern]
          ? PATTERN_HINTS[pattern]
          : choices
            ? `must be one of: ${choices.join(', ')}`
            : issue.message.charAt(0).toLowerCase() + issue.message.slice(1);
  throw badRequest(`${field} ${problem}`, field);
}
