import { ref, watch, type Ref } from 'vue';
import type * as Y from 'yjs';

/**
 * A counter that changes with every change of a live document (local or remote), so computed values that read
 * plain data out of it (the agenda order, the measures) are recomputed. Yjs types are not reactive themselves.
 */
export function useDocVersion(doc: Readonly<Ref<Y.Doc | null>>): Readonly<Ref<number>> {
  const version = ref(0);
  watch(
    doc,
    (current, _previous, onCleanup) => {
      version.value++;
      if (!current) return;
      const bump = () => version.value++;
      current.on('update', bump);
      onCleanup(() => current.off('update', bump));
    },
    { immediate: true },
  );
  return version;
}
