import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../db/schema/index';
import { CloseCode, LIVE_LIMITS } from '../../shared/index';
import { startTestServer, type TestClient, type TestServer } from '../testing/harness';
import { rawAttempt } from '../testing/live-clients';

const MEETING = '00000000-0000-4000-8000-000000000000';

/**
 * Every opening of a live document, allowed or refused, is in the audit log (convenant art. 15.2(e)) — also one
 * whose name cannot be decoded or stored: it is refused with 4400 and audited in an escaped, shortened form.
 */
describe('live document names that are malformed', () => {
  let server: TestServer;
  let chair: TestClient;

  beforeAll(async () => {
    server = await startTestServer();
    chair = await server.login('voorzitter');
  });
  afterAll(async () => {
    await server.close();
  });

  const long = `meeting/${MEETING}/${'x'.repeat(LIVE_LIMITS.docNameChars)}`;
  it.each([
    ['a NUL character', `meeting/${MEETING}%00/agenda`, `meeting/${MEETING}%00/agenda`],
    ['a lone NUL', '%00', '%00'],
    ['another control character', `meeting%0A${MEETING}`, `meeting%0A${MEETING}`],
    ['a truncated percent-encoding', 'meeting/%E0%A4%A', 'meeting/%E0%A4%A'],
    ['an invalid percent-encoding', 'meeting/%zz', 'meeting/%zz'],
    ['an over-long name', long, `${long.slice(0, 200)}…`],
  ])('refuses %s with 4400 and audits the attempt', async (_label, name, audited) => {
    const attempt = await rawAttempt(server, name, { cookie: chair.cookie! });
    expect(attempt.code).toBe(CloseCode.BadMessage);
    expect(attempt.frames).toHaveLength(0);
    const rows = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.objectType, 'live_document'), eq(auditLog.objectId, audited)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'read', result: 'denied' });
    expect(rows[0]!.userId).not.toBeNull();
  });

  it('still answers a well-formed unknown name with 4404, audited as it was named', async () => {
    const name = `meeting/${MEETING}/agenda`;
    const attempt = await rawAttempt(server, name, { cookie: chair.cookie! });
    expect(attempt.code).toBe(CloseCode.UnknownDocument);
    const rows = await server.database.db.select().from(auditLog).where(eq(auditLog.objectId, name));
    expect(rows).toHaveLength(1);
  });
});
