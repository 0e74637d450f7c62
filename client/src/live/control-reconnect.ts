/**
 * socket.io reconnects by itself after a lost connection, but not after the server ended the socket ("io server
 * disconnect"). The server does that when its instance shuts down (SIGTERM: the load balancer sends the next
 * handshake to another instance, see docs/several-instances.md) and when the user's authorisation was revoked
 * (then `session:changed` or `session:ended` came first, and the page reloads or leaves). So the meeting screen
 * connects again itself, unless the socket was refused for good or the meeting is over; the handshake decides
 * anew.
 */
export function reconnectsAfterDisconnect(
  reason: string,
  state: { refused: boolean; ended: boolean; online: boolean },
): boolean {
  return reason === 'io server disconnect' && !state.refused && !state.ended && state.online;
}

/** When to connect again: spread over a second, so the clients of a stopped instance do not all come at once. */
export function reconnectDelayMs(random: () => number = Math.random): number {
  return 500 + Math.floor(random() * 1000);
}
