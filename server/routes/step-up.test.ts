import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq, sql } from 'drizzle-orm';
import { auditLog, covenants, sessions, users } from '../../db/schema/index';
import { MODEL_COVENANT_POLICY } from '../../shared/index';
import { startTestServer, TEST_PASSWORD, type TestClient, type TestServer } from '../testing/harness';
import { totpCode } from '../testing/second-factor';

/**
 * Step-up (BIO: strong authentication; convenant art. 15.2d): the most sensitive actions need a login or a
 * confirmation within the covenant's window, so a session left open on an unattended screen is no way to them.
 */
describe('step-up before the most sensitive actions', () => {
  let server: TestServer;
  let officer: TestClient;
  let admin: TestClient;

  /** Moves the sessions of an account back in time, as if the user logged in `minutes` ago. */
  const age = (username: string, minutes: number) =>
    server.database.db.execute(sql`
      update ${sessions} set created_at = now() - make_interval(mins => ${minutes}),
        authenticated_at = case when authenticated_at is null then null
          else now() - make_interval(mins => ${minutes}) end
      where user_id = (select id from ${users} where username = ${username})`);
  const grant = (client: TestClient, username: string) =>
    client.post('/api/authorisations', {
      username,
      displayName: 'Nieuwe Collega',
      organisationId: organisationId,
      role: 'member',
      capacity: 'wijkagent',
    });
  let organisationId = '';

  beforeAll(async () => {
    server = await startTestServer();
    officer = await server.login('functionaris');
    admin = await server.login('beheerder');
    organisationId = ((await admin.get('/api/authorisations')).body.organisations as { id: string }[])[0]!.id;
  });
  afterAll(async () => {
    await server.close();
  });

  it('lets a fresh login export the access log, and asks again once the window has passed', async () => {
    expect((await officer.get('/api/access-log?format=csv')).status).toBe(200);
    expect((await officer.get('/api/session/step-up')).body.validUntil).not.toBeNull();
    await age('functionaris', 11);
    expect((await officer.get('/api/session/step-up')).body).toEqual({ validUntil: null, via: 'password' });
    const refused = await officer.get('/api/access-log?format=csv');
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'STEP_UP_REQUIRED' });
    expect(refused.text).not.toContain('Toegang');
    // Reading it on screen stays open.
    expect((await officer.get('/api/access-log')).status).toBe(200);

    const wrong = await officer.post('/api/session/step-up', { password: 'niet-het-wachtwoord' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error).toMatchObject({ code: 'INVALID_CREDENTIALS', field: 'body.password' });
    expect((await officer.get('/api/access-log?format=csv')).status).toBe(403);

    const confirmed = await officer.post('/api/session/step-up', { password: TEST_PASSWORD });
    expect(confirmed.status).toBe(200);
    expect(new Date(confirmed.body.validUntil as string).getTime()).toBeGreaterThan(Date.now() + 9 * 60_000);
    expect((await officer.get('/api/access-log?format=csv')).status).toBe(200);

    const audited = await server.database.db
      .select({ result: auditLog.result })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'login'), eq(auditLog.rule, 'art. 15.2d: step-up')))
      .orderBy(desc(auditLog.seq));
    expect(audited.map((row) => row.result)).toEqual(['allowed', 'denied']);
  });

  it('guards granting, changing and revoking authorisations', async () => {
    await age('beheerder', 11);
    const refused = await grant(admin, 'stepup.een');
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'STEP_UP_REQUIRED' });
    const [nobody] = await server.database.db.select().from(users).where(eq(users.username, 'stepup.een'));
    expect(nobody).toBeUndefined();
    // The refused attempt is in the audit log, with the rule that refused it.
    const [refusedRow] = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.objectType, 'membership'), eq(auditLog.rule, 'art. 15.2d: step-up')))
      .orderBy(desc(auditLog.seq))
      .limit(1);
    expect(refusedRow).toMatchObject({ action: 'create', result: 'denied' });
    expect((await admin.post('/api/session/step-up', { password: TEST_PASSWORD })).status).toBe(200);
    const granted = await grant(admin, 'stepup.een');
    expect(granted.status).toBe(201);
    await age('beheerder', 11);
    const id = granted.body.authorisation.membershipId as string;
    const changed = await admin.patch(`/api/authorisations/${id}`, { capacity: 'rechercheur' });
    expect(changed.body.error).toMatchObject({ code: 'STEP_UP_REQUIRED' });
    expect((await admin.post(`/api/authorisations/${id}/revoke`)).status).toBe(403);
    expect((await admin.post(`/api/authorisations/${id}/second-factor/reset`)).status).toBe(403);
  });

  it('asks an account with a second factor for a code too, each code good once', async () => {
    await age('beheerder', 0);
    const granted = await grant(admin, 'stepup.twee');
    const colleague = await server.loginWith('stepup.twee', granted.body.initialPassword as string);
    const secret = server.secondFactorSecrets.get('stepup.twee')!;
    await age('stepup.twee', 11);
    const withoutCode = await colleague.post('/api/session/step-up', {
      password: granted.body.initialPassword,
    });
    expect(withoutCode.status).toBe(400);
    expect(withoutCode.body.error).toMatchObject({ field: 'body.code' });
    // The code of the next 30 seconds: the one of now was spent by the login's enrolment.
    const next = totpCode(secret, Date.now() + 30_000);
    const confirmed = await colleague.post('/api/session/step-up', {
      password: granted.body.initialPassword,
      code: next,
    });
    expect(confirmed.status).toBe(200);
    const replayed = await colleague.post('/api/session/step-up', {
      password: granted.body.initialPassword,
      code: next,
    });
    expect(replayed.status).toBe(403);
    expect(replayed.body.error).toMatchObject({ field: 'body.code' });
  });

  it('guards the original text behind a correction and restoring an archived file', async () => {
    const someId = '3f2b6c1e-8d4a-4b7e-9c2d-1a2b3c4d5e6f';
    await age('functionaris', 11);
    const original = await officer.get(`/api/meetings/${someId}/record?include=original`);
    expect(original.body.error).toMatchObject({ code: 'STEP_UP_REQUIRED' });
    // Without the originals the minutes are an ordinary read, refused or not on its own grounds.
    const plain = await officer.get(`/api/meetings/${someId}/record`);
    expect(plain.body.error?.code).not.toBe('STEP_UP_REQUIRED');
    const restore = await officer.post('/api/retention/restore', {
      kind: 'case',
      fileId: someId,
      order: 'Opdracht van de verwerkingsverantwoordelijke',
    });
    expect(restore.body.error).toMatchObject({ code: 'STEP_UP_REQUIRED' });
  });

  it('follows the covenant policy for the window', async () => {
    await server.database.db
      .update(covenants)
      .set({ policy: { ...MODEL_COVENANT_POLICY, stepUpMinutes: 60 } });
    try {
      await age('functionaris', 30);
      expect((await officer.get('/api/access-log?format=csv')).status).toBe(200);
    } finally {
      await server.database.db.update(covenants).set({ policy: MODEL_COVENANT_POLICY });
    }
  });
});
