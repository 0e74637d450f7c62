import { Type, type Static } from '@sinclair/typebox';
import { MEETING_KINDS } from '../domain/meetings';
import { COMPARTMENT_NAMES } from '../live/compartments';
import { Id, Instant, LongText, ShortText, literalUnion } from './common';
import { RectificationView } from './records';

/** A reason of a correction request or of its refusal: required, and short enough to read. */
const Reason = Type.String({ minLength: 1, maxLength: 2000 });

export const MinutesAcknowledgementView = Type.Object({ acknowledgedAt: Instant });
export type MinutesAcknowledgementView = Static<typeof MinutesAcknowledgementView>;

export const MinutesAcknowledgementsView = Type.Object({
  participants: Type.Array(
    Type.Object({
      membershipId: Id,
      name: Type.String(),
      acknowledgedAt: Type.Union([Instant, Type.Null()]),
    }),
  ),
});
export type MinutesAcknowledgementsView = Static<typeof MinutesAcknowledgementsView>;

export const CorrectionRequestBody = Type.Object(
  {
    itemId: Id,
    compartment: literalUnion(COMPARTMENT_NAMES),
    field: ShortText({ minLength: 1 }),
    reason: Reason,
  },
  { additionalProperties: false },
);
export type CorrectionRequestBody = Static<typeof CorrectionRequestBody>;

export const CorrectionRequestView = Type.Object({
  id: Id,
  itemId: Id,
  compartment: Type.String(),
  field: Type.String(),
  requesterMembershipId: Id,
  /** Null once the file's key is destroyed at the end of its retention period (art. 13). */
  reason: Type.Union([Type.String(), Type.Null()]),
  answer: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([Type.Literal('requested'), Type.Literal('rectified'), Type.Literal('refused')]),
  requestedAt: Instant,
  answeredAt: Type.Union([Instant, Type.Null()]),
  rectificationRecordId: Type.Union([Id, Type.Null()]),
});
export type CorrectionRequestView = Static<typeof CorrectionRequestView>;

export const CorrectionRequestList = Type.Object({ requests: Type.Array(CorrectionRequestView) });
export type CorrectionRequestList = Static<typeof CorrectionRequestList>;

export const CorrectionRequestParams = Type.Object({ id: Id, rid: Id }, { additionalProperties: false });
export type CorrectionRequestParams = Static<typeof CorrectionRequestParams>;

export const RefuseCorrectionBody = Type.Object({ reason: Reason }, { additionalProperties: false });
export type RefuseCorrectionBody = Static<typeof RefuseCorrectionBody>;

export const CarryOutCorrectionBody = Type.Object(
  { correction: LongText() },
  { additionalProperties: false },
);
export type CarryOutCorrectionBody = Static<typeof CarryOutCorrectionBody>;

export const CarriedOutCorrectionView = Type.Object({ rectification: RectificationView });
export type CarriedOutCorrectionView = Static<typeof CarriedOutCorrectionView>;

/** The reader's own standing with a meeting's minutes: only who attended marks them as read. */
export const OwnAcknowledgementView = Type.Object({
  attended: Type.Boolean(),
  acknowledgedAt: Type.Union([Instant, Type.Null()]),
});
export type OwnAcknowledgementView = Static<typeof OwnAcknowledgementView>;

/** "Verslag beschikbaar": frozen meetings the reader attended and has not yet marked as read. */
export const MinutesToReadList = Type.Object({
  meetings: Type.Array(
    Type.Object({
      meetingId: Id,
      title: Type.String(),
      kind: literalUnion(MEETING_KINDS),
      scheduledAt: Instant,
    }),
  ),
});
export type MinutesToReadList = Static<typeof MinutesToReadList>;
