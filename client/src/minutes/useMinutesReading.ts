import { computed, type Ref } from 'vue';
import type { MembershipRole } from '../../../shared/domain/roles';
import { api } from '../api';
import { useResource } from '../composables/useResource';

/**
 * What the minutes screen shows of reading the minutes (art. 7.4, 12), once they are there: the reader's own
 * "gezien", who has seen them (chair and executor), and the correction requests (own ones; all for the executor).
 */
export function useMinutesReading(
  meetingId: Ref<string>,
  role: Ref<MembershipRole | undefined>,
  ready: Ref<boolean>,
) {
  const organiser = computed(() => role.value === 'chair' || role.value === 'executor');
  const { data, error, reload } = useResource(
    async () => {
      if (!ready.value) return null;
      const [own, acknowledgements, requests] = await Promise.all([
        api.ownAcknowledgement(meetingId.value),
        organiser.value ? api.minutesAcknowledgements(meetingId.value) : Promise.resolve(null),
        api.correctionRequests(meetingId.value),
      ]);
      return { own, participants: acknowledgements?.participants ?? null, requests: requests.requests };
    },
    () => [meetingId.value, ready.value, organiser.value] as const,
  );
  return { reading: data, readingError: error, reloadReading: reload, organiser };
}
