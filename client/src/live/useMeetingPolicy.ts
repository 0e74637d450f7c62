import { computed, toValue, watch, type MaybeRefOrGetter } from 'vue';
import type { Compartment } from '../../../shared/live/compartments';
import { api } from '../api';
import { disclosuresKey } from './disclosures';
import { itemAccess, type ItemAccess, type StateDisclosure } from './fields';
import { useLiveResource } from './useLiveResource';

export type PolicyStatus = 'loading' | 'failed' | 'ready';

/**
 * The meeting's masking policy (`GET /api/meetings/:id/policy`) on the live screen: what this user gets of each
 * compartment and why the others are masked (art. 10.4–10.5), raised by the disclosures in effect that the meeting
 * state lists. Reloaded whenever the open disclosures change, and after a failed load once `retry` turns true
 * (the meeting joined again). Until it is known, `accessOf` answers null: nothing is opened or shown.
 */
export function useMeetingPolicy(input: {
  meetingId: string;
  partyId: string | null;
  disclosures: MaybeRefOrGetter<readonly StateDisclosure[] | undefined>;
  retry: MaybeRefOrGetter<boolean>;
}) {
  const policy = useLiveResource(
    () => api.meetingPolicy(input.meetingId),
    () => disclosuresKey(toValue(input.disclosures)),
  );
  const status = computed<PolicyStatus>(() =>
    policy.data.value ? 'ready' : policy.error.value ? 'failed' : 'loading',
  );
  watch(
    () => toValue(input.retry),
    (retry) => {
      if (retry && policy.error.value) void policy.reload();
    },
  );

  /** What this user gets of a compartment, on an agenda item (null: the meeting's agenda). */
  function accessOf(compartment: Compartment, itemId: string | null): ItemAccess | null {
    const mine = policy.data.value?.mine;
    if (!mine) return null;
    return itemAccess({
      mine,
      disclosures: toValue(input.disclosures),
      itemId,
      partyId: input.partyId,
      compartment,
    });
  }

  /** For chair and executor: every participant's verdicts ("Wie ziet wat"); null for others or while loading. */
  const participants = computed(() => policy.data.value?.participants ?? null);

  return { status, accessOf, participants };
}
