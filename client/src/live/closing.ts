import type { ItemConsentState, ItemOutcome } from '../../../shared/domain/consent';
import type { PresentParticipant } from '../../../shared/live/control';

/**
 * What closing the meeting freezes into its record, as the chair's confirmation lists it: each agenda item with
 * its outcome, and who is present. Pure: unit-tested in closing.test.ts.
 */
export interface ClosingSummary {
  items: { itemId: string; position: number; reference: string; outcome: ItemOutcome | null }[];
  present: { membershipId: string; name: string; organisation: string }[];
}

export function closingSummary(
  agenda: readonly { id: string; position: number; subjectReference: string }[],
  consent: readonly ItemConsentState[] | undefined,
  present: readonly PresentParticipant[],
): ClosingSummary {
  const outcomes = new Map((consent ?? []).map((c) => [c.itemId, c.outcome]));
  return {
    items: [...agenda]
      .sort((a, b) => a.position - b.position)
      .map((item) => ({
        itemId: item.id,
        position: item.position,
        reference: item.subjectReference,
        outcome: outcomes.get(item.id) ?? null,
      })),
    present: [...present]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(({ membershipId, name, organisation }) => ({ membershipId, name, organisation })),
  };
}
