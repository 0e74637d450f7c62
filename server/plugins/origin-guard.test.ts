import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { TEST_PASSWORD, startTestServer, type TestServer } from '../testing/harness';

interface RawResponse {
  status: number;
  body: any;
  text: string;
  setCookie: string[];
}

/** fetch cannot set Host; node:http can, the way a browser on a rebound name or a proxy would. */
function send(
  server: TestServer,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<RawResponse> {
  const url = new URL(path, server.url);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      {
        method,
        headers: { ...headers, ...(payload ? { 'content-type': 'application/json' } : {}) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = null;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            parsed = text;
          }
          resolve({
            status: response.statusCode ?? 0,
            body: parsed,
            text,
            setCookie: response.headers['set-cookie'] ?? [],
          });
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

const hostOf = (server: TestServer) => new URL(server.url).host;
const portOf = (server: TestServer) => new URL(server.url).port;

describe('Host and Origin of REST requests (default: the local origins of the bound port)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses a rebound name (wrong Host, matching Origin) even with a valid cookie, and shows nothing', async () => {
    const police = await server.login('politie');
    const rebound = {
      host: `evil.example:${portOf(server)}`,
      origin: `http://evil.example:${portOf(server)}`,
    };
    const read = await send(server, 'GET', '/api/session', { ...rebound, cookie: police.cookie! });
    expect(read.status).toBe(403);
    expect(read.body.error).toEqual({
      code: 'HOST_REFUSED',
      message: 'This server does not answer for the requested host',
    });
    const me = (await police.get('/api/session')).body.me;
    expect(read.text).not.toContain(me.displayName);

    const logout = await send(server, 'DELETE', '/api/session', { ...rebound, cookie: police.cookie! });
    expect(logout.body.error.code).toBe('HOST_REFUSED');
    expect((await police.get('/api/session')).status).toBe(200);

    const login = await send(server, 'POST', '/api/session', rebound, {
      username: 'politie',
      password: TEST_PASSWORD,
    });
    expect(login.status).toBe(403);
    expect(login.setCookie).toEqual([]);
    // The client pages as well, not only the API.
    expect((await send(server, 'GET', '/', rebound)).body.error.code).toBe('HOST_REFUSED');
  });

  it('ignores X-Forwarded-Host without TRUST_PROXY', async () => {
    const police = await server.login('politie');
    const spoofed = await send(server, 'GET', '/api/session', {
      host: 'evil.example',
      'x-forwarded-host': hostOf(server),
      cookie: police.cookie!,
    });
    expect(spoofed.body.error.code).toBe('HOST_REFUSED');
  });

  it('refuses an https Origin on this http server: the scheme is part of the origin', async () => {
    const police = await server.login('politie');
    const response = await send(server, 'DELETE', '/api/session', {
      host: hostOf(server),
      origin: `https://${hostOf(server)}`,
      cookie: police.cookie!,
    });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('CROSS_ORIGIN_REFUSED');
    expect((await police.get('/api/session')).status).toBe(200);
  });

  it('serves both default origins, http://localhost:PORT and http://127.0.0.1:PORT', async () => {
    for (const name of ['localhost', '127.0.0.1', 'LocalHost']) {
      const user = await server.login('gemeente');
      const headers = {
        host: `${name}:${portOf(server)}`,
        origin: `http://${name}:${portOf(server)}`,
        cookie: user.cookie!,
      };
      expect((await send(server, 'GET', '/api/session', headers)).status, name).toBe(200);
      expect((await send(server, 'DELETE', '/api/session', headers)).status, name).toBe(204);
      expect((await user.get('/api/session')).status, name).toBe(401);
    }
  });

  it('answers the health check whatever the Host (probes call it by address; it holds no personal data)', async () => {
    const health = await send(server, 'GET', '/api/health', { host: '10.1.2.3:3000' });
    expect(health.status).toBe(200);
  });
});

describe('Host and Origin of REST requests with PUBLIC_ORIGIN, ALLOWED_ORIGINS and TRUST_PROXY=1', () => {
  let server: TestServer;
  const PUBLIC = 'https://casustafel.example.nl';
  beforeAll(async () => {
    server = await startTestServer({
      PUBLIC_ORIGIN: PUBLIC,
      ALLOWED_ORIGINS: 'http://localhost:5173',
      TRUST_PROXY: '1',
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers only for the public origin and the allowed ones; the local defaults no longer apply', async () => {
    const credentials = { username: 'politie', password: TEST_PASSWORD };
    const local = await send(server, 'POST', '/api/session', { host: hostOf(server) }, credentials);
    expect(local.body.error.code).toBe('HOST_REFUSED');

    const login = await send(
      server,
      'POST',
      '/api/session',
      { host: 'casustafel.example.nl', origin: PUBLIC },
      credentials,
    );
    expect(login.status).toBe(200);
    const cookie = login.setCookie[0]!.split(';')[0]!;
    const viaDevServer = { host: 'localhost:5173', origin: 'http://localhost:5173', cookie };
    expect((await send(server, 'GET', '/api/session', viaDevServer)).status).toBe(200);
    const wrongScheme = { host: 'casustafel.example.nl', origin: 'http://casustafel.example.nl', cookie };
    expect((await send(server, 'DELETE', '/api/session', wrongScheme)).body.error.code).toBe(
      'CROSS_ORIGIN_REFUSED',
    );
    expect((await send(server, 'DELETE', '/api/session', viaDevServer)).status).toBe(204);
  });

  it('checks the X-Forwarded-Host the proxy passes on, as Fastify reads it', async () => {
    const credentials = { username: 'politie', password: TEST_PASSWORD };
    const proxied = { host: hostOf(server), origin: 'https://casustafel.example.nl' };
    const login = await send(
      server,
      'POST',
      '/api/session',
      { ...proxied, 'x-forwarded-host': 'casustafel.example.nl', 'x-forwarded-proto': 'https' },
      credentials,
    );
    expect(login.status).toBe(200);
    const rebound = await send(
      server,
      'POST',
      '/api/session',
      { host: hostOf(server), origin: 'https://evil.example', 'x-forwarded-host': 'evil.example' },
      credentials,
    );
    expect(rebound.body.error.code).toBe('HOST_REFUSED');
  });
});
