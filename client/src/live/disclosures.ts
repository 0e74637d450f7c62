import type { PartyView } from '../../../shared/api/covenant';
import type { DisclosureView, ProposeDisclosureBody } from '../../../shared/api/disclosures';
import type { Me } from '../../../shared/api/session';
import {
  LAWFUL_SHARING_DEFAULTS,
  canProposeDisclosure,
  type DisclosableCompartment,
} from '../../../shared/domain/disclosure';
import type { StateDisclosure } from './fields';

/**
 * Doorverstrekking to external partners on the live screen (art. 10.5): the proposal form's draft and checks, and
 * what the screen offers whom. The server decides every step; this only keeps the screen from offering the
 * impossible. Pure: unit-tested in disclosures.test.ts.
 */

/**
 * A fingerprint of the meeting state's open disclosures (for one agenda item, or all): when it changes, the
 * screen reloads what depends on them (the disclosure list, the policy). Null before any state arrived.
 */
export function disclosuresKey(
  disclosures: readonly StateDisclosure[] | undefined,
  itemId?: string,
): string | null {
  if (!disclosures) return null;
  return disclosures
    .filter((d) => itemId === undefined || d.itemId === itemId)
    .map((d) => `${d.id}:${d.state}`)
    .sort()
    .join(',');
}

/** The proposal form's fields, in the order the form shows them (and names the missing ones). */
export const DISCLOSURE_FIELDS = [
  'recipientPartyId',
  'compartment',
  'purpose',
  'legalBasis',
  'necessity',
  'care',
  'dataKind',
] as const;
export type DisclosureField = (typeof DISCLOSURE_FIELDS)[number];
export type DisclosureDraft = Record<DisclosureField, string>;

/** A fresh draft: purpose and legal basis prefilled from the covenant (the 2016 research report on privacy in local safety work: its building blocks). */
export function emptyDraft(): DisclosureDraft {
  return {
    recipientPartyId: '',
    compartment: '',
    purpose: LAWFUL_SHARING_DEFAULTS.purpose,
    legalBasis: LAWFUL_SHARING_DEFAULTS.legalBasis,
    necessity: '',
    care: '',
    dataKind: '',
  };
}

/** The fields still empty (blank counts as empty): every one of them is required (art. 10.5). */
export function missingFields(draft: DisclosureDraft): DisclosureField[] {
  return DISCLOSURE_FIELDS.filter((field) => draft[field].trim() === '');
}

/** The request body, trimmed. Only call once `missingFields` is empty. */
export function toProposal(draft: DisclosureDraft): ProposeDisclosureBody {
  return {
    recipientPartyId: draft.recipientPartyId,
    compartment: draft.compartment as DisclosableCompartment,
    purpose: draft.purpose.trim(),
    legalBasis: draft.legalBasis.trim(),
    necessity: draft.necessity.trim(),
    dataKind: draft.dataKind.trim(),
    care: draft.care.trim(),
  };
}

/** Parties (core and case) and the organisers propose; an external partner is the recipient, never the source. */
export function mayPropose(me: Pick<Me, 'role' | 'party'> | null): boolean {
  if (!me) return false;
  return canProposeDisclosure({ role: me.role, partyKind: me.party?.kind ?? null }).allowed;
}

/** The external partners of the covenant, by name: the only possible recipients. */
export function externalPartners(parties: readonly PartyView[]): PartyView[] {
  return parties.filter((party) => party.kind === 'external').sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * What the screen offers on one disclosure: consent or refuse in the capacities the server says the user still
 * decides in; revoke while it is proposed or in effect (the server checks who may). An external partner only
 * reads what was disclosed to it.
 */
export function disclosureActions(
  disclosure: Pick<DisclosureView, 'state' | 'myCapacities'>,
  me: Pick<Me, 'role' | 'party'> | null,
): { decide: boolean; revoke: boolean } {
  if (!mayPropose(me)) return { decide: false, revoke: false };
  const open = disclosure.state === 'proposed' || disclosure.state === 'active';
  return {
    decide: disclosure.state === 'proposed' && disclosure.myCapacities.length > 0,
    revoke: open,
  };
}
