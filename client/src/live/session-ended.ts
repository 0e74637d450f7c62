import { loadFreshPage } from '../utils/browser';

/** Where to go when the session ended: the login screen with its message, and back to `here` afterwards. */
export function loginAfterSessionEnd(here: string): string {
  const query = new URLSearchParams({ reason: 'session-ended', redirect: here });
  return `/inloggen?${query.toString()}`;
}

/**
 * The server ended this session's live connections (logout elsewhere, idle or absolute expiry): Yjs close 4401 or
 * the socket.io `session:ended` event. Back to the login screen instead of reconnecting; a full page load, so
 * nothing read under the old session stays in memory.
 */
export function leaveForLogin(): void {
  loadFreshPage(loginAfterSessionEnd(`${window.location.pathname}${window.location.search}`));
}
