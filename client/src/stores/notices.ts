import { acceptHMRUpdate, defineStore } from 'pinia';
import { ref } from 'vue';

export interface Notice {
  kind: 'success' | 'info' | 'error';
  /** i18n key and parameters, translated at display time so the language toggle applies. */
  key: string;
  params?: Record<string, string | number>;
}

/**
 * One flash message for the global live region: "signal registered" survives the navigation to the file it
 * created, and disappears on the navigation after that.
 */
export const useNoticesStore = defineStore('notices', () => {
  const notice = ref<Notice | null>(null);
  let navigationsLeft = 0;

  /** `beforeNavigation`: the caller is about to navigate, and the notice is meant for the page it goes to. */
  function show(next: Notice, options: { beforeNavigation?: boolean } = {}): void {
    notice.value = next;
    navigationsLeft = options.beforeNavigation ? 2 : 1;
  }

  function dismiss(): void {
    notice.value = null;
  }

  /** Called by the router after each navigation. */
  function navigated(): void {
    navigationsLeft -= 1;
    if (navigationsLeft <= 0) notice.value = null;
  }

  return { notice, show, dismiss, navigated };
});

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useNoticesStore, import.meta.hot));
