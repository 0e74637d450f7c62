import { loadFreshPage } from '../utils/browser';

/**
 * The server ended this session's live connections (logout elsewhere, idle or absolute expiry): Yjs close 4401 or
 * the socket.io `session:ended` event. Back to the login screen instead of reconnecting, and here again after;
 * a full page load, so nothing read under the old session stays in memory.
 */
export function leaveForLogin(): void {
  const here = `${window.location.pathname}${window.location.search}`;
  const query = new URLSearchParams({ reason: 'session-ended', redirect: here });
  loadFreshPage(`/inloggen?${query.toString()}`);
}
