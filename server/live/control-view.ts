import type { Actor, MeetingControlState } from '../../shared/index';
import { readsRemarks, votesFor, type RemarkBasis } from '../services/consent-remarks';

/**
 * The meeting state as the server holds it: the wire state, and what it takes to cut each reader's view of it
 * (never sent itself).
 */
export interface ServerControlState extends MeetingControlState {
  remarkBasis: RemarkBasis | null;
}

type Viewer = Pick<Actor, 'role' | 'membershipId' | 'partyKind' | 'partyId' | 'organisationType'>;

/** Each item's votes with the remarks this viewer may read (server/services/consent-remarks.ts). */
function consentFor(viewer: Viewer, state: ServerControlState): MeetingControlState['consent'] {
  return state.consent.map((item) => {
    const access = readsRemarks(
      state.remarkBasis,
      viewer,
      state.disclosures.filter((d) => d.itemId === item.itemId),
    );
    return { ...item, votes: votesFor(item.votes, viewer, access) };
  });
}

/**
 * The meeting state as one participant may receive it. Organisers see everything they steer with. Everyone else
 * sees their own admission only, and an external partner only the disclosures made to itself (art. 10.5): who was
 * admitted where, or given what, is not theirs to know. Objection remarks go only to readers of the item's
 * conclusions, organisers included (the policy decides for them too).
 */
export function stateFor(actor: Viewer, state: ServerControlState): MeetingControlState {
  const { remarkBasis: _basis, ...wire } = state;
  const consent = consentFor(actor, state);
  if (actor.role === 'chair' || actor.role === 'executor') return { ...wire, consent };
  const own = state.participants.find((p) => p.membershipId === actor.membershipId)?.items ?? [];
  return {
    ...wire,
    // The consent round of an item is for those admitted to it: its remarks may speak of the case.
    consent: consent.filter((c) => own === 'all' || own.includes(c.itemId)),
    participants: state.participants.filter((p) => p.membershipId === actor.membershipId),
    disclosures:
      actor.partyKind === 'external'
        ? state.disclosures.filter((d) => d.recipientPartyId === actor.partyId)
        : state.disclosures,
  };
}
