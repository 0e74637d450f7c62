import { randomBytes, randomUUID } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../db/schema/index';
import { CloseCode, YJS_PATH, docName } from '../../shared/index';
import { YjsStore } from '../live/store';
import { newWeighingItem, startTestServer, type TestServer } from '../testing/harness';
import { connectDoc, controlClients, until } from '../testing/live-clients';
import { TEST_REDIS_URL, skipWithoutRedis } from '../testing/redis';

/**
 * A WebSocket client that opens a document and then never answers: not even the server's close frame. The
 * server's shutdown must not wait for it longer than its bound; meanwhile the instance is seen draining.
 */
function silentClient(server: TestServer, name: string, cookie: string) {
  const { port } = new URL(server.url);
  const socket: Socket = connect(Number(port), '127.0.0.1');
  let received = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => (received = Buffer.concat([received, chunk])));
  socket.on('error', () => undefined);
  socket.write(
    [
      `GET ${YJS_PATH}/${name} HTTP/1.1`,
      `Host: 127.0.0.1:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      `Cookie: ${cookie}`,
      '',
      '',
    ].join('\r\n'),
  );
  // A close frame (0x88) with the code ShuttingDown, big-endian after its length byte.
  const closeFrame = Buffer.from([0x88, 0, CloseCode.ShuttingDown >> 8, CloseCode.ShuttingDown & 0xff]);
  return {
    accepted: () => received.includes('HTTP/1.1 101'),
    toldToGo: () => {
      for (let i = received.indexOf(0x88); i >= 0; i = received.indexOf(0x88, i + 1))
        if (received[i + 2] === closeFrame[2] && received[i + 3] === closeFrame[3]) return true;
      return false;
    },
    destroy: () => socket.destroy(),
  };
}

/** Graceful shutdown (app.close(), as on SIGTERM): live clients go elsewhere, nothing taken is lost. */
describe('graceful shutdown', { timeout: 60_000 }, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.database.close();
  });

  it('tells live clients to reconnect elsewhere, refuses new ones, and writes what it took', async () => {
    const control = controlClients(() => server);
    const { meetingId, itemId } = await newWeighingItem(server, 'Afsluiten');
    const chair = control.connect(await server.login('voorzitter'));
    expect(await control.call(chair, 'meeting:join', { meetingId })).toMatchObject({ ok: true });
    expect(await control.call(chair, 'chair:open', { meetingId })).toMatchObject({ ok: true });
    const name = docName({ meetingId, itemId, compartment: 'analysis' });
    const police = await server.login('politie');
    const writer = connectDoc(server, police, name);
    const reader = connectDoc(server, await server.login('gemeente'), name);
    await until(() => writer.provider.synced && reader.provider.synced, 'both synced');
    writer.doc.getText('analysis').insert(0, 'GenomenVoorHetAfsluiten');
    // The other client has it: the server took it.
    await until(
      () => reader.doc.getText('analysis').toJSON().includes('GenomenVoorHetAfsluiten'),
      'the update reached the other client',
    );
    const chairGone = new Promise<string>((resolve) => chair.on('disconnect', resolve));
    const silent = silentClient(server, name, police.cookie!);
    await until(silent.accepted, 'the silent client accepted');

    const closing = server.app.close();
    await until(silent.toldToGo, 'the silent client told to go');
    // Draining: a new handshake is told to go elsewhere, not let in (nor refused for good).
    const late = connectDoc(server, police, name);
    const lateControl = control.connect(police);
    const lateRefused = new Promise<void>((resolve) => lateControl.on('connect_error', () => resolve()));
    await until(() => late.closed.code !== null, 'the late client refused');
    expect(late.closed.codes[0]).toBe(CloseCode.ShuttingDown);
    late.provider.destroy();
    await lateRefused;
    expect(lateControl.connected).toBe(false);
    // A load balancer's health check sees it too, and a request is told to go elsewhere.
    expect((await fetch(`${server.url}/api/health`)).status).toBe(503);

    // The silent client does not hold the shutdown up (ws itself would wait 30 s for its answer).
    await closing;
    silent.destroy();
    expect(writer.closed.codes).toContain(CloseCode.ShuttingDown);
    expect(reader.closed.codes).toContain(CloseCode.ShuttingDown);
    expect(await chairGone).toBe('io server disconnect');
    writer.provider.destroy();
    reader.provider.destroy();
    control.disconnectAll();

    // What the server took is stored, and so is the audit row of the write (art. 15.2c).
    const stored = await new YjsStore(server.database.db).loadDocument(name);
    expect(stored?.doc.getText('analysis').toJSON()).toContain('GenomenVoorHetAfsluiten');
    const audited = await server.database.db
      .select({ seq: auditLog.seq })
      .from(auditLog)
      .where(and(eq(auditLog.objectId, name), eq(auditLog.action, 'update'), eq(auditLog.result, 'allowed')));
    expect(audited.length).toBeGreaterThan(0);
  });
});

/**
 * One instance of several shutting down tells its own clients to go, and only those: the clients on the other
 * instance keep their documents and meeting sockets (what crosses instances must not carry the shutdown along).
 */
describe.skipIf(!process.env.DATABASE_URL || (await skipWithoutRedis()))(
  'graceful shutdown of one instance of several',
  { timeout: 90_000 },
  () => {
    let a: TestServer;
    let b: TestServer;
    beforeAll(async () => {
      const eventsChannel = `casustafel:test:${randomUUID()}`;
      const env = { REDIS_URL: TEST_REDIS_URL, DATABASE_URL: process.env.DATABASE_URL! };
      a = await startTestServer(env, undefined, { eventsChannel });
      b = await startTestServer(env, undefined, { eventsChannel, sharing: a });
    });
    afterAll(async () => {
      await b.close();
      await a.database.close();
    });

    it('leaves the live connections on the other instance open', async () => {
      const controlA = controlClients(() => a);
      const controlB = controlClients(() => b);
      const { meetingId, itemId } = await newWeighingItem(a, 'AfsluitenEenVanTwee');
      const name = docName({ meetingId, itemId, compartment: 'analysis' });
      const chair = await a.login('voorzitter');
      const police = await a.login('politie');
      const onA = controlA.connect(chair);
      const onB = controlB.connect(chair);
      for (const socket of [onA, onB])
        expect(await controlA.call(socket, 'meeting:join', { meetingId })).toMatchObject({ ok: true });
      const docA = connectDoc(a, police, name);
      const docB = connectDoc(b, police, name);
      await until(() => docA.provider.synced && docB.provider.synced, 'synced on both');
      const goneB: string[] = [];
      onB.on('disconnect', (reason) => goneB.push(reason));

      await a.app.close();
      expect(docA.closed.codes).toContain(CloseCode.ShuttingDown);
      expect(onA.connected).toBe(false);
      // B's clients are still served: a round trip on each after A is gone.
      expect(await controlB.call(onB, 'meeting:join', { meetingId })).toMatchObject({ ok: true });
      docB.doc.getText('analysis').insert(0, 'NogOpB');
      const check = connectDoc(b, police, name);
      await until(
        () => check.doc.getText('analysis').toJSON().includes('NogOpB'),
        'the edit on B reaches a second client on B',
      );
      expect(goneB).toEqual([]);
      expect(docB.closed.codes).toEqual([]);
      for (const doc of [docA, docB, check]) doc.provider.destroy();
      controlA.disconnectAll();
      controlB.disconnectAll();
    });
  },
);
