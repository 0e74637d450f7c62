import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import WebSocket from 'ws';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { CloseCode, LIVE_LIMITS, YJS_PATH, YjsMessage, docName } from '../../shared/index';
import { encodeAwareness } from './awareness-stamp';
import { newWeighingItem, startTestServer, type TestServer } from '../testing/harness';

/** Bad input on the Yjs endpoint closes that one connection with a documented code and harms nobody else. */
describe('Yjs endpoint under hostile input', () => {
  let server: TestServer;
  let cookie: string;
  let writerCookie: string;
  let otherCookie: string;
  let url: string;

  beforeAll(async () => {
    server = await startTestServer();
    const executor = await server.login('uitvoerder');
    const police = await server.login('politie');
    cookie = police.cookie!;
    writerCookie = executor.cookie!;
    otherCookie = (await server.login('gemeente')).cookie!;
    // The chair's notes on an item: the executor writes them, the core parties read them.
    const { meetingId, itemId } = await newWeighingItem(server, 'Fuzz-Subject');
    url = `${server.url.replace('http', 'ws')}${YJS_PATH}/${docName({ meetingId, itemId, compartment: 'notes' })}`;
  });
  afterAll(async () => {
    await server.close();
  });

  /** Opens a connection, waits for the server's greeting, sends the frames, and reports how it ended. */
  function exchange(frames: (Buffer | string)[], settleMs = 150, as = cookie) {
    return new Promise<{ closed: number | null }>((resolve) => {
      const ws = new WebSocket(url, { headers: { cookie: as } });
      let closed: number | null = null;
      ws.on('close', (code) => {
        closed = code;
        resolve({ closed });
      });
      ws.on('error', () => undefined);
      ws.once('message', () => {
        for (const frame of frames) ws.send(frame, { binary: typeof frame !== 'string' });
        setTimeout(() => {
          if (closed === null) {
            ws.close();
            resolve({ closed: null });
          }
        }, settleMs);
      });
    });
  }

  /** The endpoint still takes a write from a well-behaved client (the executor may write the agenda) and serves it. */
  async function healthyClientStillWorks(marker: string) {
    const writer = new WebSocket(url, { headers: { cookie: writerCookie } });
    const doc = new Y.Doc();
    doc.getText('notes').insert(0, marker);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, YjsMessage.Sync);
    encoding.writeVarUint(encoder, 2);
    encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(doc));
    await new Promise((resolve) => writer.once('message', resolve));
    writer.send(encoding.toUint8Array(encoder));

    const reader = new WebSocket(url, { headers: { cookie } });
    const received = new Y.Doc();
    reader.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      const type = decoding.readVarUint(decoder);
      const kind = type === YjsMessage.Sync ? decoding.readVarUint(decoder) : -1;
      // Sync step 2 (1) and updates (2) carry content; step 1 and awareness do not.
      if (kind === 1 || kind === 2) Y.applyUpdate(received, decoding.readVarUint8Array(decoder));
    });
    await new Promise((resolve) => reader.once('open', resolve));
    const step1 = encoding.createEncoder();
    encoding.writeVarUint(step1, YjsMessage.Sync);
    encoding.writeVarUint(step1, 0);
    encoding.writeVarUint8Array(step1, Y.encodeStateVector(received));
    reader.send(encoding.toUint8Array(step1));
    const start = Date.now();
    while (!received.getText('notes').toJSON().includes(marker)) {
      if (Date.now() - start > 5000) throw new Error('healthy write not served');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    writer.close();
    reader.close();
    expect((await server.anonymous().get('/api/health')).status).toBe(200);
  }

  const acceptable = new Set<number | null>([null, CloseCode.BadMessage, CloseCode.Forbidden, 1005]);

  it('random frames: the connection either stays valid or closes with a documented code', async () => {
    const frame = fc.oneof(
      fc.uint8Array({ minLength: 0, maxLength: 512 }),
      // Frames that start like real messages and then go wrong.
      fc
        .tuple(
          fc.constantFrom(0, 1, 2, 3, 4, 127),
          fc.constantFrom(0, 1, 2, 3),
          fc.uint8Array({ maxLength: 256 }),
        )
        .map(([type, sub, rest]) => Uint8Array.from([type, sub, ...rest])),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 3 }), async (frames) => {
        const { closed } = await exchange(frames.map((f) => Buffer.from(f)));
        expect(acceptable.has(closed)).toBe(true);
      }),
      { numRuns: 60 },
    );
    await healthyClientStillWorks('after random frames');
  });

  it('closes on a text frame, an oversized frame, and awareness for another client', async () => {
    expect((await exchange(['{"hello": "json"}'])).closed).toBe(CloseCode.BadMessage);
    const big = Buffer.alloc(LIVE_LIMITS.frameBytes + 10, 1);
    big[0] = 0;
    expect((await exchange([big])).closed).toBe(CloseCode.MessageTooLarge);
    expect((await exchange([Buffer.alloc(LIVE_LIMITS.frameBytes * 2 + 10, 0)])).closed).toBe(1009);

    // One connection introduces client id 4242; another tries to speak for it with a newer clock.
    const awareness = (clientId: number, clock: number) => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, YjsMessage.Awareness);
      encoding.writeVarUint8Array(encoder, encodeAwareness([{ clientId, clock, state: { cursor: clock } }]));
      return Buffer.from(encoding.toUint8Array(encoder));
    };
    const owner = new WebSocket(url, { headers: { cookie } });
    await new Promise((resolve) => owner.once('message', resolve));
    owner.send(awareness(4242, 1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Someone else may not speak for it …
    expect((await exchange([awareness(4242, 5)], 150, otherCookie)).closed).toBe(CloseCode.BadMessage);
    // … but the same person, reconnecting while the old connection is still half-open, takes it over.
    expect((await exchange([awareness(4242, 6)])).closed).toBeNull();
    owner.close();
    await healthyClientStillWorks('after targeted frames');
  });
});
