import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, memberships } from '../../db/schema/index';
import { CloseCode, NOTES_TEXT, YJS_PATH, docName, type Me } from '../../shared/index';
import { newWeighingItem, startTestServer, type TestClient, type TestServer } from '../testing/harness';
import { connectDoc, controlClients, rawAttempt, until } from '../testing/live-clients';
import { ownRedis } from '../testing/own-redis';
import { skipWithoutRedis } from '../testing/redis';

/**
 * Between a handshake's decision and its connection joining. Art. 15: revoking an authorisation takes effect at once,
 * also on a connection whose handshake is deciding at that moment. The subscribers that close connections only reach those already connected; a handshake that read the
 * membership before the revocation and connects after its event would otherwise keep the old rights. Here the
 * revocation (in the database, then its event) is made to fall inside that window.
 */
describe('the window between a handshake deciding and its connection joining', () => {
  let server: TestServer;
  let meetingId: string;
  let notes: string;
  const control = controlClients(() => server);

  beforeAll(async () => {
    server = await startTestServer();
    const item = await newWeighingItem(server, 'Handdruk-Subject');
    meetingId = item.meetingId;
    notes = docName({ meetingId, itemId: item.itemId, compartment: 'notes' });
    const chair = connectDoc(server, await server.login('voorzitter'), notes);
    await until(() => chair.provider.synced, 'chair sync');
    chair.doc.getText(NOTES_TEXT).insert(0, 'NOTES-CANARY-15');
    // Stored: a second connection of the chair's reads it back.
    const check = connectDoc(server, await server.login('voorzitter'), notes);
    await until(() => check.doc.getText(NOTES_TEXT).toJSON().includes('NOTES-CANARY-15'), 'canary stored');
    chair.provider.destroy();
    check.provider.destroy();
  });
  afterAll(async () => {
    control.disconnectAll();
    await server.close();
  });

  async function member(username: string): Promise<{ client: TestClient; membershipId: string }> {
    const client = await server.login(username);
    const { membershipId } = (await client.get<{ me: Me }>('/api/session')).body.me;
    return { client, membershipId };
  }

  const revoke = async (membershipId: string) => {
    await server.database.db
      .update(memberships)
      .set({ revokedAt: new Date() })
      .where(eq(memberships.id, membershipId));
    await server.app.events.publish({ type: 'membership.changed', membershipId });
  };

  it('a document connection decided before the revocation is closed before it is sent anything', async () => {
    const { client, membershipId } = await member('gemeente');
    const registry = server.app.live.registry;
    const open = registry.open.bind(registry);
    // After the session and the authorisation were read, before the connection joins the document.
    const spy = vi.spyOn(registry, 'open').mockImplementationOnce(async (name) => {
      await revoke(membershipId);
      return open(name);
    });
    const reader = connectDoc(server, client, notes);
    await until(() => reader.closed.codes.includes(CloseCode.NotAuthenticated), 'refused on reconnecting');
    spy.mockRestore();
    // Told to reconnect; the reconnection finds the membership revoked.
    expect(reader.closed.codes[0]).toBe(CloseCode.Reauthorise);
    expect(reader.provider.synced).toBe(false);
    expect(reader.doc.getText(NOTES_TEXT).toJSON()).toBe('');
    reader.provider.destroy();
  });

  it('a meeting socket decided before the revocation is told and disconnected once it connects', async () => {
    const { client, membershipId } = await member('politie');
    const gate = server.app.live.handshakes;
    const run = gate.run.bind(gate);
    // The control handshake reads the session and actor through the handshake gate; revoked right after.
    const spy = vi.spyOn(gate, 'run').mockImplementationOnce(async (work) => {
      const decided = await run(work);
      await revoke(membershipId);
      return decided;
    });
    const socket = control.connect(client);
    const told = new Promise<{ revoked: boolean }>((resolve) => socket.on('session:changed', resolve));
    const gone = new Promise<string>((resolve) => socket.on('disconnect', resolve));
    // Sent at once: it must not be taken under the membership as the handshake read it.
    const acks: unknown[] = [];
    socket.on('connect', () => {
      void control.call(socket, 'meeting:join', { meetingId }).then((ack) => acks.push(ack));
    });
    expect(await told).toEqual({ revoked: true });
    expect(await gone).toBe('io server disconnect');
    spy.mockRestore();
    expect(socket.connected).toBe(false);
    expect(acks).toEqual([]);
    // Nor was it taken after the disconnect: no joining of the meeting was logged (a join is audited, allowed or
    // not). Given the time a join takes to be logged, several times over.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const joins = await server.database.db
      .select({ seq: auditLog.seq })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.objectType, 'meeting'),
          eq(auditLog.objectId, meetingId),
          eq(auditLog.fieldGroup, 'live'),
        ),
      );
    expect(joins).toEqual([]);
  });

  it('events that take no access away leave a handshake alone', async () => {
    const { client } = await member('om');
    const registry = server.app.live.registry;
    const open = registry.open.bind(registry);
    const spy = vi.spyOn(registry, 'open').mockImplementationOnce(async (name) => {
      await server.app.events.publish({ type: 'agenda.changed', meetingId });
      return open(name);
    });
    const reader = connectDoc(server, client, notes);
    await until(() => reader.doc.getText(NOTES_TEXT).toJSON().includes('NOTES-CANARY-15'), 'synced at once');
    spy.mockRestore();
    expect(reader.closed.codes).toEqual([]);
    reader.provider.destroy();
  });

  // The opening's audit row and the document's load run while the protocol switch goes out; the connection that
  // sends the document is made only once both are done.
  it('a document that cannot be opened closes the switched socket with 4500, having sent nothing', async () => {
    const { client } = await member('om');
    const spy = vi
      .spyOn(server.app.live.registry, 'open')
      .mockRejectedValueOnce(new Error('OPEN-FAILURE-CANARY'));
    const reader = connectDoc(server, client, notes);
    await until(() => reader.closed.codes.length > 0, 'closed');
    expect(reader.closed.codes[0]).toBe(CloseCode.StorageFailed);
    expect(reader.closed.reasons[0]).toBe('document could not be opened');
    expect(reader.doc.getText(NOTES_TEXT).toJSON()).toBe('');
    spy.mockRestore();
    // It tries again and gets the document.
    await until(() => reader.doc.getText(NOTES_TEXT).toJSON().includes('NOTES-CANARY-15'), 'synced on retry');
    reader.provider.destroy();
  });

  // The protocol switch is awaited while the audit row is written; the library may refuse it without calling back.
  it('a malformed upgrade after the decision gives its place in the handshake gate back', async () => {
    const { client } = await member('om');
    const { port } = new URL(server.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () =>
        socket.write(
          `GET ${YJS_PATH}/${notes} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\n` +
            `Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: not-a-key\r\n` +
            `Cookie: ${client.cookie}\r\n\r\n`,
        ),
      );
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    await until(() => server.app.live.handshakes.active === 0, 'the gate released');
  });

  // Art. 15.2d: a session that ends is sent nothing more, also by a connection that was being opened for it.
  it('a session that ends while its connection opens is sent no frame at all', async () => {
    const { client } = await member('om');
    const registry = server.app.live.registry;
    const open = registry.open.bind(registry);
    const spy = vi.spyOn(registry, 'open').mockImplementationOnce(async (name) => {
      expect((await client.request('DELETE', '/api/session')).status).toBe(204);
      return open(name);
    });
    const attempt = await rawAttempt(server, notes, { cookie: client.cookie! });
    spy.mockRestore();
    expect(attempt.code).toBe(CloseCode.NotAuthenticated);
    expect(attempt.frames).toEqual([]);
  });

  // Several instances: one cut off from Redis closes its connections and refuses new ones, since a revocation on
  // another instance would not reach it. A handshake that was deciding when that happened was no connection yet.
  it('a document connection decided as the instance is cut off from the others is refused, sent nothing', async () => {
    const { client } = await member('om');
    const events = server.app.events;
    const original = Object.getOwnPropertyDescriptor(events, 'connected');
    // Linked when the handshake starts, cut off by the time it has decided.
    let reads = 0;
    Object.defineProperty(events, 'connected', { configurable: true, get: () => reads++ === 0 });
    try {
      const attempt = await rawAttempt(server, notes, { cookie: client.cookie! });
      expect(reads).toBeGreaterThan(1);
      expect(attempt.code).toBe(CloseCode.ShuttingDown);
      expect(attempt.frames).toEqual([]);
    } finally {
      if (original) Object.defineProperty(events, 'connected', original);
    }
  });
});

