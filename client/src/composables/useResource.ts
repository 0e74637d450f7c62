import { ref, shallowRef, watch, type WatchSource } from 'vue';

/**
 * Loads one thing from the API for a view: data, the error (kept as thrown, so the view can show the server's
 * refusal and rule), and a loading flag. Reloads when `source` changes; a stale answer never overwrites a newer one.
 */
export function useResource<T>(load: () => Promise<T>, source?: WatchSource) {
  const data = shallowRef<T | null>(null);
  const error = shallowRef<unknown>(null);
  const loading = ref(true);
  let latest = 0;

  async function reload(): Promise<void> {
    const mine = ++latest;
    loading.value = true;
    error.value = null;
    try {
      const value = await load();
      if (mine === latest) data.value = value;
    } catch (caught) {
      if (mine === latest) {
        data.value = null;
        error.value = caught;
      }
    } finally {
      if (mine === latest) loading.value = false;
    }
  }

  if (source) watch(source, () => void reload(), { immediate: true });
  else void reload();

  return { data, error, loading, reload };
}
