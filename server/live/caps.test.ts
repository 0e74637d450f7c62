import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CloseCode, YJS_PATH, docName } from '../../shared/index';
import { startTestServer, type TestClient, type TestServer } from '../testing/harness';
import { controlClients, until } from '../testing/live-clients';

/** Caps on live connections per user and per address (LIVE_LIMITS): over a cap the connection is refused with 4429. */
describe('live connection caps', () => {
  let server: TestServer;
  let police: TestClient;
  let municipality: TestClient;
  let url: string;
  const control = controlClients(() => server);
  const open: WebSocket[] = [];

  beforeAll(async () => {
    server = await startTestServer({
      LIVE_MAX_CONNECTIONS_PER_USER: '2',
      LIVE_MAX_CONNECTIONS_PER_ADDRESS: '3',
    });
    const executor = await server.login('uitvoerder');
    police = await server.login('politie');
    municipality = await server.login('gemeente');
    const meeting = await executor.post('/api/meetings', {
      kind: 'weighing',
      title: 'Caps',
      scheduledAt: '2026-12-01T09:00:00Z',
    });
    url = `${server.url.replace('http', 'ws')}${YJS_PATH}/${docName({ meetingId: meeting.body.id, itemId: null, compartment: 'agenda' })}`;
  });
  afterAll(async () => {
    for (const ws of open) ws.close();
    await server.close();
  });

  /** Opens a document; resolves 'open' once the server greets it, or the close code when refused. */
  function attempt(user: TestClient) {
    const ws = new WebSocket(url, { headers: { cookie: user.cookie! } });
    open.push(ws);
    ws.on('error', () => undefined);
    const result = new Promise<'open' | number>((resolve) => {
      ws.once('message', () => resolve('open'));
      ws.once('close', (code) => resolve(code));
    });
    return { ws, result };
  }

  async function closed(ws: WebSocket) {
    ws.close();
    await until(() => ws.readyState === WebSocket.CLOSED, 'the socket to close');
  }

  it('refuses a user over the per-user cap with 4429, and takes them again once one closed', async () => {
    const first = attempt(police);
    const second = attempt(police);
    expect([await first.result, await second.result]).toEqual(['open', 'open']);
    expect(await attempt(police).result).toBe(CloseCode.TooManyConnections);
    // A refused handshake gives its slots back at once; a closed socket too.
    await closed(first.ws);
    const again = attempt(police);
    expect(await again.result).toBe('open');
    for (const ws of [second.ws, again.ws]) await closed(ws);
  });

  it('refuses one address over the per-address cap, whoever the user', async () => {
    const a = attempt(police);
    const b = attempt(police);
    const c = attempt(municipality);
    expect([await a.result, await b.result, await c.result]).toEqual(['open', 'open', 'open']);
    expect(await attempt(municipality).result).toBe(CloseCode.TooManyConnections);
    for (const ws of [a.ws, b.ws, c.ws]) await closed(ws);
    await until(() => server.app.live.caps.held('address', '127.0.0.1') === 0, 'slots to be released');
  });

  it('counts socket.io control connections toward the same caps', async () => {
    const a = attempt(police);
    const b = attempt(police);
    expect([await a.result, await b.result]).toEqual(['open', 'open']);
    const socket = control.connect(police);
    const error = await new Promise<{ data?: { code?: string } }>((resolve) =>
      socket.once('connect_error', resolve),
    );
    expect(error.data?.code).toBe('TOO_MANY_CONNECTIONS');
    for (const ws of [a.ws, b.ws]) await closed(ws);
    await until(() => server.app.live.caps.held('address', '127.0.0.1') === 0, 'slots to be released');
    // Held by a control socket, a slot blocks a document.
    const first = control.connect(police);
    const second = control.connect(police);
    await until(() => first.connected && second.connected, 'control sockets to connect');
    expect(await attempt(police).result).toBe(CloseCode.TooManyConnections);
    first.disconnect();
    second.disconnect();
    await until(
      () => server.app.live.caps.held('address', '127.0.0.1') === 0,
      'control slots to be released',
    );
  });
});