/**
 * An instance cut off from Redis disconnects its meeting sockets and refuses new ones (it could not keep rights
 * current: a revocation on another instance would not reach it). A socket whose handshake was reading the session
 * at that moment was not yet among those disconnected; it must not connect once the read is done.
 */
describe.skipIf(!process.env.DATABASE_URL || (await skipWithoutRedis()))(
  'an instance cut off from Redis while a meeting socket is being decided',
  { timeout: 60_000 },
  () => {
    let redis: Awaited<ReturnType<typeof ownRedis>>;
    let server: TestServer;
    const control = controlClients(() => server);

    beforeAll(async () => {
      redis = await ownRedis();
      server = await startTestServer(
        { REDIS_URL: redis.url, DATABASE_URL: process.env.DATABASE_URL! },
        undefined,
        { eventsChannel: `casustafel:test:${randomUUID()}` },
      );
    });
    afterAll(async () => {
      control.disconnectAll();
      await server?.close();
      await redis.down();
      await redis.remove();
    });

    it('is refused, and connects once the instance is back', async () => {
      const client = await server.login('politie');
      const gate = server.app.live.handshakes;
      const run = gate.run.bind(gate);
      // The session was read while the link held; the instance is cut off before the socket connects.
      const spy = vi.spyOn(gate, 'run').mockImplementationOnce(async (work) => {
        const decided = await run(work);
        await redis.down();
        await until(() => !server.app.events.connected, 'the instance cut off', 10_000);
        return decided;
      });
      const socket = control.connect(client);
      const refused = await new Promise<{ message: string; data?: { code: string } }>((resolve) => {
        socket.on('connect_error', resolve);
        socket.on('connect', () => resolve({ message: 'connected' }));
      });
      spy.mockRestore();
      expect(refused.message).toBe('UNAVAILABLE');
      expect(refused.data?.code).toBe('UNAVAILABLE');
      expect(socket.connected).toBe(false);

      await redis.up();
      await until(() => server.app.events.connected, 'the instance back', 20_000);
      const again = control.connect(client);
      await new Promise<void>((resolve) => again.on('connect', resolve));
      expect(again.connected).toBe(true);
    });
  },
);
