import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desc, eq, sql } from 'drizzle-orm';
import { auditLog, passkeys } from '../../db/schema/index';
import type { AuthorisationList, GrantedAuthorisation } from '../../shared/index';
import { LOGIN_CHALLENGE_COOKIE } from '../services/second-factor';
import { SESSION_COOKIE } from '../services/sessions';
import { startTestServer, type TestServer } from '../testing/harness';
import { lastAuditRow } from '../testing/audit-rows';
import { cookieSet } from '../testing/second-factor';
import { SoftwareAuthenticator, type Tampering } from '../testing/software-authenticator';

interface Options {
  challenge: string;
  rp?: { id: string };
  rpId?: string;
  allowCredentials?: { id: string }[];
  authenticatorSelection?: { userVerification?: string };
  userVerification?: string;
}

/**
 * Passkeys, the main second factor of a local account (BIO: strong authentication; convenant art. 15.2d): made at
 * the first login, asked after the password at every later one, and good for a step-up. Each check is tested by
 * an authenticator in software that breaks one thing at a time.
 */
describe('passkeys', () => {
  let server: TestServer;
  let origin = '';
  const accounts = new Map<string, GrantedAuthorisation>();
  let key: SoftwareAuthenticator;
  let recoveryCodes: string[] = [];

  async function grant(username: string) {
    const admin = await server.login('beheerder');
    const list = (await admin.get<AuthorisationList>('/api/authorisations')).body;
    const police = list.organisations.find((o) => /Politie/.test(o.name))!;
    const granted = (
      await admin.post<GrantedAuthorisation>('/api/authorisations', {
        username,
        displayName: `Wijkagent ${username}`,
        organisationId: police.id,
        role: 'member',
        capacity: 'wijkagent',
      })
    ).body;
    accounts.set(username, granted);
  }

  beforeAll(async () => {
    server = await startTestServer();
    origin = server.url;
    await grant('wijkagent.passkey');
    await grant('wijkagent.ander');
  });
  afterAll(async () => {
    await server.close();
  });

  /** A browser at `from`: the Origin header it sends on every request, and the login or session cookie. */
  function browser(cookie: string | null, from: string | null = origin) {
    const client = server.anonymous();
    const headers = { ...(from ? { origin: from } : {}), ...(cookie ? { cookie } : {}) };
    return {
      post: <T = any>(path: string, body?: unknown) => client.request<T>('POST', path, body ?? {}, headers),
      get: <T = any>(path: string) => client.request<T>('GET', path, undefined, headers),
      request: <T = any>(method: string, path: string) => client.request<T>(method, path, undefined, headers),
    };
  }

  /** The password step; answers what comes next, and a browser holding the login cookie. */
  async function password(username = 'wijkagent.passkey') {
    const response = await browser(null).post<{ next: string; methods: string[] }>('/api/session', {
      username,
      password: accounts.get(username)!.initialPassword,
    });
    expect(response.status).toBe(200);
    expect(cookieSet(response.headers, SESSION_COOKIE)).toBeNull();
    const cookie = cookieSet(response.headers, LOGIN_CHALLENGE_COOKIE);
    return { body: response.body, cookie, halfway: browser(cookie) };
  }

  async function enrol(username: string, authenticator: SoftwareAuthenticator) {
    const { halfway } = await password(username);
    const options = await halfway.post<Options>('/api/session/enrolment/passkey/options');
    return halfway.post<{ recoveryCodes: string[] }>('/api/session/enrolment/passkey', {
      credential: authenticator.register(options.body),
    });
  }

  it('makes a passkey at the first login: for this server, with the person verified, and opens a session', async () => {
    const { body, halfway } = await password();
    expect(body).toEqual({ next: 'enrol', methods: [] });
    const options = await halfway.post<Options>('/api/session/enrolment/passkey/options');
    expect(options.status).toBe(200);
    expect(options.body.rp?.id).toBe('127.0.0.1');
    expect(options.body.authenticatorSelection?.userVerification).toBe('required');
    key = new SoftwareAuthenticator(origin);

    // A touch without PIN or biometrics is not enough, and the challenge is good once.
    const unverified = await halfway.post('/api/session/enrolment/passkey', {
      credential: key.register(options.body, { unverified: true }),
    });
    expect(unverified.status).toBe(401);
    expect(await lastAuditRow(server, { action: 'login' })).toMatchObject({
      result: 'denied',
      rule: 'art. 15.2d: passkey enrolment',
    });
    expect(
      (await halfway.post('/api/session/enrolment/passkey', { credential: key.register(options.body) }))
        .status,
    ).toBe(409);

    const again = await halfway.post<Options>('/api/session/enrolment/passkey/options');
    const done = await halfway.post<{ recoveryCodes: string[] }>('/api/session/enrolment/passkey', {
      credential: key.register(again.body),
    });
    expect(done.status).toBe(200);
    recoveryCodes = done.body.recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    expect((await browser(cookieSet(done.headers, SESSION_COOKIE)).get('/api/session')).status).toBe(200);
    expect(await lastAuditRow(server, { action: 'login' })).toMatchObject({
      result: 'allowed',
      rule: 'art. 15.2d: passkey enrolled',
    });
    // Only the public key is kept, with the RP ID it works for.
    const [stored] = await server.database.db
      .select()
      .from(passkeys)
      .where(eq(passkeys.id, key.register(again.body).id));
    expect(stored).toMatchObject({ rpId: '127.0.0.1', counter: 0 });
  });

  it('asks the passkey after the password; no session from the password alone', async () => {
    const { body, halfway } = await password();
    expect(body).toEqual({ next: 'second-factor', methods: ['passkey'] });
    expect((await halfway.get('/api/session')).status).toBe(401);
    const options = await halfway.post<Options>('/api/session/passkey/options');
    expect(options.body.allowCredentials?.map((c) => c.id)).toEqual([key.credentialId.toString('base64url')]);
    expect(options.body.userVerification).toBe('required');
    const answer = key.assert(options.body);
    const done = await halfway.post('/api/session/passkey', { credential: answer });
    expect(done.status).toBe(200);
    expect(cookieSet(done.headers, SESSION_COOKIE)).not.toBeNull();
    expect(await lastAuditRow(server, { action: 'login' })).toMatchObject({
      result: 'allowed',
      rule: 'art. 15.2d: passkey',
    });

    // The same answer again, at a new login: its challenge is spent, a copy of it opens nothing.
    const replay = await password();
    await replay.halfway.post<Options>('/api/session/passkey/options');
    expect((await replay.halfway.post('/api/session/passkey', { credential: answer })).status).toBe(401);
    const fresh = await replay.halfway.post<Options>('/api/session/passkey/options');
    expect(
      (await replay.halfway.post('/api/session/passkey', { credential: key.assert(fresh.body) })).status,
    ).toBe(200);
  });

  it.each<[string, Tampering]>([
    ['another origin in the client data (a phishing page)', { origin: 'https://casustafel.example.org' }],
    ['another relying party', { rpId: 'casustafel.example.org' }],
    ['no user verification', { unverified: true }],
    ['a signature by another key', { otherKey: true }],
    ['a counter that went back (a cloned authenticator)', { counter: 1 }],
  ])('refuses %s, and audits it', async (_name, tampering) => {
    const { halfway } = await password();
    const options = await halfway.post<Options>('/api/session/passkey/options');
    const refused = await halfway.post('/api/session/passkey', {
      credential: key.assert(options.body, tampering),
    });
    expect(refused.status).toBe(401);
    expect(cookieSet(refused.headers, SESSION_COOKIE)).toBeNull();
    expect(await lastAuditRow(server, { action: 'login' })).toMatchObject({
      result: 'denied',
      rule: 'art. 15.2d: passkey',
    });
    // The login goes on with a right answer (fewer than five wrong ones).
    const again = await halfway.post<Options>('/api/session/passkey/options');
    expect((await halfway.post('/api/session/passkey', { credential: key.assert(again.body) })).status).toBe(
      200,
    );
  });

  it('refuses a passkey of another account, and a ceremony from a page that is not this server', async () => {
    const other = new SoftwareAuthenticator(origin);
    expect((await enrol('wijkagent.ander', other)).status).toBe(200);
    const { halfway } = await password();
    const options = await halfway.post<Options>('/api/session/passkey/options');
    expect(
      (await halfway.post('/api/session/passkey', { credential: other.assert(options.body) })).status,
    ).toBe(401);

    const elsewhere = await password();
    const cookie = elsewhere.halfway;
    void cookie;
    const foreign = await browser(null, 'https://casustafel.example.org').post(
      '/api/session/passkey/options',
    );
    expect([400, 403]).toContain(foreign.status);
  });

  it('ends the login after five wrong answers', async () => {
    const { halfway } = await password();
    for (let i = 0; i < 5; i++) {
      const options = await halfway.post<Options>('/api/session/passkey/options');
      expect(
        (
          await halfway.post('/api/session/passkey', {
            credential: key.assert(options.body, { otherKey: true }),
          })
        ).status,
      ).toBe(401);
    }
    expect((await halfway.post('/api/session/passkey/options')).status).toBe(401);
  });

  it('takes a recovery code for a lost passkey', async () => {
    const { halfway } = await password();
    const done = await halfway.post('/api/session/second-factor', { code: recoveryCodes[0]! });
    expect(done.status).toBe(200);
    expect(await lastAuditRow(server, { action: 'login' })).toMatchObject({
      result: 'allowed',
      rule: 'art. 15.2d: recovery code',
    });
  });

  it('confirms a step-up with the password and the passkey, each challenge once', async () => {
    const { halfway } = await password();
    const options = await halfway.post<Options>('/api/session/passkey/options');
    const login = await halfway.post('/api/session/passkey', { credential: key.assert(options.body) });
    const user = browser(cookieSet(login.headers, SESSION_COOKIE));
    const secret = accounts.get('wijkagent.passkey')!.initialPassword;

    // Without a second factor the password alone is not enough for this account.
    expect((await user.post('/api/session/step-up', { password: secret })).status).toBe(400);
    const challenge = await user.post<Options>('/api/session/step-up/passkey');
    expect(challenge.status).toBe(200);
    const answer = key.assert(challenge.body);
    const confirmed = await user.post<{ validUntil: string }>('/api/session/step-up', {
      password: secret,
      passkey: answer,
    });
    expect(confirmed.status).toBe(200);
    expect(Date.parse(confirmed.body.validUntil)).toBeGreaterThan(Date.now());
    expect((await user.post('/api/session/step-up', { password: secret, passkey: answer })).status).toBe(403);
    const [row] = await server.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.rule, 'art. 15.2d: step-up'))
      .orderBy(desc(auditLog.seq))
      .limit(1);
    expect(row).toMatchObject({ result: 'denied' });
  });

  it('goes with the administrator resetting the second factor: the next login makes a new one', async () => {
    const admin = await server.login('beheerder');
    const id = accounts.get('wijkagent.passkey')!.authorisation.membershipId;
    expect((await admin.post(`/api/authorisations/${id}/second-factor/reset`, {})).status).toBe(204);
    const rows = await server.database.db
      .select()
      .from(passkeys)
      .where(eq(passkeys.id, key.credentialId.toString('base64url')));
    expect(rows).toEqual([]);
    expect((await password()).body).toEqual({ next: 'enrol', methods: [] });
  });

  describe('own passkeys, after login', () => {
    it('adds a passkey to an account with the app after a recent login, and removes it again', async () => {
      await grant('wijkagent.app');
      const user = await server.loginWith('wijkagent.app', accounts.get('wijkagent.app')!.initialPassword);
      const call = <T = any>(method: string, path: string, body?: unknown) =>
        user.request<T>(method, path, body ?? (method === 'POST' ? {} : undefined), { origin });
      const options = await call<Options>('POST', '/api/account/passkeys/options');
      expect(options.status).toBe(200);
      const added = new SoftwareAuthenticator(origin);
      // Only a registration the person verified on the authenticator, and the challenge once.
      expect(
        (
          await call('POST', '/api/account/passkeys', {
            credential: added.register(options.body, { unverified: true }),
          })
        ).status,
      ).toBe(401);
      expect(
        (await call('POST', '/api/account/passkeys', { credential: added.register(options.body) })).status,
      ).toBe(409);
      const again = await call<Options>('POST', '/api/account/passkeys/options');
      expect(
        (await call('POST', '/api/account/passkeys', { credential: added.register(again.body) })).status,
      ).toBe(204);
      const list = await call<{ passkeys: { id: string; lastUsedAt: string | null }[] }>(
        'GET',
        '/api/account/passkeys',
      );
      expect(list.body.passkeys).toEqual([
        expect.objectContaining({ id: added.credentialId.toString('base64url'), lastUsedAt: null }),
      ]);
      expect(JSON.stringify(list.body)).not.toContain('publicKey');
      expect(await lastAuditRow(server, { rule: 'art. 15.2d: passkey added' })).toMatchObject({
        result: 'allowed',
      });
      // The next login offers the passkey first, the app still as fallback.
      expect((await password('wijkagent.app')).body).toEqual({
        next: 'second-factor',
        methods: ['passkey', 'totp'],
      });
      // The app remains, so the passkey may go.
      expect(
        (await call('DELETE', `/api/account/passkeys/${added.credentialId.toString('base64url')}`)).status,
      ).toBe(204);
      expect(await lastAuditRow(server, { rule: 'art. 15.2d: passkey removed' })).toMatchObject({
        result: 'allowed',
      });
    });

    it('asks a recent login first, and never removes the last second factor', async () => {
      await grant('wijkagent.enkel');
      const only = new SoftwareAuthenticator(origin);
      const enrolled = await enrol('wijkagent.enkel', only);
      const user = browser(cookieSet(enrolled.headers, SESSION_COOKIE));
      const id = only.credentialId.toString('base64url');
      const refused = await user.request<{ error: { code: string } }>(
        'DELETE',
        `/api/account/passkeys/${id}`,
      );
      expect(refused.status).toBe(409);
      expect((await user.get<{ passkeys: unknown[] }>('/api/account/passkeys')).body.passkeys).toHaveLength(
        1,
      );
      // Someone else's passkey is not found, whoever asks.
      expect(
        (await user.request('DELETE', `/api/account/passkeys/${key.credentialId.toString('base64url')}`))
          .status,
      ).toBe(404);
      // Eleven minutes on, a session left open cannot plant its own key.
      await server.database.db.execute(
        sql`update sessions set created_at = now() - interval '11 minutes', authenticated_at = null`,
      );
      const stale = await user.post<{ error: { code: string } }>('/api/account/passkeys/options');
      expect(stale.status).toBe(403);
      expect(stale.body.error.code).toBe('STEP_UP_REQUIRED');
    });
  });
});
