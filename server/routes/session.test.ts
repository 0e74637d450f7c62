import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desc, eq } from 'drizzle-orm';
import { auditLog, users } from '../../db/schema/index';
import { TEST_PASSWORD, startTestServer, type TestServer } from '../testing/harness';

describe('login and sessions', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  const lastAudit = async () =>
    (await server.database.db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1))[0]!;

  it('sets an httpOnly, SameSite=Strict session cookie and answers who is logged in', async () => {
    const response = await server
      .anonymous()
      .post('/api/session', { username: 'politie', password: TEST_PASSWORD });
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^casustafel_session=[\w-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(response.body.me).toMatchObject({
      displayName: 'Dirk Visser',
      role: 'member',
      organisation: { type: 'police' },
      party: { kind: 'core' },
      permissions: { readWeighingFile: true, registerSignal: true, prepareMeetings: false },
    });
    expect(await lastAudit()).toMatchObject({ action: 'login', result: 'allowed' });
  });

  it('refuses a wrong password and an unknown user alike, and audits both', async () => {
    const wrong = await server
      .anonymous()
      .post('/api/session', { username: 'om', password: 'wrong-password' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    const [om] = await server.database.db.select().from(users).where(eq(users.username, 'om'));
    expect(await lastAudit()).toMatchObject({ action: 'login', result: 'denied', userId: om!.id });

    const unknown = await server
      .anonymous()
      .post('/api/session', { username: 'nobody', password: 'whatever1' });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(await lastAudit()).toMatchObject({ action: 'login', result: 'denied', userId: null });
  });

  it('slows down repeated failed logins on an account (429 with Retry-After), even with the right password', async () => {
    const anonymous = server.anonymous();
    for (let i = 0; i < 5; i++) {
      expect(
        (await anonymous.post('/api/session', { username: 'reclassering', password: `guess-${i}` })).status,
      ).toBe(401);
    }
    const throttled = await anonymous.post('/api/session', {
      username: 'reclassering',
      password: TEST_PASSWORD,
    });
    expect(throttled.status).toBe(429);
    expect(throttled.body.error.code).toBe('LOGIN_THROTTLED');
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Other accounts are not affected.
    expect((await anonymous.post('/api/session', { username: 'rvdk', password: TEST_PASSWORD })).status).toBe(
      200,
    );
  });

  it('cannot be raced: parallel guesses are throttled too', async () => {
    const anonymous = server.anonymous();
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        anonymous.post('/api/session', { username: 'jeugdbescherming', password: `g${i}-wrong` }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });

  it('records which account was tried as a hash, never the typed name', async () => {
    await server
      .anonymous()
      .post('/api/session', { username: 'Typo-Canary-Secret99', password: 'x-wrong-1' });
    const audit = await lastAudit();
    expect(audit.objectId).toMatch(/^account:[0-9a-f]{16}$/);
    expect(JSON.stringify(audit)).not.toContain('Canary');
  });

  it('ends the session on logout', async () => {
    const user = await server.login('gemeente');
    expect((await user.get('/api/session')).status).toBe(200);
    expect((await user.request('DELETE', '/api/session')).status).toBe(204);
    const after = await user.get('/api/session');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('NOT_AUTHENTICATED');
  });

  it('requires a session on every API route except login and health', async () => {
    const executor = await server.login('uitvoerder');
    const spec = (await executor.get('/api/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = Object.entries(spec.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })),
    );
    expect(routes.length).toBeGreaterThanOrEqual(10);
    // Logging in, in its steps (password, then the second factor or its enrolment), and the health check.
    const loginSteps = [
      '/api/session',
      '/api/session/second-factor',
      '/api/session/enrolment',
      '/api/session/enrolment/confirm',
    ];
    // …or with a passkey: the server's challenge, then the authenticator's answer.
    const credential = { id: 'a', rawId: 'a', type: 'public-key', clientExtensionResults: {} };
    const passkeySteps: [string, unknown][] = [
      ['/api/session/passkey/options', {}],
      [
        '/api/session/passkey',
        {
          credential: {
            ...credential,
            response: { clientDataJSON: 'a', authenticatorData: 'a', signature: 'a' },
          },
        },
      ],
      ['/api/session/enrolment/passkey/options', {}],
      [
        '/api/session/enrolment/passkey',
        { credential: { ...credential, response: { clientDataJSON: 'a', attestationObject: 'a' } } },
      ],
    ];
    // Logging in via the organisation's identity provider: its choice, start, return and back-channel logout.
    const providerSteps = [
      '/api/login/oidc/organisations',
      '/api/login/oidc/{organisationId}/start',
      '/api/login/oidc/callback',
      '/api/login/oidc/backchannel-logout',
    ];
    const publicRoutes = routes.filter(
      (r) =>
        (r.method === 'POST' && loginSteps.includes(r.path)) ||
        (r.method === 'POST' && passkeySteps.some(([path]) => path === r.path)) ||
        providerSteps.includes(r.path) ||
        r.path === '/api/health',
    );
    expect(publicRoutes).toHaveLength(13);
    // The second steps need the login cookie of a right password; without it they are refused as well.
    for (const path of loginSteps.slice(1))
      expect((await server.anonymous().post(path, { code: '123456' })).status, path).toBe(401);
    for (const [path, body] of passkeySteps)
      expect((await server.anonymous().post(path, body)).status, path).toBe(401);
    for (const route of routes.filter((r) => !publicRoutes.includes(r))) {
      const path = route.path.replace('{id}', '00000000-0000-4000-8000-000000000000');
      const response = await server
        .anonymous()
        .request(route.method, path, route.method === 'GET' || route.method === 'DELETE' ? undefined : {});
      expect(response.status, `${route.method} ${route.path}`).toBe(401);
    }
    expect((await server.anonymous().get('/api/openapi.json')).status).toBe(401);
    expect((await server.anonymous().get('/api/no-such-route')).status).toBe(401);
    expect((await executor.get('/api/no-such-route')).status).toBe(404);
  });

  it('refuses state-changing requests from another origin', async () => {
    const user = await server.login('politie');
    const response = await user.request('DELETE', '/api/session', undefined, {
      origin: 'https://evil.example',
    });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('CROSS_ORIGIN_REFUSED');
    expect((await user.get('/api/session')).status).toBe(200);
  });

  it('answers the health check without a session', async () => {
    const response = await server.anonymous().get('/api/health');
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('ok');
    // One instance: the database is its only dependency, and Redis is not reported.
    expect(response.body.dependencies).toEqual({ database: 'up' });
  });
});
