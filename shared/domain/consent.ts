import type { MembershipRole } from './roles';
import { CORE_ORGANISATION_TYPES, type CoreOrganisationType } from './parties';
import type { WeighingOutcome } from './weighing';

/**
 * The consent round that closes an agenda item. The chair puts a proposal to the participants of the
 * item; each entitled participant agrees or objects with a remark; objections are recorded, never hidden. The
 * chair then gives the item its outcome: agreed, or carried over to a next meeting. The meeting can only be
 * closed (frozen) when every item has an outcome.
 */
export const CONSENT_VOTES = ['agree', 'object'] as const;
export type ConsentVote = (typeof CONSENT_VOTES)[number];

export const ITEM_OUTCOMES = ['agreed', 'carried_over'] as const;
export type ItemOutcome = (typeof ITEM_OUTCOMES)[number];

/** What a casusoverleg item's participants agree to: go on with the plan until a review, or advise closing it. */
export const CASE_ADVICES = ['continue', 'close'] as const;
export type CaseAdvice = (typeof CASE_ADVICES)[number];

/**
 * The proposal of a round. A weegploeg item proposes the decision recorded for it in this meeting (art. 7.4: put
 * on the casusoverleg agenda, not substantial enough, or more information needed first), so what is agreed is
 * exactly what the file holds. A casusoverleg item proposes the plan as drafted with a next review date, or the
 * advice to close the plan (art. 9.4).
 */
export type ConsentProposal =
  | { kind: 'weighing'; decisionId: string; outcome: WeighingOutcome }
  | { kind: 'case'; advice: 'continue'; nextReviewDate: string }
  | { kind: 'case'; advice: 'close' };

export interface ConsentVoteView {
  membershipId: string;
  name: string;
  organisation: string;
  vote: ConsentVote;
  /** Required with an objection; the objection is recorded with it (in the minutes, too). */
  remark: string | null;
  /**
   * Set when the vote has a remark this reader may not read: `remark` is null then, and the rule says why. A
   * remark speaks of the case, so it goes only to readers of the item's conclusions (art. 10.4, 10.5); that a
   * party objected, and who, everyone at the item still sees.
   */
  remarkMasked?: { rule: string };
}

/** The consent state of one agenda item, as every participant admitted to it sees it. */
export interface ItemConsentState {
  itemId: string;
  /** The current round (1, 2, …), or null when no round was asked. */
  round: number | null;
  proposal: ConsentProposal | null;
  votes: ConsentVoteView[];
  outcome: ItemOutcome | null;
}

/** Largest remark with a vote, in characters. */
export const CONSENT_REMARK_MAX = 2000;

/**
 * Who votes: the parties at the table, i.e. members of core and case parties and external partners' satellites,
 * for the items they are admitted to. The chair and the executor run the meeting and keep the files in the name of
 * the controller (art. 5); they do not consent on behalf of a party.
 */
export function mayVote(role: MembershipRole): boolean {
  return role === 'member' || role === 'satellite';
}

/** Positions of agenda items that still lack an outcome; the meeting can be closed when this is empty. */
export function itemsWithoutOutcome(
  items: readonly { itemId: string; position: number }[],
  consent: readonly Pick<ItemConsentState, 'itemId' | 'outcome'>[],
): number[] {
  const decided = new Set(consent.filter((c) => c.outcome !== null).map((c) => c.itemId));
  return items.filter((i) => !decided.has(i.itemId)).map((i) => i.position);
}

/** A calendar date as YYYY-MM-DD that exists (no 31 April). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Reads a proposal from the wire for a casusoverleg item; a string says what is wrong. */
export function caseProposalOf(value: unknown): ConsentProposal | string {
  if (typeof value !== 'object' || value === null) return 'proposal must be an object';
  const { advice, nextReviewDate } = value as Record<string, unknown>;
  if (advice === 'close') return { kind: 'case', advice: 'close' };
  if (advice !== 'continue') return `proposal.advice must be 'continue' or 'close'`;
  if (!isCalendarDate(nextReviewDate)) return 'proposal.nextReviewDate must be a date (YYYY-MM-DD)';
  return { kind: 'case', advice: 'continue', nextReviewDate };
}

/**
 * A weegploeg decision is agreed only by all three core parties together (art. 7.3–7.4; the Ministerial letter on
 * early signalling, 2024: the first assessment is integral): each core party agreed through a member present, and
 * none objects. Returns the core party types still missing and those objecting; both empty means agreed.
 */
export function coreAgreement(votes: readonly { organisationType: string; vote: ConsentVote }[]): {
  missing: CoreOrganisationType[];
  objecting: CoreOrganisationType[];
} {
  const agreeing = new Set(votes.filter((v) => v.vote === 'agree').map((v) => v.organisationType));
  const objecting = new Set(votes.filter((v) => v.vote === 'object').map((v) => v.organisationType));
  return {
    missing: CORE_ORGANISATION_TYPES.filter((type) => !agreeing.has(type)),
    objecting: CORE_ORGANISATION_TYPES.filter((type) => objecting.has(type)),
  };
}
