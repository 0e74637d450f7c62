import { Type, type Static } from '@sinclair/typebox';
import { DEFERRAL_GROUNDS } from '../domain/notification';
import { DECISION_STATES } from '../domain/weighing';
import { REQUESTERS, REQUEST_DECISIONS, REQUEST_KINDS } from '../domain/subject-requests';
import { DateOnly, Id, Instant, LongText, ShortText, literalUnion } from './common';

/** Art. 12.1: the executor registers a request with the date it was received. */
export const RegisterRequestBody = Type.Object(
  {
    subjectReference: ShortText({ minLength: 1 }),
    kind: literalUnion(REQUEST_KINDS),
    requester: literalUnion(REQUESTERS),
    receivedOn: DateOnly,
    /** Art. 12.3: the request is answered after the identity is established. */
    identityVerifiedOn: Type.Optional(DateOnly),
    details: LongText({ minLength: 1 }),
  },
  { additionalProperties: false },
);
export type RegisterRequestBody = Static<typeof RegisterRequestBody>;

export const VerifyIdentityBody = Type.Object({ verifiedOn: DateOnly }, { additionalProperties: false });
export type VerifyIdentityBody = Static<typeof VerifyIdentityBody>;

/** The decision; a refusal names its ground (art. 43 Wbp) and is reasoned (art. 12.4). */
export const DecideRequestBody = Type.Object(
  {
    decision: literalUnion(REQUEST_DECISIONS),
    decidedOn: DateOnly,
    refusalGround: Type.Optional(literalUnion(DEFERRAL_GROUNDS)),
    reasoning: LongText({ minLength: 1 }),
  },
  { additionalProperties: false },
);
export type DecideRequestBody = Static<typeof DecideRequestBody>;

export const SubjectRequestView = Type.Object({
  id: Id,
  subjectReference: Type.String(),
  /** From the subject's files; null when none remains. */
  subjectName: Type.Union([Type.String(), Type.Null()]),
  kind: literalUnion(REQUEST_KINDS),
  requester: literalUnion(REQUESTERS),
  receivedOn: Type.String(),
  deadline: Type.String(),
  identityVerifiedOn: Type.Union([Type.String(), Type.Null()]),
  details: Type.String(),
  decision: Type.Union([literalUnion(REQUEST_DECISIONS), Type.Null()]),
  decidedOn: Type.Union([Type.String(), Type.Null()]),
  refusalGround: Type.Union([literalUnion(DEFERRAL_GROUNDS), Type.Null()]),
  reasoning: Type.Union([Type.String(), Type.Null()]),
  status: literalUnion(['open', 'due_soon', 'overdue', 'decided'] as const),
  /**
   * Art. 12.6, for a granted correction, deletion or objection: carried out within 4 weeks of the decision (for the
   * minutes, through a rectification), and the parties told. Null otherwise.
   */
  execution: Type.Union([
    Type.Object({
      deadline: Type.String(),
      carriedOutOn: Type.Union([Type.String(), Type.Null()]),
      partiesNotifiedOn: Type.Union([Type.String(), Type.Null()]),
      overdue: Type.Boolean(),
      /** The in-app notices sent to the parties that received the subject's data, and who acknowledged. */
      notices: Type.Array(
        Type.Object({
          organisation: Type.String(),
          acknowledgedAt: Type.Union([Type.String(), Type.Null()]),
        }),
      ),
    }),
    Type.Null(),
  ]),
});
export type SubjectRequestView = Static<typeof SubjectRequestView>;

export const SubjectRequestList = Type.Object({ requests: Type.Array(SubjectRequestView) });
export type SubjectRequestList = Static<typeof SubjectRequestList>;

const Naw = Type.Object({
  name: Type.String(),
  dateOfBirth: Type.Union([Type.String(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
  residence: Type.Union([Type.String(), Type.Null()]),
});
const SignalEntry = Type.Object({
  description: Type.String(),
  observedOn: Type.String(),
  broughtBy: Type.String(),
});

/**
 * Art. 12.3: the overview a subject receives, in an intelligible form: the data processed (both files and the
 * frozen records), the purposes, the (possible) recipients and the origin of the data. Data on third parties (the
 * reporter, people in the social network) are left out (art. 43e Wbp).
 */
export const SubjectOverview = Type.Object({
  subjectReference: Type.String(),
  generatedAt: Instant,
  weighingFile: Type.Union([
    Type.Object({
      subject: Naw,
      status: Type.String(),
      openedAt: Instant,
      archived: Type.Boolean(),
      signals: Type.Array(SignalEntry),
      decisions: Type.Array(
        Type.Object({
          outcome: Type.String(),
          /** A proposal, taken, lapsed, or recorded outside a meeting: the subject learns which it was. */
          state: literalUnion(DECISION_STATES),
          grounds: Type.String(),
          decidedAt: Instant,
          findings: Type.Array(
            Type.Object({ criterion: Type.String(), finding: Type.String(), grounds: Type.String() }),
          ),
        }),
      ),
    }),
    Type.Null(),
  ]),
  caseFile: Type.Union([
    Type.Object({
      subject: Naw,
      status: Type.String(),
      createdAt: Instant,
      archived: Type.Boolean(),
      analysis: Type.String(),
      signals: Type.Array(SignalEntry),
      involvedParties: Type.Array(Type.String()),
      nextReviewOn: Type.Union([Type.String(), Type.Null()]),
    }),
    Type.Null(),
  ]),
  /** What frozen meeting records hold on the subject (corrections applied; no social network). */
  records: Type.Array(
    Type.Object({
      meetingId: Id,
      meetingKind: Type.String(),
      meetingTitle: Type.String(),
      frozenAt: Instant,
      outcome: Type.Union([Type.String(), Type.Null()]),
      compartments: Type.Array(
        Type.Object({ compartment: Type.String(), content: Type.Record(Type.String(), Type.Unknown()) }),
      ),
    }),
  ),
  purposes: Type.Array(Type.String()),
  /** Who received or consulted data on the subject, from attendance, the disclosure log and the audit log. */
  recipients: Type.Array(
    Type.Object({
      organisation: Type.String(),
      ways: Type.Array(literalUnion(['meeting', 'disclosure', 'consulted'] as const)),
      first: Instant,
      last: Instant,
    }),
  ),
  /** Where the data came from: the parties that brought signals (art. 8.2b, 10.2b). */
  origins: Type.Array(Type.Object({ party: Type.String(), signals: Type.Integer() })),
});
export type SubjectOverview = Static<typeof SubjectOverview>;

/** Art. 12.6: the decision was carried out on this date and the parties were told on that one. */
export const CarriedOutBody = Type.Object(
  {
    carriedOutOn: DateOnly,
    /**
     * When the parties were told outside the app (by letter, say). The app always sends its own notice to the
     * parties that received the subject's data; without this date, the day of that notice counts.
     */
    partiesNotifiedOn: Type.Optional(DateOnly),
  },
  { additionalProperties: false },
);
export type CarriedOutBody = Static<typeof CarriedOutBody>;
