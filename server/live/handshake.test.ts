import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../db/schema/index';
import { CloseCode, docName } from '../../shared/index';
import { newWeighingItem, startTestServer, type TestServer } from '../testing/harness';
import { connectDoc, controlClients, rawAttempt, until, type ControlClient } from '../testing/live-clients';

/** Whether a socket.io client gets through the handshake (true) or is refused (false). */
const admitted = (socket: ControlClient) =>
  new Promise<boolean>((resolve) => {
    socket.on('connect', () => resolve(true));
    socket.on('connect_error', () => resolve(false));
  });

const portOf = (server: TestServer) => new URL(server.url).port;

const auditIps = async (
  server: TestServer,
  objectType: typeof auditLog.$inferSelect.objectType,
  objectId: string,
) =>
  (
    await server.database.db
      .select({ ip: auditLog.ip })
      .from(auditLog)
      .where(and(eq(auditLog.objectType, objectType), eq(auditLog.objectId, objectId)))
  ).map((row) => row.ip);

describe('Host and Origin of live handshakes (default: the local origins of the bound port)', () => {
  let server: TestServer;
  let meetingId: string;
  let analysis: string;
  const control = controlClients(() => server);

  beforeAll(async () => {
    server = await startTestServer();
    const item = await newWeighingItem(server, 'Origin-Subject');
    meetingId = item.meetingId;
    analysis = docName({ meetingId, itemId: item.itemId, compartment: 'analysis' });
  });
  afterAll(async () => {
    control.disconnectAll();
    await server.close();
  });

  it('Yjs: refuses a rebound name (wrong Host, matching Origin) with a valid cookie, before any document byte', async () => {
    const police = await server.login('politie');
    const rebound = await rawAttempt(server, analysis, {
      cookie: police.cookie!,
      host: `evil.example:${portOf(server)}`,
      origin: `http://evil.example:${portOf(server)}`,
    });
    expect(rebound).toEqual({ code: CloseCode.OriginRefused, frames: [] });
  });

  it('Yjs: refuses an https Origin on this http server', async () => {
    const police = await server.login('politie');
    const https = await rawAttempt(server, analysis, {
      cookie: police.cookie!,
      origin: `https://127.0.0.1:${portOf(server)}`,
    });
    expect(https).toEqual({ code: CloseCode.OriginRefused, frames: [] });
  });

  it('Yjs: serves both default origins', async () => {
    const police = await server.login('politie');
    for (const name of ['localhost', '127.0.0.1']) {
      const client = connectDoc(server, police, analysis, {
        host: `${name}:${portOf(server)}`,
        origin: `http://${name}:${portOf(server)}`,
      });
      await until(() => client.provider.synced, `sync via ${name}`);
      client.provider.destroy();
    }
  });

  it('socket.io: refuses a rebound name and an https Origin; serves both default origins', async () => {
    const police = await server.login('politie');
    const port = portOf(server);
    const rebound = control.connect(police, {
      host: `evil.example:${port}`,
      origin: `http://evil.example:${port}`,
    });
    expect(await admitted(rebound)).toBe(false);
    expect(await admitted(control.connect(police, { origin: `https://127.0.0.1:${port}` }))).toBe(false);
    for (const name of ['localhost', '127.0.0.1']) {
      const socket = control.connect(police, { host: `${name}:${port}`, origin: `http://${name}:${port}` });
      expect(await admitted(socket), name).toBe(true);
    }
  });

  it('records the socket peer, not X-Forwarded-For, without TRUST_PROXY', async () => {
    const police = await server.login('politie');
    const client = connectDoc(server, police, analysis, { 'x-forwarded-for': '203.0.113.66' });
    await until(() => client.provider.synced, 'sync');
    client.provider.destroy();
    const ips = await auditIps(server, 'live_document', analysis);
    expect(ips).not.toContain('203.0.113.66');
    expect(ips).toContain('127.0.0.1');
  });
});

describe('live handshakes with ALLOWED_ORIGINS and TRUST_PROXY=1', () => {
  let server: TestServer;
  let meetingId: string;
  let analysis: string;
  const control = controlClients(() => server);
  const PUBLIC = 'https://casustafel.example.nl';

  beforeAll(async () => {
    server = await startTestServer({ ALLOWED_ORIGINS: PUBLIC, TRUST_PROXY: '1' });
    const item = await newWeighingItem(server, 'Proxy-Subject');
    meetingId = item.meetingId;
    analysis = docName({ meetingId, itemId: item.itemId, compartment: 'analysis' });
  });
  afterAll(async () => {
    control.disconnectAll();
    await server.close();
  });

  it('admits an allowed origin, directly or through the proxy, and refuses a forwarded foreign host', async () => {
    const police = await server.login('politie');
    const direct = connectDoc(server, police, analysis, { host: 'casustafel.example.nl', origin: PUBLIC });
    const proxied = connectDoc(server, police, analysis, {
      'x-forwarded-host': 'casustafel.example.nl',
      origin: PUBLIC,
    });
    await until(() => direct.provider.synced && proxied.provider.synced, 'sync');
    direct.provider.destroy();
    proxied.provider.destroy();

    const rebound = { 'x-forwarded-host': 'evil.example', origin: 'https://evil.example' };
    expect(await rawAttempt(server, analysis, { cookie: police.cookie!, ...rebound })).toEqual({
      code: CloseCode.OriginRefused,
      frames: [],
    });
    expect(await admitted(control.connect(police, rebound))).toBe(false);
    expect(await admitted(control.connect(police, { host: 'casustafel.example.nl', origin: PUBLIC }))).toBe(
      true,
    );
  });

  it('records the forwarded client address in live audit rows, as REST does', async () => {
    const police = await server.login('politie');
    const client = connectDoc(server, police, analysis, { 'x-forwarded-for': '203.0.113.7' });
    await until(() => client.provider.synced, 'sync');
    client.provider.destroy();
    expect(await auditIps(server, 'live_document', analysis)).toContain('203.0.113.7');

    const socket = control.connect(police, { 'x-forwarded-for': '198.51.100.23, 10.0.0.2' });
    expect(await control.call(socket, 'meeting:join', { meetingId })).toMatchObject({ ok: true });
    expect(await auditIps(server, 'meeting', meetingId)).toContain('198.51.100.23');

    // The same rule as REST (Fastify's request.ip): a login through the proxy.
    const login = await fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.24' },
      body: JSON.stringify({ username: 'gemeente', password: 'wrong-password-1' }),
    });
    expect(login.status).toBe(401);
    const ips = (await server.database.db.select({ ip: auditLog.ip }).from(auditLog)).map((r) => r.ip);
    expect(ips).toContain('198.51.100.24');
  });
});
