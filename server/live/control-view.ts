import type { Actor, MeetingControlState } from '../../shared/index';

/**
 * The meeting state as one participant may receive it. Organisers see everything they steer with. Everyone else
 * sees their own admission only, and an external partner only the disclosures made to itself (art. 10.5): who was
 * admitted where, or given what, is not theirs to know.
 */
export function stateFor(
  actor: Pick<Actor, 'role' | 'membershipId' | 'partyKind' | 'partyId'>,
  state: MeetingControlState,
) {
  if (actor.role === 'chair' || actor.role === 'executor') return state;
  const own = state.participants.find((p) => p.membershipId === actor.membershipId)?.items ?? [];
  return {
    ...state,
    // The consent round of an item is for those admitted to it: its remarks may speak of the case.
    consent: state.consent.filter((c) => own === 'all' || own.includes(c.itemId)),
    participants: state.participants.filter((p) => p.membershipId === actor.membershipId),
    disclosures:
      actor.partyKind === 'external'
        ? state.disclosures.filter((d) => d.recipientPartyId === actor.partyId)
        : state.disclosures,
  };
}
