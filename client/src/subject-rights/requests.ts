import type {
  CarriedOutBody,
  DecideRequestBody,
  RegisterRequestBody,
  SubjectRequestView,
} from '../../../shared/api/subject-requests';
import type { DeferralGround } from '../../../shared/domain/notification';
import type { RequestDecision, RequestKind, Requester } from '../../../shared/domain/subject-requests';
import { LIMITS } from '../../../shared/limits';
import type { Message } from '../minutes/format';
import { daysBetween, isDay } from './dates';

/**
 * Requests of subjects (art. 12) on screen: the deadline badge, and what the forms check before they ask the
 * server (which checks the same again). Texts are message descriptors (minutes/format.ts).
 */

/** The badge: "Nog X dagen", "Verloopt binnen een week", "Termijn verstreken", "Afgehandeld". */
export function statusMessage(
  request: Pick<SubjectRequestView, 'status' | 'deadline'>,
  today: string,
): Message {
  if (request.status === 'open')
    return { key: 'requests.statuses.open', params: { days: daysBetween(today, request.deadline) } };
  return { key: `requests.statuses.${request.status}` };
}

/** Next to the deadline of an open request: how long is left, or how long ago it passed. */
export function deadlineNote(deadline: string, today: string): Message {
  const days = daysBetween(today, deadline);
  if (days > 1) return { key: 'requests.deadlineNote.days', params: { days } };
  if (days === 1) return { key: 'requests.deadlineNote.tomorrow' };
  if (days === 0) return { key: 'requests.deadlineNote.today' };
  if (days === -1) return { key: 'requests.deadlineNote.yesterday' };
  return { key: 'requests.deadlineNote.passed', params: { days: -days } };
}

/** Art. 12.3: deciding, and the overview, come after the identity of the requester is established. */
export const mayDecide = (request: SubjectRequestView): boolean =>
  request.decision === null && request.identityVerifiedOn !== null;

/** The overview belongs to an access request with established identity that was not refused (art. 12.3–12.4). */
export const hasOverview = (request: SubjectRequestView): boolean =>
  request.kind === 'access' && request.identityVerifiedOn !== null && request.decision !== 'refused';

// ---------- registering (art. 12.1) ----------

export interface RegisterDraft {
  subjectReference: string;
  kind: RequestKind;
  requester: Requester;
  receivedOn: string;
  /** Empty: the identity is not established yet. */
  identityVerifiedOn: string;
  details: string;
}

export type RegisterProblems = Partial<Record<keyof RegisterDraft, string>>;

export function registerProblems(draft: RegisterDraft, today: string): RegisterProblems {
  const problems: RegisterProblems = {};
  const reference = draft.subjectReference.trim();
  if (reference === '') problems.subjectReference = 'requests.form.referenceRequired';
  else if (reference.length > LIMITS.shortText) problems.subjectReference = 'requests.form.referenceUnknown';
  if (!isDay(draft.receivedOn) || draft.receivedOn > today)
    problems.receivedOn = 'requests.form.receivedInvalid';
  if (
    draft.identityVerifiedOn !== '' &&
    (!isDay(draft.identityVerifiedOn) ||
      draft.identityVerifiedOn > today ||
      (isDay(draft.receivedOn) && draft.identityVerifiedOn < draft.receivedOn))
  )
    problems.identityVerifiedOn = 'requests.form.verifiedInvalid';
  const details = draft.details.trim();
  if (details === '') problems.details = 'requests.form.detailsRequired';
  else if (details.length > LIMITS.longText) problems.details = 'requests.form.tooLong';
  return problems;
}

export function toRegisterBody(draft: RegisterDraft): RegisterRequestBody {
  return {
    subjectReference: draft.subjectReference.trim(),
    kind: draft.kind,
    requester: draft.requester,
    receivedOn: draft.receivedOn,
    ...(draft.identityVerifiedOn ? { identityVerifiedOn: draft.identityVerifiedOn } : {}),
    details: draft.details.trim(),
  };
}

/** The identity was established on a day from the receipt of the request up to today. */
export function verifiedOnProblem(verifiedOn: string, receivedOn: string, today: string): string | undefined {
  return !isDay(verifiedOn) || verifiedOn > today || verifiedOn < receivedOn
    ? 'requests.verify.dateInvalid'
    : undefined;
}

// ---------- the decision (art. 12.3–12.4) ----------

export interface DecideDraft {
  decision: RequestDecision | '';
  decidedOn: string;
  refusalGround: DeferralGround | '';
  reasoning: string;
}

export type DecideProblems = Partial<Record<keyof DecideDraft, string>>;

export function decideProblems(draft: DecideDraft, receivedOn: string, today: string): DecideProblems {
  const problems: DecideProblems = {};
  if (draft.decision === '') problems.decision = 'requests.decide.decisionRequired';
  if (!isDay(draft.decidedOn) || draft.decidedOn > today || draft.decidedOn < receivedOn)
    problems.decidedOn = 'requests.decide.dateInvalid';
  if (draft.decision === 'refused' && draft.refusalGround === '')
    problems.refusalGround = 'requests.decide.groundRequired';
  const reasoning = draft.reasoning.trim();
  if (reasoning === '')
    problems.reasoning =
      draft.decision === 'refused'
        ? 'requests.decide.refusalReasoningRequired'
        : 'requests.decide.reasoningRequired';
  else if (reasoning.length > LIMITS.longText) problems.reasoning = 'requests.form.tooLong';
  return problems;
}

/** The body; a ground goes with a refusal only (the server refuses one with a grant). */
export function toDecideBody(draft: DecideDraft): DecideRequestBody {
  if (draft.decision === '') throw new Error('a decision must be chosen');
  return {
    decision: draft.decision,
    decidedOn: draft.decidedOn,
    ...(draft.decision === 'refused' && draft.refusalGround !== ''
      ? { refusalGround: draft.refusalGround }
      : {}),
    reasoning: draft.reasoning.trim(),
  };
}

// ---------- carrying out a granted correction, deletion or objection (art. 12.6) ----------

export interface CarriedOutDraft {
  carriedOutOn: string;
  /** Empty: the parties were told by the app's own notice, today. */
  partiesNotifiedOn: string;
}

export type CarriedOutProblems = Partial<Record<keyof CarriedOutDraft, string>>;

/** Both dates from the decision up to today; the date the parties were told only when one is given. */
export function carriedOutProblems(
  draft: CarriedOutDraft,
  decidedOn: string,
  today: string,
): CarriedOutProblems {
  const invalid = (day: string) => !isDay(day) || day > today || day < decidedOn;
  const problems: CarriedOutProblems = {};
  if (invalid(draft.carriedOutOn)) problems.carriedOutOn = 'requests.carriedOut.dateInvalid';
  if (draft.partiesNotifiedOn !== '' && invalid(draft.partiesNotifiedOn))
    problems.partiesNotifiedOn = 'requests.carriedOut.dateInvalid';
  return problems;
}

export function toCarriedOutBody(draft: CarriedOutDraft): CarriedOutBody {
  return {
    carriedOutOn: draft.carriedOutOn,
    ...(draft.partiesNotifiedOn ? { partiesNotifiedOn: draft.partiesNotifiedOn } : {}),
  };
}
