import type { Compartment } from '../live/compartments';
import type { AccessDecision } from './access';
import type { Actor } from './roles';

/**
 * Doorverstrekking (art. 10.5): "Externe casuspartners ontvangen het plan van aanpak. Andere persoonsgegevens
 * worden slechts verstrekt indien dit noodzakelijk is voor hun bijdrage en de partijen daarmee instemmen; de
 * verstrekking wordt vastgelegd in het digitale bestand met de noodzaak en de aard van de gegevens."
 *
 * A party proposes to disclose one compartment of a case to one external partner; the required consenters agree;
 * only then that partner may read that compartment of that case, live, until the disclosure is revoked.
 */
export const DISCLOSURE_STATES = ['proposed', 'active', 'refused', 'revoked'] as const;
export type DisclosureState = (typeof DISCLOSURE_STATES)[number];

/** Who must consent: the chair, and the party whose data it is (default, configurable per covenant). */
export const CONSENT_CAPACITIES = ['chair', 'owner'] as const;
export type ConsentCapacity = (typeof CONSENT_CAPACITIES)[number];
export type ConsentDecision = 'consent' | 'refuse';

/** What an external partner can be given: the case file's fields it does not see already (not the agenda). */
export const DISCLOSABLE_COMPARTMENTS = [
  'identity',
  'signals',
  'analysis',
  'network',
  'conclusions',
] as const satisfies readonly Compartment[];
export type DisclosableCompartment = (typeof DISCLOSABLE_COMPARTMENTS)[number];

/**
 * The four building blocks of lawful sharing (the 2016 research report on privacy in local safety work): purpose, legal basis, necessity, care. Purpose and basis
 * come prefilled from the covenant; necessity and care the professional states for this disclosure.
 */
export const LAWFUL_SHARING_DEFAULTS = {
  purpose: 'Bijdrage van de externe casuspartner aan het integraal plan van aanpak (convenant art. 9, 10.5)',
  legalBasis:
    'Convenant PGA art. 10.5 (verstrekking met instemming van de partijen); AVG art. 6 lid 1 sub e; voor politiegegevens Wpg art. 16 en 19',
} as const;

/**
 * In which capacities this actor may decide on a disclosure of data owned by `ownerPartyId`. Art. 10.5 asks for
 * consent of "de partijen"; which ones must say yes is covenant policy. A proposal also counts as consent in the
 * proposer's own capacities: a chair proposing consents as chair, the owning party as owner.
 */
export function consentCapacitiesOf(
  actor: Pick<Actor, 'role' | 'partyId'>,
  ownerPartyId: string | null,
): ConsentCapacity[] {
  const capacities: ConsentCapacity[] = [];
  if (actor.role === 'chair') capacities.push('chair');
  if (ownerPartyId !== null && actor.partyId === ownerPartyId) capacities.push('owner');
  return capacities;
}

/** The state a disclosure is in, given the decisions so far: one refusal ends it; all consents activate it. */
export function disclosureStateAfter(
  required: readonly ConsentCapacity[],
  decisions: ReadonlyMap<ConsentCapacity, ConsentDecision>,
): Extract<DisclosureState, 'proposed' | 'active' | 'refused'> {
  if ([...decisions.values()].includes('refuse')) return 'refused';
  return required.every((capacity) => decisions.get(capacity) === 'consent') ? 'active' : 'proposed';
}

/**
 * May this actor propose a disclosure? Parties that work on the case file (core and case parties, art. 10.4) and
 * the organisers; never an external partner (it is the recipient, not the source).
 */
export function canProposeDisclosure(actor: Pick<Actor, 'role' | 'partyKind'>): AccessDecision {
  if (actor.role === 'chair' || actor.role === 'executor')
    return { allowed: true, rule: 'art. 10.5', reason: 'organisers may propose a disclosure' };
  if (actor.partyKind === 'core' || actor.partyKind === 'case')
    return { allowed: true, rule: 'art. 10.5', reason: 'parties may propose a disclosure' };
  return { allowed: false, rule: 'art. 10.5', reason: 'only the parties disclose data to external partners' };
}
