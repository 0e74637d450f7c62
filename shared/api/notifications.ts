import { Type, type Static } from '@sinclair/typebox';
import { DEFERRAL_GROUNDS } from '../domain/notification';
import { WEIGHING_OUTCOMES } from '../domain/weighing';
import { DateOnly, Id, Instant, ShortText, literalUnion } from './common';

/** One subject's notification duty in the register (art. 11), with its history. */
export const NotificationView = Type.Object({
  id: Id,
  subjectReference: Type.String(),
  /** From the weighing file; null once that file was destroyed (art. 13). */
  subjectName: Type.Union([Type.String(), Type.Null()]),
  weighingFileId: Type.Union([Id, Type.Null()]),
  decisionOutcome: Type.Union([literalUnion(WEIGHING_OUTCOMES), Type.Null()]),
  dueSince: Instant,
  state: literalUnion(['due', 'deferred', 'informed'] as const),
  status: literalUnion(['due', 'overdue', 'deferred', 'review_due', 'informed'] as const),
  deferralGround: Type.Union([literalUnion(DEFERRAL_GROUNDS), Type.Null()]),
  reviewOn: Type.Union([Type.String(), Type.Null()]),
  informedOn: Type.Union([Type.String(), Type.Null()]),
  informedHow: Type.Union([Type.String(), Type.Null()]),
  history: Type.Array(
    Type.Object({
      kind: literalUnion(['deferred', 'informed'] as const),
      deferralGround: Type.Union([literalUnion(DEFERRAL_GROUNDS), Type.Null()]),
      reviewOn: Type.Union([Type.String(), Type.Null()]),
      informedOn: Type.Union([Type.String(), Type.Null()]),
      informedHow: Type.Union([Type.String(), Type.Null()]),
      by: Type.String(),
      at: Instant,
    }),
  ),
});
export type NotificationView = Static<typeof NotificationView>;

export const NotificationList = Type.Object({ notifications: Type.Array(NotificationView) });
export type NotificationList = Static<typeof NotificationList>;

/** Art. 11.3–11.4: defer informing the subject on a ground of art. 43 Wbp, until a review date (also: extend). */
export const DeferNotificationBody = Type.Object(
  { ground: literalUnion(DEFERRAL_GROUNDS), reviewOn: DateOnly },
  { additionalProperties: false },
);
export type DeferNotificationBody = Static<typeof DeferNotificationBody>;

/** Art. 11.2, 11.5: the subject was informed on this date, in this way (e.g. "per aangetekende brief"). */
export const InformedBody = Type.Object(
  { informedOn: DateOnly, how: ShortText({ minLength: 1 }) },
  { additionalProperties: false },
);
export type InformedBody = Static<typeof InformedBody>;
