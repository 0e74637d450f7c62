import { Type, type Static } from '@sinclair/typebox';
import { LIMITS } from '../limits';
import { PHENOMENA, SIGNAL_SETTINGS } from '../domain/signals';
import { DECISION_STATES, FINDINGS, WEIGHING_FILE_STATUSES, WEIGHING_OUTCOMES } from '../domain/weighing';
import { DateOnly, Id, Instant, LongText, PartyRef, ShortText, literalUnion } from './common';

/** NAW of the subject as recorded in a file (art. 8.2a, 10.2a). */
export const SubjectNaw = Type.Object(
  {
    name: ShortText(),
    dateOfBirth: Type.Optional(Type.Union([DateOnly, Type.Null()])),
    address: Type.Optional(Type.Union([ShortText({ minLength: 0 }), Type.Null()])),
    residence: Type.Optional(Type.Union([ShortText({ minLength: 0 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type SubjectNaw = Static<typeof SubjectNaw>;

/**
 * Register a signal (art. 7.1–7.2, 8.2b–c). Exactly one of `weighingFileId` (an existing subject's weighing
 * file) or `subject` (a new subject) is given.
 */
export const RegisterSignalBody = Type.Object(
  {
    weighingFileId: Type.Optional(Id),
    subject: Type.Optional(SubjectNaw),
    description: LongText(),
    observedOn: DateOnly,
    /** Required when the executor records a signal; a core-party member always brings it for their own party. */
    broughtByPartyId: Type.Optional(Id),
    reporter: Type.Object(
      {
        name: ShortText(),
        contact: Type.String({ minLength: 1, maxLength: LIMITS.contact }),
      },
      { additionalProperties: false },
    ),
    phenomenon: literalUnion(PHENOMENA),
    setting: literalUnion(SIGNAL_SETTINGS),
  },
  { additionalProperties: false },
);
export type RegisterSignalBody = Static<typeof RegisterSignalBody>;

export const SignalView = Type.Object({
  id: Id,
  description: Type.String(),
  observedOn: Type.String(),
  broughtBy: PartyRef,
  reporter: Type.Object({ name: Type.String(), contact: Type.String() }),
  phenomenon: literalUnion(PHENOMENA),
  setting: literalUnion(SIGNAL_SETTINGS),
  registeredAt: Instant,
  registeredBy: Type.String(),
});
export type SignalView = Static<typeof SignalView>;

export const RegisterSignalResponse = Type.Object({ weighingFileId: Id, signal: SignalView });
export type RegisterSignalResponse = Static<typeof RegisterSignalResponse>;

export const FindingInput = Type.Object(
  {
    criterionId: Id,
    finding: literalUnion(FINDINGS),
    grounds: Type.String({ maxLength: LIMITS.longText }),
  },
  { additionalProperties: false },
);

/** Record the weegploeg's analysis and decision (art. 7.3–7.4, 8.2d–e; the Ministerial letter on early signalling, 2024: integral and with grounds). */
export const RecordDecisionBody = Type.Object(
  {
    /** Required: the weegploeg meeting, open now, that has the subject on its agenda (art. 7.3). */
    meetingId: Type.Optional(Id),
    outcome: literalUnion(WEIGHING_OUTCOMES),
    grounds: LongText(),
    findings: Type.Array(FindingInput, { minItems: 1, maxItems: LIMITS.findingsPerDecision }),
    /** The core parties who took the decision together: all three (the Ministerial letter on early signalling, 2024). */
    decidedByPartyIds: Type.Array(Id, {
      minItems: 1,
      maxItems: LIMITS.partiesPerDecision,
      uniqueItems: true,
    }),
    /** For `agenda`: which parties and external partners must be involved in the casusoverleg (art. 7.3). */
    involvedPartyIds: Type.Array(Id, { maxItems: LIMITS.partiesPerDecision, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type RecordDecisionBody = Static<typeof RecordDecisionBody>;

export const DecisionView = Type.Object({
  id: Id,
  outcome: literalUnion(WEIGHING_OUTCOMES),
  grounds: Type.String(),
  /** Proposed in the meeting, taken at its freeze, lapsed, or recorded outside a meeting under the earlier rules. */
  state: literalUnion(DECISION_STATES),
  /** When it was proposed, or, once taken, when the meeting was frozen. */
  decidedAt: Instant,
  meetingId: Type.Union([Id, Type.Null()]),
  findings: Type.Array(
    Type.Object({
      criterionId: Id,
      code: Type.String(),
      title: Type.String(),
      finding: literalUnion(FINDINGS),
      grounds: Type.String(),
    }),
  ),
  decidedBy: Type.Array(PartyRef),
  involvedParties: Type.Array(PartyRef),
  recordedBy: Type.String(),
  /** Set when the decision put the subject on the casusoverleg agenda and the data was copied (art. 8.5). */
  caseFileId: Type.Union([Id, Type.Null()]),
});
export type DecisionView = Static<typeof DecisionView>;

export const WeighingFileSummary = Type.Object({
  id: Id,
  subjectReference: Type.String(),
  subjectName: Type.String(),
  status: literalUnion(WEIGHING_FILE_STATUSES),
  signalCount: Type.Integer(),
  lastObservedOn: Type.Union([Type.String(), Type.Null()]),
  openedAt: Instant,
});
export type WeighingFileSummary = Static<typeof WeighingFileSummary>;

export const WeighingFileList = Type.Object({ weighingFiles: Type.Array(WeighingFileSummary) });
export type WeighingFileList = Static<typeof WeighingFileList>;

export const WeighingFileDetail = Type.Object({
  id: Id,
  subjectReference: Type.String(),
  subject: Type.Object({
    name: Type.String(),
    dateOfBirth: Type.Union([Type.String(), Type.Null()]),
    address: Type.Union([Type.String(), Type.Null()]),
    residence: Type.Union([Type.String(), Type.Null()]),
  }),
  status: literalUnion(WEIGHING_FILE_STATUSES),
  openedAt: Instant,
  signals: Type.Array(SignalView),
  decisions: Type.Array(DecisionView),
});
export type WeighingFileDetail = Static<typeof WeighingFileDetail>;

export const RecordDecisionResponse = Type.Object({ decision: DecisionView });
export type RecordDecisionResponse = Static<typeof RecordDecisionResponse>;
