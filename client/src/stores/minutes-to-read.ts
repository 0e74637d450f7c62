import { acceptHMRUpdate, defineStore } from 'pinia';
import { ref } from 'vue';
import type { MinutesToReadList } from '../../../shared/api/minutes-reading';
import { api } from '../api';
import { takesPartInMeetings } from '../router/home';
import { badgeDue, type BadgeCheck } from '../subject-rights/party-notices';
import { useSessionStore } from './session';

export type MinutesToRead = MinutesToReadList['meetings'][number];

/**
 * "Verslag beschikbaar" (art. 7.4): the frozen minutes the user attended and has not yet marked as read. Asked on
 * navigation, at most once a minute; marking minutes as read takes them off at once.
 */
export const useMinutesToReadStore = defineStore('minutesToRead', () => {
  const session = useSessionStore();
  const meetings = ref<readonly MinutesToRead[]>([]);
  let last: BadgeCheck | null = null;
  /** An answer to an older question never overwrites a newer list. */
  let generation = 0;

  async function navigated(now = Date.now()): Promise<void> {
    const me = session.me;
    if (!me || !takesPartInMeetings(me.role)) {
      meetings.value = [];
      last = null;
      return;
    }
    if (!badgeDue(last, me.membershipId, now)) return;
    last = { membershipId: me.membershipId, at: now };
    const asked = ++generation;
    try {
      const list = await api.minutesToRead();
      if (asked === generation) meetings.value = list.meetings;
    } catch {
      // The notice keeps what it had; the minutes screen itself shows what went wrong.
      if (asked === generation) last = null;
    }
  }

  /** The user marked these minutes as read: no longer announced. */
  function acknowledged(meetingId: string): void {
    generation += 1;
    meetings.value = meetings.value.filter((m) => m.meetingId !== meetingId);
  }

  return { meetings, navigated, acknowledged };
});

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useMinutesToReadStore, import.meta.hot));
