import { Type, type Static } from '@sinclair/typebox';
import { Id, Instant, literalUnion } from './common';

export const PARTY_NOTICE_KINDS = ['rectification', 'request_carried_out'] as const;
export type PartyNoticeKind = (typeof PARTY_NOTICE_KINDS)[number];

/**
 * A notice to a party (art. 12.6). No content: a rectification notice points at the minutes (read through the
 * party's own view); a request notice names the subject's reference and what kind of request was carried out.
 */
export const PartyNoticeView = Type.Object({
  id: Id,
  kind: literalUnion(PARTY_NOTICE_KINDS),
  /** The party told. */
  organisation: Type.String(),
  subjectReference: Type.String(),
  meeting: Type.Union([
    Type.Object({ id: Id, title: Type.String(), kind: Type.String(), scheduledAt: Instant }),
    Type.Null(),
  ]),
  itemPosition: Type.Union([Type.Integer(), Type.Null()]),
  requestKind: Type.Union([literalUnion(['correction', 'deletion', 'objection'] as const), Type.Null()]),
  createdAt: Instant,
  acknowledgedAt: Type.Union([Instant, Type.Null()]),
  acknowledgedBy: Type.Union([Type.String(), Type.Null()]),
});
export type PartyNoticeView = Static<typeof PartyNoticeView>;

export const PartyNoticeQuery = Type.Object(
  {
    /** `sent`: every notice of the covenant with its acknowledgement (executor); default: the own party's. */
    scope: Type.Optional(literalUnion(['own', 'sent'] as const)),
  },
  { additionalProperties: false },
);
export type PartyNoticeQuery = Static<typeof PartyNoticeQuery>;

export const PartyNoticeList = Type.Object({
  notices: Type.Array(PartyNoticeView),
  /** Own notices not yet acknowledged (for the badge in the header). */
  unacknowledged: Type.Integer(),
});
export type PartyNoticeList = Static<typeof PartyNoticeList>;

/** The header's badge: how many notices to the own party nobody of it has seen yet (a count, no subjects). */
export const PartyNoticeCount = Type.Object({ unacknowledged: Type.Integer() });
export type PartyNoticeCount = Static<typeof PartyNoticeCount>;
