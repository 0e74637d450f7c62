import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../db/schema/index';
import type { AuthorisationList, OwnSessionsResponse } from '../../shared/index';
import { SESSION_COOKIE, tokenHash } from '../services/sessions';
import { TEST_PASSWORD, startTestServer, type TestClient, type TestServer } from '../testing/harness';
import { cookieSet } from '../testing/second-factor';

/** A user's own sessions, and the administrator ending all of a user's sessions (art. 15.2c, 15.2d). */
describe('own sessions', () => {
  let server: TestServer;
  const ended: { sessionId: string; reason: string }[] = [];
  beforeAll(async () => {
    server = await startTestServer();
    server.app.events.subscribe('session.ended', (event) => {
      ended.push({ sessionId: event.sessionId, reason: event.reason });
    });
  });
  afterAll(async () => {
    await server.close();
  });

  /** Logs in as a demo account from a browser of the given user agent; answers the client and its token. */
  async function loginFrom(username: string, userAgent: string) {
    const response = await server
      .anonymous()
      .request('POST', '/api/session', { username, password: TEST_PASSWORD }, { 'user-agent': userAgent });
    expect(response.status).toBe(200);
    const cookie = cookieSet(response.headers, SESSION_COOKIE)!;
    const client = server.anonymous();
    const request: TestClient['request'] = (method, path, body, headers = {}) =>
      client.request(method, path, body, { ...headers, cookie });
    return { request, token: cookie.slice(`${SESSION_COOKIE}=`.length) };
  }

  it('lists the live sessions with where they came from, the current one marked, never by token hash', async () => {
    const laptop = await loginFrom('politie', 'Laptop-Browser/1.0');
    const phone = await loginFrom('politie', 'Phone-Browser/2.0');
    const list = await laptop.request<OwnSessionsResponse>('GET', '/api/sessions');
    expect(list.status).toBe(200);
    expect(list.body.sessions).toHaveLength(2);
    const current = list.body.sessions.find((s) => s.current)!;
    expect(current).toMatchObject({ userAgent: 'Laptop-Browser/1.0', address: '127.0.0.1' });
    expect(list.body.sessions.find((s) => !s.current)).toMatchObject({ userAgent: 'Phone-Browser/2.0' });
    for (const token of [laptop.token, phone.token]) {
      expect(list.text).not.toContain(tokenHash(token));
      expect(list.text).not.toContain(token);
    }
    // Someone else sees only their own.
    const other = await loginFrom('gemeente', 'Other/1.0');
    const theirs = await other.request<OwnSessionsResponse>('GET', '/api/sessions');
    expect(theirs.body.sessions).toHaveLength(1);
    expect(theirs.body.sessions[0]!.userAgent).toBe('Other/1.0');
  });

  it('ends another own session, not the current one and not someone else’s; audited and published', async () => {
    const laptop = await loginFrom('rvdk', 'Laptop/1.0');
    const phone = await loginFrom('rvdk', 'Phone/1.0');
    const list = (await laptop.request<OwnSessionsResponse>('GET', '/api/sessions')).body.sessions;
    const current = list.find((s) => s.current)!;
    const other = list.find((s) => !s.current)!;

    expect((await laptop.request('DELETE', `/api/sessions/${current.id}`)).status).toBe(409);
    const stranger = await loginFrom('om', 'Stranger/1.0');
    expect((await stranger.request('DELETE', `/api/sessions/${other.id}`)).status).toBe(404);
    expect((await phone.request('GET', '/api/session')).status).toBe(200);

    expect((await laptop.request('DELETE', `/api/sessions/${other.id}`)).status).toBe(204);
    expect((await phone.request('GET', '/api/session')).status).toBe(401);
    expect((await laptop.request('GET', '/api/session')).status).toBe(200);
    expect(ended).toContainEqual({ sessionId: tokenHash(phone.token), reason: 'ended-by-owner' });
    const audit = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.objectId, `session:${other.id}`), eq(auditLog.action, 'logout')));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ result: 'allowed', rule: 'art. 15.2d: own session ended' });
  });

  it('lets the administrator end every session of a user, and nobody else', async () => {
    const first = await loginFrom('jeugdbescherming', 'One/1.0');
    const second = await loginFrom('jeugdbescherming', 'Two/1.0');
    const admin = await server.login('beheerder');
    const list = (await admin.get<AuthorisationList>('/api/authorisations')).body;
    const id = list.authorisations.find((a) => a.username === 'jeugdbescherming')!.membershipId;

    const member = await server.login('uitvoerder');
    expect((await member.post(`/api/authorisations/${id}/sessions/end`, {})).status).toBe(403);
    expect((await first.request('GET', '/api/session')).status).toBe(200);

    const answer = await admin.post<{ endedSessions: number }>(`/api/authorisations/${id}/sessions/end`, {});
    expect(answer.status).toBe(200);
    expect(answer.body.endedSessions).toBe(2);
    expect((await first.request('GET', '/api/session')).status).toBe(401);
    expect((await second.request('GET', '/api/session')).status).toBe(401);
    for (const { token } of [first, second])
      expect(ended).toContainEqual({ sessionId: tokenHash(token), reason: 'ended-by-administrator' });
    const [row] = await server.database.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.objectId, id), eq(auditLog.rule, 'art. 15.2c: sessions ended by the administrator')),
      );
    expect(row).toMatchObject({ result: 'allowed', action: 'logout' });
  });
});
