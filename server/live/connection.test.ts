import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { LiveConnection, type ConnectionHooks } from './connection';
import { LiveDoc } from './live-doc';
import type { DocRegistry } from './registry';

/** A WebSocket that records what is sent, and whether its stream was corked at that moment. */
function fakeSocket() {
  const transport = { corked: 0, writes: [] as { corked: boolean }[] };
  const ws = Object.assign(new EventEmitter(), {
    OPEN: 1,
    readyState: 1,
    send: () => transport.writes.push({ corked: transport.corked > 0 }),
    close: () => undefined,
  });
  return {
    ws: ws as unknown as WebSocket,
    transport,
    stream: {
      cork: () => void (transport.corked += 1),
      uncork: () => void (transport.corked -= 1),
    },
  };
}

const hooks: ConnectionHooks = {
  onFirstWrite: () => undefined,
  onRefusedWrite: () => undefined,
  sessionLive: () => true,
  log: () => undefined,
};

describe('a live connection sending', () => {
  it('gathers the frames of one turn of the event loop into one write to the socket, released after the turn', async () => {
    const { ws, transport, stream } = fakeSocket();
    const connection = new LiveConnection({
      ws,
      live: new LiveDoc('meeting/m/analysis', 'analysis'),
      access: 'write',
      user: { name: 'Deelnemer', organisation: 'Gemeente', role: 'member' },
      registry: {} as DocRegistry,
      hooks,
      membershipId: 'membership',
      transport: stream,
    });
    // The greeting (sync step 1) went out corked; the stream is released once this turn's callbacks have run.
    expect(transport.writes).toEqual([{ corked: true }]);
    await new Promise((resolve) => process.nextTick(resolve));
    expect(transport.corked).toBe(0);

    // The updates of one commit are broadcast one after another in the same turn.
    for (let i = 0; i < 3; i++) connection.send(new Uint8Array([0, 2, 1, i]));
    expect(transport.writes.slice(1)).toEqual([{ corked: true }, { corked: true }, { corked: true }]);
    expect(transport.corked).toBe(1);
    await new Promise((resolve) => process.nextTick(resolve));
    expect(transport.corked).toBe(0);
  });
});
