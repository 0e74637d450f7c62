import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { auditLog } from '../../db/schema/index';
import { LIMITS } from '../../shared/index';
import { TEST_PASSWORD, startTestServer, type TestServer } from '../testing/harness';

/** A local account's owner changes its password (art. 15.2d: logical access control). */
describe('password change', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  const lastChangeAudit = async () =>
    (
      await server.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.objectType, 'session'), eq(auditLog.action, 'update')))
        .orderBy(desc(auditLog.seq))
        .limit(1)
    )[0];

  it('refuses a wrong current password, counts it as a failed login, and audits it', async () => {
    const om = await server.login('om');
    const wrong = await om.post('/api/session/password', {
      currentPassword: 'not-the-password',
      newPassword: 'een-lang-nieuw-wachtwoord',
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error).toMatchObject({ code: 'INVALID_CREDENTIALS', field: 'body.currentPassword' });
    expect(await lastChangeAudit()).toMatchObject({ result: 'denied', rule: 'art. 15.2d' });
    // The old password still works.
    expect(
      (await server.anonymous().post('/api/session', { username: 'om', password: TEST_PASSWORD })).status,
    ).toBe(200);
  });

  it('refuses a new password that is too short, the same as the current one, or the username', async () => {
    const police = await server.login('politie');
    const short = await police.post('/api/session/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'x'.repeat(LIMITS.passwordMinLength - 1),
    });
    expect(short.status).toBe(400);
    expect(short.body.error.field).toBe('body.newPassword');
    const same = await police.post('/api/session/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: TEST_PASSWORD,
    });
    expect(same.status).toBe(400);
    expect(same.body.error.message).toMatch(/differ/);
    const username = await police.post('/api/session/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'POLITIE'.padEnd(LIMITS.passwordMinLength, ' '),
    });
    expect(username.status).toBe(400);
    expect(username.body.error.message).toMatch(/username/);
  });

  it('changes the password: the old one no longer logs in, the new one does; the change is audited', async () => {
    const executor = await server.login('uitvoerder');
    const changed = await executor.post('/api/session/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'correct-paard-batterij-niet',
    });
    expect(changed.status).toBe(200);
    expect(await lastChangeAudit()).toMatchObject({ result: 'allowed', rule: 'art. 15.2d' });
    const login = (password: string) =>
      server.anonymous().post('/api/session', { username: 'uitvoerder', password });
    expect((await login(TEST_PASSWORD)).status).toBe(401);
    expect((await login('correct-paard-batterij-niet')).status).toBe(200);
    // The session the change was made in goes on.
    expect((await executor.get('/api/session')).status).toBe(200);
  });

  it('needs a session', async () => {
    const response = await server
      .anonymous()
      .post('/api/session/password', { currentPassword: 'a', newPassword: 'b'.repeat(20) });
    expect(response.status).toBe(401);
  });
});
