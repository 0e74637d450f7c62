import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { generateKeyPair } from 'jose';
import { oidcSessions, sessions } from '../../db/schema/index';
import { CloseCode, docName } from '../../shared/index';
import { newWeighingItem, startTestServer, type TestClient, type TestServer } from '../testing/harness';
import { lastAuditRow } from '../testing/audit-rows';
import { connectDoc, controlClients, until } from '../testing/live-clients';
import { browseLogin, startTestProvider, type TestProvider } from '../testing/oidc-provider';
import { cookieSet } from '../testing/second-factor';
import { SESSION_COOKIE, tokenHash } from '../services/sessions';

/**
 * Login via a partner organisation's OpenID provider (BIO strong authentication; NL GOV Assurance profile for
 * OpenID Connect) against a real provider in this process, and its back-channel logout (art. 15.2d).
 */
describe('login via the identity provider of the organisation', { timeout: 60_000 }, () => {
  let server: TestServer;
  let provider: TestProvider;
  let admin: TestClient;
  let organisationId: string;
  let membershipId: string;
  let providerId: string;
  const logs: string[] = [];
  const control = controlClients(() => server);

  beforeAll(async () => {
    server = await startTestServer({ LOG_LEVEL: 'info' }, logs);
    provider = await startTestProvider(`${server.url}/api/login/oidc/callback`);
    admin = await server.login('beheerder');
    const list = await admin.get<{
      authorisations: { username: string; membershipId: string; organisation: { id: string } }[];
    }>('/api/authorisations');
    const municipality = list.body.authorisations.find((a) => a.username === 'gemeente')!;
    organisationId = municipality.organisation.id;
    membershipId = municipality.membershipId;
    const configured = await admin.request('PUT', '/api/oidc-providers', {
      organisationId,
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientAuth: 'client_secret_basic',
      credential: provider.clientSecret,
    });
    expect(configured.status).toBe(200);
    providerId = configured.body.id;
    const linked = await admin.post(`/api/oidc-providers/${providerId}/identities`, {
      subject: 'medewerker-1',
      membershipId,
    });
    expect(linked.status).toBe(201);
  });
  afterAll(async () => {
    await server?.close();
    await provider?.close();
  });

  const login = () => browseLogin(server.url, `/api/login/oidc/${organisationId}/start`);
  const sessionOf = (result: { cookies: string[] }) => {
    const headers = new Headers();
    for (const line of result.cookies) headers.append('set-cookie', line);
    return cookieSet(headers, SESSION_COOKIE);
  };
  const withCookie = (cookie: string) => ({
    get: (path: string) => fetch(server.url + path, { headers: { cookie } }),
  });

  it('never returns the client secret, nor logs it, and only the administrator configures it', async () => {
    const listed = await admin.get('/api/oidc-providers');
    expect(listed.status).toBe(200);
    expect(listed.body.providers[0]).toMatchObject({ issuer: provider.issuer, clientId: provider.clientId });
    expect(listed.text).not.toContain(provider.clientSecret);
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.join('\n')).not.toContain(provider.clientSecret);
    const municipality = await server.login('gemeente');
    expect((await municipality.get('/api/oidc-providers')).status).toBe(403);
    const refused = await municipality.request('PUT', '/api/oidc-providers', {
      organisationId,
      issuer: provider.issuer,
      clientId: 'x',
      clientAuth: 'client_secret_basic',
      credential: 'y',
    });
    expect(refused.status).toBe(403);
  });

  it('refuses a private key that is not a private JWK', async () => {
    const bad = await admin.request('PUT', '/api/oidc-providers', {
      organisationId,
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientAuth: 'private_key_jwt',
      credential: '{"kty":"RSA"}',
    });
    expect(bad.status).toBe(400);
  });

  it('opens a session with the code flow, without the local second factor', async () => {
    const result = await login();
    expect(result.status).toBe(303);
    expect(result.location).toBe('/');
    const cookie = sessionOf(result);
    expect(cookie).not.toBeNull();
    const me = await withCookie(cookie!).get('/api/session');
    expect(me.status).toBe(200);
    expect(((await me.json()) as { me: { organisation: { id: string } } }).me).toBeTruthy();
    expect(await lastAuditRow(server, { action: 'login' })).toMatchObject({ result: 'allowed' });
  });

  it('refuses a login below the acr level the covenant requires', async () => {
    const municipality = await server.login('gemeente');
    expect((await municipality.request('PUT', '/api/oidc-providers/acr', { requiredAcr: [] })).status).toBe(
      403,
    );
    const set = await admin.request('PUT', '/api/oidc-providers/acr', { requiredAcr: ['urn:test:high'] });
    expect(set.status).toBe(200);
    expect((await admin.get('/api/oidc-providers')).body.requiredAcr).toEqual(['urn:test:high']);
    try {
      const refused = await login();
      expect(refused.location).toBe('/inloggen?oidc=acr');
      expect(sessionOf(refused)).toBeNull();
      expect(await lastAuditRow(server, { action: 'login' })).toMatchObject({ result: 'denied' });
      provider.next.acr = 'urn:test:high';
      const accepted = await login();
      expect(sessionOf(accepted)).not.toBeNull();
    } finally {
      provider.next.acr = 'urn:test:substantial';
      await admin.request('PUT', '/api/oidc-providers/acr', { requiredAcr: [] });
    }
  });

  it('refuses an identity the administrator did not link, and audits it as a denied login', async () => {
    provider.next.accountId = 'onbekend';
    try {
      const refused = await login();
      expect(refused.location).toBe('/inloggen?oidc=unlinked');
      expect(sessionOf(refused)).toBeNull();
      expect(await lastAuditRow(server, { action: 'login' })).toMatchObject({
        result: 'denied',
        rule: 'art. 15.2c',
        userId: null,
      });
    } finally {
      provider.next.accountId = 'medewerker-1';
    }
  });

  it.each([
    [
      'a nonce other than the one this login sent',
      { claims: (c: Record<string, unknown>) => ({ ...c, nonce: 'vervalst' }) },
    ],
    ['another audience', { claims: (c: Record<string, unknown>) => ({ ...c, aud: 'een-andere-client' }) }],
    [
      'an expired token',
      {
        claims: (c: Record<string, unknown>) => ({
          ...c,
          iat: Math.floor(Date.now() / 1000) - 7200,
          exp: Math.floor(Date.now() / 1000) - 3600,
        }),
      },
    ],
    ['another issuer', { claims: (c: Record<string, unknown>) => ({ ...c, iss: 'https://elders.example' }) }],
    ['a signature by another key', { sign: 'other' as const }],
    ['no signature at all (alg none)', { sign: 'none' as const }],
  ])('refuses an ID token with %s, and opens no session', async (_what, tamper) => {
    provider.tamper = tamper;
    try {
      const refused = await login();
      expect(refused.location).toMatch(/^\/inloggen\?oidc=/);
      expect(sessionOf(refused)).toBeNull();
      expect(await lastAuditRow(server, { action: 'login' })).toMatchObject({ result: 'denied' });
    } finally {
      provider.tamper = null;
    }
    // The same login with the provider's own token goes through.
    expect(sessionOf(await login())).not.toBeNull();
  });

  it('refuses a tampered state', async () => {
    const refused = await browseLogin(server.url, `/api/login/oidc/${organisationId}/start`, (callback) => {
      callback.searchParams.set('state', 'vervalst');
      return callback;
    });
    expect(refused.location).toBe('/inloggen?oidc=invalid');
    expect(sessionOf(refused)).toBeNull();
    expect(await lastAuditRow(server, { action: 'login' })).toMatchObject({ result: 'denied' });
  });

  it('refuses a callback without the login started in this browser', async () => {
    const response = await fetch(`${server.url}/api/login/oidc/callback?code=x&state=y`, {
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/inloggen?oidc=expired');
  });

  it('logs in with private_key_jwt client authentication, the private key never returned', async () => {
    const list = await admin.get<{
      authorisations: { username: string; membershipId: string; organisation: { id: string } }[];
    }>('/api/authorisations');
    const police = list.body.authorisations.find((a) => a.username === 'politie')!;
    const privateKey = JSON.stringify(provider.keyClient.privateJwk);
    const configured = await admin.request('PUT', '/api/oidc-providers', {
      organisationId: police.organisation.id,
      issuer: provider.issuer,
      clientId: provider.keyClient.clientId,
      clientAuth: 'private_key_jwt',
      credential: privateKey,
    });
    expect(configured.status).toBe(200);
    expect(configured.text).not.toContain(String(provider.keyClient.privateJwk.d));
    const listed = await admin.get('/api/oidc-providers');
    expect(listed.text).not.toContain(String(provider.keyClient.privateJwk.d));
    await admin.post(`/api/oidc-providers/${configured.body.id}/identities`, {
      subject: 'agent-1',
      membershipId: police.membershipId,
    });
    provider.next.accountId = 'agent-1';
    try {
      const result = await browseLogin(server.url, `/api/login/oidc/${police.organisation.id}/start`);
      expect(result.location).toBe('/');
      const me = await withCookie(sessionOf(result)!).get('/api/session');
      expect(((await me.json()) as { me: { membershipId: string } }).me.membershipId).toBe(
        police.membershipId,
      );
    } finally {
      provider.next.accountId = 'medewerker-1';
    }
  });

  it('links an identity only to an active membership of the provider organisation', async () => {
    const list = await admin.get<{
      authorisations: { membershipId: string; organisation: { id: string } }[];
    }>('/api/authorisations');
    const elsewhere = list.body.authorisations.find((a) => a.organisation.id !== organisationId)!;
    const refused = await admin.post(`/api/oidc-providers/${providerId}/identities`, {
      subject: 'iemand',
      membershipId: elsewhere.membershipId,
    });
    expect(refused.status).toBe(400);
    const twice = await admin.post(`/api/oidc-providers/${providerId}/identities`, {
      subject: 'medewerker-1',
      membershipId,
    });
    expect(twice.status).toBe(409);
  });

  it('ends the sessions an identity opened when the administrator unlinks it', async () => {
    const cookie = sessionOf(await login())!;
    const listed = await admin.get<{
      providers: { id: string; identities: { id: string; subject: string }[] }[];
    }>('/api/oidc-providers');
    const identity = listed.body.providers
      .find((p) => p.id === providerId)!
      .identities.find((i) => i.subject === 'medewerker-1')!;
    const unlinked = await admin.request(
      'DELETE',
      `/api/oidc-providers/${providerId}/identities/${identity.id}`,
    );
    expect(unlinked.status).toBe(200);
    expect((await withCookie(cookie).get('/api/session')).status).toBe(401);
    expect((await login()).location).toBe('/inloggen?oidc=unlinked');
    const relinked = await admin.post(`/api/oidc-providers/${providerId}/identities`, {
      subject: 'medewerker-1',
      membershipId,
    });
    expect(relinked.status).toBe(201);
  });

  describe('step-up at the identity provider', () => {
    const stepUpStatus = async (cookie: string) =>
      (await (await withCookie(cookie).get('/api/session/step-up')).json()) as {
        validUntil: string | null;
        via: string;
      };
    /** A session opened at the provider, its last authentication eleven minutes ago. */
    async function agedSession() {
      const cookie = sessionOf(await login())!;
      await server.database.db
        .update(sessions)
        .set({ createdAt: new Date(Date.now() - 11 * 60_000), authenticatedAt: null })
        .where(eq(sessions.tokenHash, tokenHash(cookie.split('=')[1]!)));
      return cookie;
    }

    it('confirms the session by a fresh login of the same person there (art. 15.2d)', async () => {
      const cookie = await agedSession();
      expect(await stepUpStatus(cookie)).toEqual({ validUntil: null, via: 'identity-provider' });
      // The provider is asked to authenticate the person again, not to rely on its own single sign-on.
      const start = await fetch(`${server.url}/api/login/oidc/step-up?return=/toezicht`, {
        headers: { cookie },
        redirect: 'manual',
      });
      expect(start.status).toBe(302);
      const authorize = new URL(start.headers.get('location')!);
      expect(authorize.searchParams.get('prompt')).toBe('login');
      expect(authorize.searchParams.get('max_age')).toBe('0');

      const back = await browseLogin(
        server.url,
        '/api/login/oidc/step-up?return=/toezicht',
        undefined,
        cookie,
      );
      expect(back).toMatchObject({ status: 303, location: '/toezicht?stap=bevestigd' });
      // No new session: the same one is confirmed.
      expect(sessionOf(back)).toBeNull();
      expect((await stepUpStatus(cookie)).validUntil).not.toBeNull();
      expect(await lastAuditRow(server, { action: 'login' })).toMatchObject({
        result: 'allowed',
        rule: 'art. 15.2d: step-up',
      });
    });

    it('refuses an authentication from before the step-up, and another person', async () => {
      const cookie = await agedSession();
      provider.tamper = {
        claims: (claims) => ({ ...claims, auth_time: Math.floor(Date.now() / 1000) - 3600 }),
      };
      try {
        const stale = await browseLogin(server.url, '/api/login/oidc/step-up?return=/', undefined, cookie);
        expect(stale.location).toBe('/?stap=geweigerd');
      } finally {
        provider.tamper = null;
      }
      expect(await lastAuditRow(server, { action: 'login' })).toMatchObject({
        result: 'denied',
        rule: 'art. 15.2d: step-up',
      });
      provider.next.accountId = 'medewerker-onbekend';
      try {
        const other = await browseLogin(server.url, '/api/login/oidc/step-up?return=/', undefined, cookie);
        expect(other.location).toBe('/inloggen?oidc=unlinked');
      } finally {
        provider.next.accountId = 'medewerker-1';
      }
      expect((await stepUpStatus(cookie)).validUntil).toBeNull();
    });

    it('sends a session of a local account to its password, and a foreign return address home', async () => {
      const local = await server.login('gemeente');
      const refused = await local.get<{ error: { code: string } }>('/api/login/oidc/step-up');
      expect(refused.status).toBe(409);
      expect((await local.get<{ via: string }>('/api/session/step-up')).body.via).toBe('password');
      const cookie = await agedSession();
      const back = await browseLogin(
        server.url,
        `/api/login/oidc/step-up?return=${encodeURIComponent('//evil.example/x')}`,
        undefined,
        cookie,
      );
      expect(back.location).toBe('/?stap=bevestigd');
    });
  });

  describe('back-channel logout', () => {
    const backchannel = (token: string) =>
      fetch(`${server.url}/api/login/oidc/backchannel-logout`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ logout_token: token }).toString(),
      });
    const alive = async (cookie: string) => (await withCookie(cookie).get('/api/session')).status === 200;

    it('ends the sessions of the person and closes their live connections', async () => {
      const cookie = sessionOf(await login())!;
      const item = await newWeighingItem(server, 'Terugkanaal-Subject');
      const user = { cookie } as TestClient;
      const doc = connectDoc(
        server,
        user,
        docName({ meetingId: item.meetingId, itemId: item.itemId, compartment: 'notes' }),
      );
      // And the meeting control (socket.io) of the same session.
      const socket = control.connect(user);
      const ended = new Promise<{ reason: string }>((resolve) => socket.on('session:ended', resolve));
      try {
        await until(() => doc.provider.synced, 'notes open');
        expect(await control.call(socket, 'meeting:join', { meetingId: item.meetingId })).toMatchObject({
          ok: true,
        });
        const response = await backchannel(await provider.logoutToken({ sub: 'medewerker-1' }));
        expect(response.status).toBe(200);
        expect(await alive(cookie)).toBe(false);
        await until(() => doc.closed.codes.length > 0, 'document closed');
        expect(doc.closed.codes[0]).toBe(CloseCode.NotAuthenticated);
        expect(await ended).toMatchObject({ reason: expect.any(String) as string });
        await until(() => !socket.connected, 'meeting control disconnected');
      } finally {
        doc.provider.destroy();
        control.disconnectAll();
      }
    });

    it('ends just the one session a logout by sid names', async () => {
      const first = sessionOf(await login())!;
      const second = sessionOf(await login())!;
      const [row] = await server.database.db
        .select({ sid: oidcSessions.sid })
        .from(oidcSessions)
        .where(eq(oidcSessions.sessionId, tokenHash(first.split('=')[1]!)));
      expect(row?.sid).toBeTruthy();
      expect((await backchannel(await provider.logoutToken({ sid: row!.sid }))).status).toBe(200);
      expect(await alive(first)).toBe(false);
      expect(await alive(second)).toBe(true);
    });

    it('refuses an invalid logout token with 400 and ends nothing', async () => {
      const cookie = sessionOf(await login())!;
      const { privateKey: stranger } = await generateKeyPair('RS256');
      const invalid = [
        await provider.logoutToken({ sub: 'medewerker-1' }, { key: stranger }),
        await provider.logoutToken({ sub: 'medewerker-1', aud: 'iemand-anders' }),
        await provider.logoutToken({ sub: 'medewerker-1', nonce: 'n' }),
        await provider.logoutToken({ sub: 'medewerker-1', events: { other: {} } }),
        await provider.logoutToken({ events: undefined, sub: 'medewerker-1' }),
        await provider.logoutToken({}),
        'geen-jwt',
      ];
      for (const token of invalid) expect((await backchannel(token)).status).toBe(400);
      expect(await alive(cookie)).toBe(true);

      const replayed = await provider.logoutToken({ sub: 'nog-niemand', jti: 'eenmalig' });
      expect((await backchannel(replayed)).status).toBe(200);
      const again = await provider.logoutToken({ sub: 'medewerker-1', jti: 'eenmalig' });
      expect((await backchannel(again)).status).toBe(400);
      expect(await alive(cookie)).toBe(true);
      const [session] = await server.database.db
        .select({ endedAt: sessions.endedAt })
        .from(sessions)
        .where(eq(sessions.tokenHash, tokenHash(cookie.split('=')[1]!)));
      expect(session?.endedAt).toBeNull();
    });
  });
});
