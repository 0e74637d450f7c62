import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../db/schema/index';
import type { AuthorisationList, GrantedAuthorisation } from '../../shared/index';
import { LOGIN_CHALLENGE_COOKIE } from '../services/second-factor';
import { SESSION_COOKIE } from '../services/sessions';
import { TEST_PASSWORD, startTestServer, type TestClient, type TestServer } from '../testing/harness';
import { lastAuditRow } from '../testing/audit-rows';
import { cookieSet, totpCode } from '../testing/second-factor';

/**
 * A second factor for every local account (BIO: strong authentication; art. 15.2d logical access control): the
 * password alone opens no session, except for a demo account in demo mode.
 */
describe('second factor', () => {
  let server: TestServer;
  let admin: TestClient;
  let granted: GrantedAuthorisation;
  const USERNAME = 'jeugdagent.zuid';

  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.login('beheerder');
    const list = (await admin.get<AuthorisationList>('/api/authorisations')).body;
    const police = list.organisations.find((o) => /Politie/.test(o.name))!;
    granted = (
      await admin.post<GrantedAuthorisation>('/api/authorisations', {
        username: USERNAME,
        displayName: 'Sem Jacobs',
        organisationId: police.id,
        role: 'member',
        capacity: 'jeugdagent',
      })
    ).body;
  });
  afterAll(async () => {
    await server.close();
  });

  /** The password step: answers what comes next and the login cookie, never a session. */
  async function password(username = USERNAME, secret = granted.initialPassword) {
    const response = await server.anonymous().post('/api/session', { username, password: secret });
    expect(response.status).toBe(200);
    expect(cookieSet(response.headers, SESSION_COOKIE)).toBeNull();
    const challenge = cookieSet(response.headers, LOGIN_CHALLENGE_COOKIE);
    expect(challenge).not.toBeNull();
    return { next: (response.body as { next: string }).next, challenge: challenge! };
  }
  const withCookie = (cookie: string) => {
    const client = server.anonymous();
    const request: TestClient['request'] = (method, path, body, headers = {}) =>
      client.request(method, path, body, { ...headers, cookie });
    return {
      get: (path: string) => request('GET', path),
      post: <T = any>(path: string, body?: unknown) => request<T>('POST', path, body),
    };
  };

  let secret = '';
  let enrolledAt = 0;
  let recoveryCodes: string[] = [];

  it('enrols an authenticator app at the first login, and only then opens a session', async () => {
    const first = await password();
    expect(first.next).toBe('enrol');
    const halfway = withCookie(first.challenge);
    // The login cookie is no session.
    expect((await halfway.get('/api/session')).status).toBe(401);
    const offer = await halfway.post<{ secret: string; uri: string; qrSvg: string }>(
      '/api/session/enrolment',
    );
    expect(offer.status).toBe(200);
    expect(offer.body.uri).toMatch(/^otpauth:\/\/totp\/Casustafel:jeugdagent\.zuid\?/);
    expect(offer.body.qrSvg).toMatch(/^<svg/);
    secret = offer.body.secret;

    const wrong = await halfway.post('/api/session/enrolment/confirm', { code: '000000' });
    expect(wrong.status).toBe(401);
    expect(await lastAuditRow(server, { action: 'login' })).toMatchObject({
      result: 'denied',
      rule: 'art. 15.2d: second factor enrolment',
    });

    enrolledAt = Date.now();
    const done = await halfway.post<{ recoveryCodes: string[] }>('/api/session/enrolment/confirm', {
      code: totpCode(secret, enrolledAt),
    });
    expect(done.status).toBe(200);
    recoveryCodes = done.body.recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const session = cookieSet(done.headers, SESSION_COOKIE);
    expect((await withCookie(session!).get('/api/session')).status).toBe(200);
    expect(await lastAuditRow(server, { action: 'login' })).toMatchObject({
      result: 'allowed',
      rule: 'art. 15.2d: second factor enrolled',
    });
    // Kept only as hashes: no recovery code in the clear anywhere in the database.
    const dump = JSON.stringify(await server.database.db.execute('select * from recovery_codes'));
    for (const code of recoveryCodes) expect(dump).not.toContain(code);
  });

  it('asks the code after the password; a code is good once, a recovery code too', async () => {
    const login = await password();
    expect(login.next).toBe('second-factor');
    const halfway = withCookie(login.challenge);
    // The code enrolment used is spent (a code read off someone's screen cannot be replayed).
    expect(
      (await halfway.post('/api/session/second-factor', { code: totpCode(secret, enrolledAt) })).status,
    ).toBe(401);
    const next = await halfway.post('/api/session/second-factor', {
      code: totpCode(secret, Date.now() + 30_000),
    });
    expect(next.status).toBe(200);
    expect(await lastAuditRow(server, { action: 'login' })).toMatchObject({
      result: 'allowed',
      rule: 'art. 15.2d: second factor',
    });
    // The login cookie is spent with it.
    expect((await halfway.post('/api/session/second-factor', { code: recoveryCodes[0]! })).status).toBe(401);

    const again = withCookie((await password()).challenge);
    const recovery = await again.post('/api/session/second-factor', {
      code: recoveryCodes[0]!.toUpperCase(),
    });
    expect(recovery.status).toBe(200);
    expect(await lastAuditRow(server, { action: 'login' })).toMatchObject({
      result: 'allowed',
      rule: 'art. 15.2d: recovery code',
    });
    const reused = withCookie((await password()).challenge);
    expect((await reused.post('/api/session/second-factor', { code: recoveryCodes[0]! })).status).toBe(401);
  });

  it('ends the login after five wrong codes, even before a right one', async () => {
    const halfway = withCookie((await password()).challenge);
    for (let i = 0; i < 5; i++)
      expect((await halfway.post('/api/session/second-factor', { code: `11111${i}` })).status).toBe(401);
    expect((await halfway.post('/api/session/second-factor', { code: recoveryCodes[1]! })).status).toBe(401);
    expect(await lastAuditRow(server, { action: 'login' })).toMatchObject({ result: 'denied' });
  });

  it('lets the administrator reset it: the user is out, and enrols anew at the next login', async () => {
    const user = withCookie(
      cookieSet(
        (
          await withCookie((await password()).challenge).post('/api/session/second-factor', {
            code: recoveryCodes[2]!,
          })
        ).headers,
        SESSION_COOKIE,
      )!,
    );
    expect((await user.get('/api/session')).status).toBe(200);
    const id = granted.authorisation.membershipId;
    // Only the administrator may.
    expect(
      (await (await server.login('uitvoerder')).post(`/api/authorisations/${id}/second-factor/reset`, {}))
        .status,
    ).toBe(403);
    expect((await admin.post(`/api/authorisations/${id}/second-factor/reset`, {})).status).toBe(204);
    expect((await user.get('/api/session')).status).toBe(401);
    expect((await password()).next).toBe('enrol');
    const [row] = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.objectId, id), eq(auditLog.rule, 'art. 15.2c: second factor reset')));
    expect(row).toMatchObject({ result: 'allowed', action: 'update' });
  });

  it('lets a demo account in with the password alone in demo mode only', async () => {
    expect(
      (await server.anonymous().post('/api/session', { username: 'om', password: TEST_PASSWORD })).body,
    ).toHaveProperty('me');
    const production = await startTestServer({ DEMO: '0' });
    try {
      const response = await production
        .anonymous()
        .post('/api/session', { username: 'om', password: TEST_PASSWORD });
      expect(response.body).toEqual({ next: 'enrol', methods: [] });
      expect(cookieSet(response.headers, SESSION_COOKIE)).toBeNull();
    } finally {
      await production.close();
    }
  });

  it('a login halfway does not survive a password change, nor the administrator ending the sessions', async () => {
    // After the reset above the account enrols anew: a session, and recovery codes.
    const first = withCookie((await password()).challenge);
    const offer = await first.post<{ secret: string }>('/api/session/enrolment');
    const enrolled = await first.post<{ recoveryCodes: string[] }>('/api/session/enrolment/confirm', {
      code: totpCode(offer.body.secret),
    });
    const codes = enrolled.body.recoveryCodes;
    const user = withCookie(cookieSet(enrolled.headers, SESSION_COOKIE)!);

    // Someone else gave the old password and waits for the code; the owner changes the password meanwhile.
    const halfway = withCookie((await password()).challenge);
    const NEW_PASSWORD = 'een-nieuw-wachtwoord-jeugd';
    const changed = await user.post('/api/session/password', {
      currentPassword: granted.initialPassword,
      newPassword: NEW_PASSWORD,
    });
    expect(changed.status).toBe(200);
    expect((await halfway.post('/api/session/second-factor', { code: codes[0]! })).status).toBe(401);

    // The same when the administrator ends the user's sessions.
    const again = withCookie((await password(USERNAME, NEW_PASSWORD)).challenge);
    const id = granted.authorisation.membershipId;
    expect((await admin.post(`/api/authorisations/${id}/sessions/end`, {})).status).toBe(200);
    expect((await again.post('/api/session/second-factor', { code: codes[1]! })).status).toBe(401);
    expect((await user.get('/api/session')).status).toBe(401);
  });
});
