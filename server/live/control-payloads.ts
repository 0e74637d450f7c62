import { Type, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import {
  CONSENT_REMARK_MAX,
  CONSENT_VOTES,
  ITEM_OUTCOMES,
  LIMITS,
  PATTERN_HINTS,
  UUID_PATTERN,
  type ClientToServerEvents,
} from '../../shared/index';
import { valueNestsDeeperThan } from '../plugins/json-depth';
import { ControlError } from './control-error';

const Id = Type.String({ pattern: UUID_PATTERN, maxLength: 36 });
const payload = (properties: Parameters<typeof Type.Object>[0]) =>
  Type.Object(properties, { additionalProperties: false });
const Meeting = payload({ meetingId: Id });
const Item = payload({ meetingId: Id, itemId: Id });

/**
 * The shape of every meeting-control event's payload: ids, types, no unknown fields. Rules that need the
 * database (who may, which state) stay with the handlers; the proposal's own shape is checked by
 * caseProposalOf, which gives the clearer message.
 */
const SCHEMAS: Record<keyof ClientToServerEvents, TSchema> = {
  'meeting:join': Meeting,
  'meeting:leave': Meeting,
  'chair:open': Meeting,
  'chair:close': Meeting,
  'chair:discuss': Item,
  'chair:admit': payload({
    meetingId: Id,
    membershipId: Id,
    items: Type.Union([Type.Literal('all'), Type.Array(Id, { maxItems: LIMITS.agendaItemsPerMeeting })], {
      hint: `must be 'all' or a list of at most ${LIMITS.agendaItemsPerMeeting} agenda item ids (UUIDs)`,
    }),
  }),
  'chair:consent-ask': payload({
    meetingId: Id,
    itemId: Id,
    proposal: Type.Optional(Type.Object({})),
  }),
  'consent:vote': payload({
    meetingId: Id,
    itemId: Id,
    vote: Type.Union(CONSENT_VOTES.map((v) => Type.Literal(v))),
    remark: Type.Optional(Type.String({ maxLength: CONSENT_REMARK_MAX })),
  }),
  'chair:outcome': payload({
    meetingId: Id,
    itemId: Id,
    outcome: Type.Union(ITEM_OUTCOMES.map((o) => Type.Literal(o))),
  }),
  'hand:raise': payload({ meetingId: Id, raised: Type.Boolean() }),
};

/**
 * The one payload of an event, checked against its schema, or a BAD_REQUEST naming the problem (never the value
 * sent). `args` are the event's arguments without the acknowledgement callback.
 */
export function checkedPayload<E extends keyof ClientToServerEvents>(
  event: E,
  args: unknown[],
): Parameters<ClientToServerEvents[E]>[0] {
  if (args.length === 0) throw new ControlError('BAD_REQUEST', 'payload is required');
  if (args.length > 1)
    throw new ControlError('BAD_REQUEST', 'send one payload object, then the acknowledgement callback');
  const [value] = args;
  if (valueNestsDeeperThan(value, LIMITS.jsonDepth))
    throw new ControlError('BAD_REQUEST', `payload nests deeper than ${LIMITS.jsonDepth} levels`);
  const schema = SCHEMAS[event];
  const issue = Value.Errors(schema, value).First();
  if (!issue) return value as Parameters<ClientToServerEvents[E]>[0];
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
  throw new ControlError('BAD_REQUEST', `${field} ${problem}`);
}
