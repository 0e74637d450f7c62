import { onScopeDispose, readonly, ref } from 'vue';

/**
 * navigator.onLine as a ref. `false` is reliable (no network at all); live connections drop at once instead of
 * waiting for a half-open socket to time out, and come back on `online`.
 */
export function useOnline() {
  const online = ref(navigator.onLine);
  const update = () => (online.value = navigator.onLine);
  window.addEventListener('online', update);
  window.addEventListener('offline', update);
  onScopeDispose(() => {
    window.removeEventListener('online', update);
    window.removeEventListener('offline', update);
  });
  return readonly(online);
}
