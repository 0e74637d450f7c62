import { CORE_ORGANISATION_TYPES, type CoreOrganisationType } from './parties';

/**
 * Outcomes of the weegploeg (art. 7.4): put on the casusoverleg agenda, or not substantial enough; and, as
 * art. 7.4(1) allows ("eventueel na het inwinnen van additionele informatie"), more information needed first.
 */
export const WEIGHING_OUTCOMES = ['agenda', 'not_substantial', 'more_information'] as const;
export type WeighingOutcome = (typeof WEIGHING_OUTCOMES)[number];

/** A criterion's finding in the analysis against the reference framework (art. 8.2d). */
export const FINDINGS = ['present', 'absent', 'unknown'] as const;
export type Finding = (typeof FINDINGS)[number];

/** Status of a weighing file over its life. */
export const WEIGHING_FILE_STATUSES = ['open', 'agendaed', 'not_substantial', 'closed'] as const;
export type WeighingFileStatus = (typeof WEIGHING_FILE_STATUSES)[number];

/** A party's part in a weegploeg decision: it took the decision, or is to be involved in the casusoverleg (art. 7.4, 9.1). */
export const DECISION_PARTY_ROLES = ['decided', 'involve'] as const;
export type DecisionPartyRole = (typeof DECISION_PARTY_ROLES)[number];

/**
 * Where a weegploeg decision stands. It is proposed in a weegploeg meeting, agreed there by the three core parties
 * in the consent round, and taken when the meeting is frozen (art. 7.3: the weegploeg analyses and decides; the
 * Ministerial letter on early signalling, 2024: integral, by all three core parties, recorded with grounds). A
 * proposal lapses when its item is carried over or a newer proposal replaces it. `outside_meeting` marks the
 * decisions recorded before a decision needed a meeting: shown as such, never upgraded.
 */
export const DECISION_STATES = ['proposed', 'taken', 'lapsed', 'outside_meeting'] as const;
export type DecisionState = (typeof DECISION_STATES)[number];

/** Whether a decision changed the file (taken in a meeting, or recorded outside one under the earlier rules). */
export function decisionInEffect(state: DecisionState): boolean {
  return state === 'taken' || state === 'outside_meeting';
}

export function statusAfterDecision(outcome: WeighingOutcome): WeighingFileStatus {
  switch (outcome) {
    case 'agenda':
      return 'agendaed';
    case 'not_substantial':
      return 'not_substantial';
    case 'more_information':
      return 'open';
  }
}

export interface DecidingParty {
  partyId: string;
  organisationType: string;
}

/**
 * The Ministerial letter on early signalling (2024, on the Inspectorate's report): the weegploeg's first assessment must be integral —
 * taken jointly by all three core parties. Returns the core types missing from the deciding parties.
 */
export function missingCoreParties(deciding: readonly DecidingParty[]): CoreOrganisationType[] {
  const present = new Set(deciding.map((p) => p.organisationType));
  return CORE_ORGANISATION_TYPES.filter((type) => !present.has(type));
}
