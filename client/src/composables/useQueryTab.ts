import { computed } from 'vue';
import { useRoute, useRouter } from 'vue-router';

/**
 * The open tab of a screen, kept in the address (`?tab=`): a reload or a link opens the same one. An unknown or
 * missing tab is the first.
 */
export function useQueryTab<T extends string>(tabs: readonly T[]) {
  const route = useRoute();
  const router = useRouter();
  const active = computed<T>(() => {
    const tab = route.query.tab;
    return typeof tab === 'string' && (tabs as readonly string[]).includes(tab) ? (tab as T) : tabs[0]!;
  });

  async function select(tab: T): Promise<void> {
    await router.replace({ query: { ...route.query, tab } });
  }

  return { active, select };
}
