import { Type, type Static } from '@sinclair/typebox';
import { ACCESS_FLAGS, AUTHORITY_NOTIFICATIONS } from '../domain/access-review';
import { AUDIT_RESULTS } from '../domain/audit-vocabulary';
import { DateOnly, Id, Instant, LongText, ShortText, literalUnion } from './common';

export const AccessLogQuery = Type.Object(
  {
    from: Type.Optional(DateOnly),
    to: Type.Optional(DateOnly),
    subjectReference: Type.Optional(ShortText({ minLength: 1 })),
    userId: Type.Optional(Id),
    result: Type.Optional(literalUnion(AUDIT_RESULTS)),
    flagged: Type.Optional(literalUnion(['true'] as const)),
    format: Type.Optional(literalUnion(['json', 'csv'] as const)),
  },
  { additionalProperties: false },
);
export type AccessLogQuery = Static<typeof AccessLogQuery>;

export const AccessLogEntry = Type.Object({
  seq: Type.Integer(),
  at: Instant,
  user: Type.Union([Type.String(), Type.Null()]),
  userId: Type.Union([Id, Type.Null()]),
  organisation: Type.Union([Type.String(), Type.Null()]),
  role: Type.Union([Type.String(), Type.Null()]),
  capacity: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  objectType: Type.String(),
  subjectReference: Type.Union([Type.String(), Type.Null()]),
  fieldGroup: Type.Union([Type.String(), Type.Null()]),
  result: Type.String(),
  rule: Type.Union([Type.String(), Type.Null()]),
  purpose: Type.String(),
  /** During a live meeting (a meeting document or the meeting itself), or outside one. */
  inMeeting: Type.Boolean(),
  flags: Type.Array(literalUnion(ACCESS_FLAGS)),
});
export type AccessLogEntry = Static<typeof AccessLogEntry>;

export const AccessLogView = Type.Object({
  entries: Type.Array(AccessLogEntry),
  /** Entries in the period before any filter but the dates, and how many of them are flagged. */
  total: Type.Integer(),
  flagged: Type.Integer(),
  truncated: Type.Boolean(),
});
export type AccessLogView = Static<typeof AccessLogView>;

export const RecordReviewBody = Type.Object(
  { periodFrom: DateOnly, periodTo: DateOnly, findings: LongText({ minLength: 1 }) },
  { additionalProperties: false },
);
export type RecordReviewBody = Static<typeof RecordReviewBody>;

export const AccessReviewView = Type.Object({
  id: Id,
  periodFrom: Type.String(),
  periodTo: Type.String(),
  entries: Type.Integer(),
  flagged: Type.Integer(),
  findings: Type.String(),
  reviewedBy: Type.String(),
  reviewedAt: Instant,
});
export type AccessReviewView = Static<typeof AccessReviewView>;
export const AccessReviewList = Type.Object({ reviews: Type.Array(AccessReviewView) });
export type AccessReviewList = Static<typeof AccessReviewList>;

const AuthorityNotification = literalUnion(AUTHORITY_NOTIFICATIONS);

export const RegisterIncidentBody = Type.Object(
  {
    title: ShortText({ minLength: 1 }),
    description: LongText({ minLength: 1 }),
    occurredOn: Type.Optional(DateOnly),
    discoveredAt: Instant,
    personalData: Type.Boolean(),
    authorityNotification: AuthorityNotification,
    /** Measures taken so far; may be empty when the incident is registered at once. */
    actions: LongText({ minLength: 0 }),
  },
  { additionalProperties: false },
);
export type RegisterIncidentBody = Static<typeof RegisterIncidentBody>;

export const UpdateIncidentBody = Type.Object(
  {
    authorityNotification: Type.Optional(AuthorityNotification),
    authorityNotifiedAt: Type.Optional(Instant),
    /** Required with a notification made after the 72 hours (art. 33.1 AVG: the reasons for the delay). */
    lateReason: Type.Optional(LongText({ minLength: 1 })),
    actions: Type.Optional(LongText()),
    close: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateIncidentBody = Static<typeof UpdateIncidentBody>;

export const IncidentView = Type.Object({
  id: Id,
  title: Type.String(),
  description: Type.String(),
  occurredOn: Type.Union([Type.String(), Type.Null()]),
  discoveredAt: Instant,
  personalData: Type.Boolean(),
  authorityNotification: AuthorityNotification,
  authorityNotifiedAt: Type.Union([Instant, Type.Null()]),
  /** Who recorded the notification to the authority. */
  authorityNotifiedBy: Type.Union([Type.String(), Type.Null()]),
  /** Notified after the deadline, and why (art. 33.1 AVG). */
  notifiedLate: Type.Boolean(),
  lateReason: Type.Union([Type.String(), Type.Null()]),
  /** discoveredAt + 72 hours. */
  authorityDeadline: Instant,
  actions: Type.String(),
  status: literalUnion(['open', 'notification_due', 'notification_overdue', 'closed'] as const),
  createdAt: Instant,
  closedAt: Type.Union([Instant, Type.Null()]),
});
export type IncidentView = Static<typeof IncidentView>;
export const IncidentList = Type.Object({ incidents: Type.Array(IncidentView) });
export type IncidentList = Static<typeof IncidentList>;
