import { Type, type Static } from '@sinclair/typebox';
import { LIMITS } from '../limits';
import { MEMBERSHIP_ROLES } from '../domain/roles';
import { MEETING_KINDS, MEETING_STATES } from '../domain/meetings';
import { ITEM_OUTCOMES } from '../domain/consent';
import { Id, Instant, ShortText, literalUnion } from './common';

export const ScheduleMeetingBody = Type.Object(
  {
    kind: literalUnion(MEETING_KINDS),
    title: Type.String({ minLength: 1, maxLength: LIMITS.meetingTitle }),
    scheduledAt: Instant,
  },
  { additionalProperties: false },
);
export type ScheduleMeetingBody = Static<typeof ScheduleMeetingBody>;

export const MeetingSummary = Type.Object({
  id: Id,
  kind: literalUnion(MEETING_KINDS),
  title: Type.String(),
  scheduledAt: Instant,
  state: literalUnion(MEETING_STATES),
  agendaItemCount: Type.Integer(),
});
export type MeetingSummary = Static<typeof MeetingSummary>;

export const MeetingList = Type.Object({ meetings: Type.Array(MeetingSummary) });
export type MeetingList = Static<typeof MeetingList>;

export const AgendaItemView = Type.Object({
  id: Id,
  position: Type.Integer(),
  subjectReference: Type.String(),
  /** Present only for readers who may see the file the item refers to. */
  subjectName: Type.Union([Type.String(), Type.Null()]),
  weighingFileId: Type.Union([Id, Type.Null()]),
  caseFileId: Type.Union([Id, Type.Null()]),
  /**
   * Whether the reader is admitted to the item. An item a participant is not admitted to is an anonymous
   * placeholder: no reference, no name, no file (art. 9.1, 10.5).
   */
  admitted: Type.Boolean(),
  /**
   * The item's outcome in this meeting (admitted items only): what the agenda shows once the live session is
   * over. Absent where an agenda is shown without it (the minutes).
   */
  outcome: Type.Optional(Type.Union([literalUnion(ITEM_OUTCOMES), Type.Null()])),
});
export type AgendaItemView = Static<typeof AgendaItemView>;

export const ParticipantView = Type.Object({
  membershipId: Id,
  displayName: Type.String(),
  organisationName: Type.String(),
  role: literalUnion(MEMBERSHIP_ROLES),
});
export type ParticipantView = Static<typeof ParticipantView>;

export const MeetingDetail = Type.Object({
  id: Id,
  kind: literalUnion(MEETING_KINDS),
  title: Type.String(),
  scheduledAt: Instant,
  state: literalUnion(MEETING_STATES),
  agenda: Type.Array(AgendaItemView),
  participants: Type.Array(ParticipantView),
  /** Present when the executor called the meeting off (art. 5). */
  cancellation: Type.Optional(Type.Object({ at: Instant, reason: Type.String() })),
});
export type MeetingDetail = Static<typeof MeetingDetail>;

/** Why a meeting is called off, or an item taken off its agenda (audited; art. 5). */
export const WithdrawalBody = Type.Object({ reason: ShortText() }, { additionalProperties: false });
export type WithdrawalBody = Static<typeof WithdrawalBody>;

export const AgendaItemParams = Type.Object({ id: Id, itemId: Id }, { additionalProperties: false });
export type AgendaItemParams = Static<typeof AgendaItemParams>;

export const AddAgendaItemBody = Type.Object(
  {
    weighingFileId: Type.Optional(Id),
    caseFileId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type AddAgendaItemBody = Static<typeof AddAgendaItemBody>;
