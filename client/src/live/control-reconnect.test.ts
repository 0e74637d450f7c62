import { describe, expect, it } from 'vitest';
import { reconnectDelayMs, reconnectsAfterDisconnect } from './control-reconnect';

describe('meeting control after the server ended the socket', () => {
  const live = { refused: false, ended: false, online: true };

  it('connects again when the server ended it (an instance shutting down)', () => {
    expect(reconnectsAfterDisconnect('io server disconnect', live)).toBe(true);
  });

  it('leaves the other losses to socket.io, which reconnects by itself', () => {
    expect(reconnectsAfterDisconnect('transport close', live)).toBe(false);
    expect(reconnectsAfterDisconnect('ping timeout', live)).toBe(false);
    expect(reconnectsAfterDisconnect('io client disconnect', live)).toBe(false);
  });

  it('does not when refused for good, when the meeting is over, or without a network', () => {
    expect(reconnectsAfterDisconnect('io server disconnect', { ...live, refused: true })).toBe(false);
    expect(reconnectsAfterDisconnect('io server disconnect', { ...live, ended: true })).toBe(false);
    expect(reconnectsAfterDisconnect('io server disconnect', { ...live, online: false })).toBe(false);
  });

  it('spreads the reconnections over a second', () => {
    expect(reconnectDelayMs(() => 0)).toBe(500);
    expect(reconnectDelayMs(() => 0.999)).toBe(1499);
  });
});
