import { ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue';

/**
 * Something the live screen loads from the API and reloads whenever `key` changes (the meeting state's open
 * disclosures, for instance). Unlike useResource, a failed reload keeps what was loaded before: the screen keeps
 * showing the last answer (and keeps its documents open) while it says the reload failed. A stale answer never
 * overwrites a newer one. It loads at once; `key` null means "nothing known yet" and triggers no reload.
 */
export function useLiveResource<T>(load: () => Promise<T>, key: MaybeRefOrGetter<string | null>) {
  const data = shallowRef<T | null>(null);
  const error = shallowRef<unknown>(null);
  const loading = ref(false);
  let latest = 0;

  async function reload(): Promise<void> {
    const mine = ++latest;
    loading.value = true;
    try {
      const value = await load();
      if (mine !== latest) return;
      data.value = value;
      error.value = null;
    } catch (caught) {
      if (mine === latest) error.value = caught;
    } finally {
      if (mine === latest) loading.value = false;
    }
  }

  void reload();
  watch(
    () => toValue(key),
    (next, previous) => {
      // Also on the first key: something may have changed between the first load and the meeting state.
      if (next !== null && next !== previous) void reload();
    },
  );

  return { data, error, loading, reload };
}
