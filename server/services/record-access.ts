import {
  effectiveAccess,
  type Compartment,
  type MeetingKind,
  type PolicyParticipant,
  type MaskingPolicy,
} from '../../shared/index';

/** A disclosure as the record keeps it (art. 10.5): which compartment went to which external party. */
interface RecordedDisclosure {
  compartment: string;
  recipientPartyId: string;
  state: string;
}

/**
 * Whether a participant reads a compartment of a frozen record: through the policy in force at the freeze, or, for
 * an external partner, because it was disclosed to its party (art. 10.5). One rule for the minutes and for whom a
 * correction of them is told (art. 12.6).
 */
export function readsInRecord(
  policy: MaskingPolicy,
  participant: PolicyParticipant,
  meetingKind: MeetingKind,
  compartment: Compartment,
  disclosures: readonly RecordedDisclosure[],
): { reads: boolean; disclosed: boolean; verdict: ReturnType<typeof effectiveAccess> } {
  const verdict = effectiveAccess(policy, participant, { meetingKind, compartment });
  const byPolicy = verdict.access === 'read' || verdict.access === 'write';
  const disclosed =
    participant.partyKind === 'external' &&
    disclosures.some(
      (d) =>
        d.compartment === compartment && d.recipientPartyId === participant.partyId && d.state === 'active',
    );
  return { reads: byPolicy || disclosed, disclosed: disclosed && !byPolicy, verdict };
}
