import { acceptHMRUpdate, defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { canReadPartyNotices } from '../../../shared/domain/access';
import { api } from '../api';
import { badgeDue, type BadgeCheck } from '../subject-rights/party-notices';
import { useSessionStore } from './session';

/**
 * How many notices to the user's party (art. 12.6) nobody of the party has seen yet: the count in the header.
 * Asked on navigation, at most once a minute (a count only, not logged per subject like the list), and
 * set by the Kennisgevingen screen whenever it reads the list or a notice is acknowledged there.
 */
export const usePartyNoticesStore = defineStore('partyNotices', () => {
  const session = useSessionStore();
  const unacknowledged = ref(0);
  /** Whether the user's role reads notices to the own party (the header shows the link only then). */
  const mayRead = computed(() => session.allows((actor) => canReadPartyNotices(actor, 'own')));
  let last: BadgeCheck | null = null;
  /** Raised by every count set: an answer to an older question never overwrites a newer count. */
  let generation = 0;

  /** After a navigation: asks the server when the count is due (another login, or a minute old). */
  async function navigated(now = Date.now()): Promise<void> {
    const me = session.me;
    if (!me || !mayRead.value) {
      unacknowledged.value = 0;
      last = null;
      return;
    }
    if (!badgeDue(last, me.membershipId, now)) return;
    last = { membershipId: me.membershipId, at: now };
    const asked = ++generation;
    try {
      const { unacknowledged: count } = await api.partyNoticeCount();
      if (asked === generation) unacknowledged.value = count;
    } catch {
      // The header then keeps the count it had; the screen itself shows what went wrong.
      if (asked === generation) last = null;
    }
  }

  /** The Kennisgevingen screen read the list, or a notice was acknowledged there: this is the newest count. */
  function update(count: number, now = Date.now()): void {
    generation += 1;
    unacknowledged.value = count;
    if (session.me) last = { membershipId: session.me.membershipId, at: now };
  }

  return { unacknowledged, mayRead, navigated, update };
});

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(usePartyNoticesStore, import.meta.hot));
