import type { MembershipRole } from '../../../shared/domain/roles';
import { isInSession, type MeetingState } from '../../../shared/domain/meetings';
import type { ControlParticipant } from '../../../shared/live/control';
import {
  CONSENT_REMARK_MAX,
  isCalendarDate,
  itemsWithoutOutcome,
  mayVote,
  type CaseAdvice,
  type ConsentProposal,
  type ConsentVoteView,
  type ItemConsentState,
} from '../../../shared/domain/consent';
import { isAdmitted, isOrganiserRole } from './admission';

/**
 * The consent round that closes an agenda item, as the live screen shows it (art. 7.4, 9.4): the chair
 * asks, the parties at the table agree or object with a remark, the chair records the outcome. The server decides
 * every step; these only keep the screen from offering what it would refuse. Pure: unit-tested in
 * consent.test.ts.
 */

/** The consent state of one item; null before the meeting state arrived or while no round was asked. */
export function consentOf(
  consent: readonly ItemConsentState[] | undefined,
  itemId: string,
): ItemConsentState | null {
  return consent?.find((c) => c.itemId === itemId) ?? null;
}

/** An agenda item that still needs its outcome before the meeting can be closed. */
export interface LackingItem {
  itemId: string;
  position: number;
  subjectReference: string;
}

/**
 * The agenda items without an outcome (agreed, or carried over), by planned position: the meeting can be closed
 * when this is empty (the server refuses `chair:close` otherwise).
 */
export function itemsLackingOutcome(
  agenda: readonly { id: string; position: number; subjectReference: string }[],
  consent: readonly ItemConsentState[] | undefined,
): LackingItem[] {
  const items = agenda.map((item) => ({ itemId: item.id, position: item.position }));
  const lacking = new Set(itemsWithoutOutcome(items, consent ?? []));
  return agenda
    .filter((item) => lacking.has(item.position))
    .sort((a, b) => a.position - b.position)
    .map((item) => ({ itemId: item.id, position: item.position, subjectReference: item.subjectReference }));
}

/** This user's vote in the item's current round (the latest counts), or null. */
export function ownVote(
  state: ItemConsentState | null,
  membershipId: string | undefined,
): ConsentVoteView | null {
  if (!state || !membershipId) return null;
  return state.votes.find((v) => v.membershipId === membershipId) ?? null;
}

/**
 * Whether this user can vote on the item now: a member of a party or a satellite (the chair and the executor do
 * not vote for a party, art. 5), admitted to the item, while a round is asked, the item has no outcome yet, and
 * the meeting is open.
 */
export function canVote(input: {
  role: MembershipRole | undefined;
  admitted: boolean;
  state: ItemConsentState | null;
  meetingState: MeetingState;
}): boolean {
  const { role, admitted, state, meetingState } = input;
  return (
    role !== undefined &&
    mayVote(role) &&
    admitted &&
    isInSession(meetingState) &&
    state !== null &&
    state.round !== null &&
    state.outcome === null
  );
}

export interface VoteCount {
  agree: number;
  object: number;
}

export function countVotes(votes: readonly ConsentVoteView[]): VoteCount {
  return {
    agree: votes.filter((v) => v.vote === 'agree').length,
    object: votes.filter((v) => v.vote === 'object').length,
  };
}

/**
 * Who could still vote on the item and has not (for the chair and the executor, who see every participant):
 * members and satellites admitted to the item, by name.
 */
export function pendingVoters(
  participants: readonly ControlParticipant[] | undefined,
  state: ItemConsentState | null,
  itemId: string,
): ControlParticipant[] {
  if (!state || state.round === null) return [];
  const voted = new Set(state.votes.map((v) => v.membershipId));
  return (participants ?? [])
    .filter((p) => !isOrganiserRole(p.role) && mayVote(p.role))
    .filter((p) => isAdmitted(p.items, itemId) && !voted.has(p.membershipId))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** A message key with its parameters, translated by the component (`t(key, params)`). */
export interface Label {
  key: string;
  params?: Record<string, string>;
}

/**
 * How a proposal reads: a weegploeg item proposes its recorded decision (art. 7.4), a casusoverleg item to go on
 * with the plan until its next review, or to advise closing it (art. 9.4). `formatDate` formats the review date.
 */
export function proposalLabel(proposal: ConsentProposal, formatDate: (date: string) => string): Label {
  if (proposal.kind === 'weighing')
    return { key: 'live.consent.proposal.weighing', params: { outcome: proposal.outcome } };
  if (proposal.advice === 'close') return { key: 'live.consent.proposal.close' };
  return { key: 'live.consent.proposal.continue', params: { date: formatDate(proposal.nextReviewDate) } };
}

/** The chair's draft proposal for a casusoverleg item. */
export interface CaseProposalDraft {
  advice: CaseAdvice;
  nextReviewDate: string;
}

export type CaseProposalPayload = { advice: 'continue'; nextReviewDate: string } | { advice: 'close' };

/**
 * The draft as `chair:consent-ask` takes it, or the key of what is wrong: the advice to continue needs the date
 * of the next review, a date that exists (YYYY-MM-DD, as a date input gives it).
 */
export function caseProposalOf(
  draft: CaseProposalDraft,
): { proposal: CaseProposalPayload } | { error: string } {
  if (draft.advice === 'close') return { proposal: { advice: 'close' } };
  const date = draft.nextReviewDate.trim();
  if (date === '') return { error: 'live.consent.form.dateRequired' };
  if (!isCalendarDate(date)) return { error: 'live.consent.form.dateInvalid' };
  return { proposal: { advice: 'continue', nextReviewDate: date } };
}

/** The draft to start from: the current round's proposal if the item has one, else to continue without a date. */
export function draftFrom(proposal: ConsentProposal | null): CaseProposalDraft {
  if (proposal?.kind === 'case')
    return proposal.advice === 'continue'
      ? { advice: 'continue', nextReviewDate: proposal.nextReviewDate }
      : { advice: 'close', nextReviewDate: '' };
  return { advice: 'continue', nextReviewDate: '' };
}

/** An objection's remark as sent, or the key of what is wrong: it is required, and at most CONSENT_REMARK_MAX. */
export function remarkOf(text: string): { remark: string } | { error: string } {
  const remark = text.trim();
  if (remark === '') return { error: 'live.consent.remarkRequired' };
  if (remark.length > CONSENT_REMARK_MAX) return { error: 'live.consent.remarkTooLong' };
  return { remark };
}
