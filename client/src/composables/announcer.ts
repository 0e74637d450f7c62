import { readonly, ref, type Ref } from 'vue';

/**
 * The live meeting's one polite live region: what changed that matters (the chair moves to another item, a hand
 * goes up, the floor is given, someone starts editing a field) is told to screen reader users without moving
 * their focus (WCAG 4.1.3). Several announcements within one tick are read as one message.
 */
export interface Announcer {
  /** The text of the live region. */
  message: Readonly<Ref<string>>;
  /** Announce this (empty text is ignored). */
  announce(text: string): void;
  /**
   * Announce this unless the same key was announced within the quiet period: "Dirk Visser bewerkt G3" once per
   * person and field, not on every keystroke or focus change.
   */
  announceOnce(key: string, text: string): void;
}

/** How long an announcement under one key stays quiet. */
export const ANNOUNCE_ONCE_QUIET_MS = 5 * 60_000;

export function useAnnouncer(options: { now?: () => number; quietMs?: number } = {}): Announcer {
  const now = options.now ?? Date.now;
  const quietMs = options.quietMs ?? ANNOUNCE_ONCE_QUIET_MS;
  const message = ref('');
  let batch: string[] | null = null;
  /** Alternates a trailing no-break space, so the same text twice in a row is still a change and read again. */
  let toggle = false;
  const announcedAt = new Map<string, number>();

  function announce(text: string): void {
    if (text.trim() === '') return;
    if (batch === null) {
      batch = [];
      void Promise.resolve().then(() => (batch = null));
    }
    batch.push(text);
    const joined = batch.join(' ');
    toggle = joined === message.value.trimEnd() ? !toggle : false;
    message.value = toggle ? `${joined}\u00a0` : joined;
  }

  function announceOnce(key: string, text: string): void {
    const at = now();
    const last = announcedAt.get(key);
    if (last !== undefined && at - last < quietMs) return;
    announcedAt.set(key, at);
    announce(text);
  }

  return { message: readonly(message), announce, announceOnce };
}
