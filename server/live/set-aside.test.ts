import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { auditLog } from '../../db/schema/index';
import { docName, type SetAsideUpdates } from '../../shared/index';
import { startTestServer, type TestServer } from '../testing/harness';
import { controlClients } from '../testing/live-clients';
import { frozenCaseMeeting } from '../testing/meetings';
import { throwingUpdate } from '../testing/yjs-frames';

const PLAN_CANARY = 'Set-Aside-Plan-Canary';

/**
 * A stored update that Yjs cannot apply (stored before the update gate, or a fault in Yjs) costs that update only:
 * the document opens with the rest, the freeze still makes its record, the update is kept aside, audited, and the
 * executor sees it.
 */
describe('a stored update that does not apply', () => {
  let server: TestServer;
  const control = controlClients(() => server);

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    control.disconnectAll();
    await server.close();
  });

  it('is set aside on load: the meeting still freezes with the rest, audited and shown to the executor', async () => {
    const bogus = throwingUpdate(77);
    expect(() => Y.applyUpdate(new Y.Doc(), bogus)).toThrow();
    let plan = '';
    const { meetingId } = await frozenCaseMeeting(server, control, {
      subject: 'Set-Aside-Subject',
      involved: ['municipality', 'police', 'prosecution'],
      texts: { plan: { goal: PLAN_CANARY } },
      beforeClose: async ({ meetingId, itemId }) => {
        plan = docName({ meetingId, itemId, compartment: 'plan' });
        // Straight into the store, past the endpoint, and out of memory: the freeze loads it from the store.
        await server.app.live.store.append(plan, bogus);
        await server.app.live.registry.closeAll();
      },
    });

    const record = await (await server.login('politie')).get(`/api/meetings/${meetingId}/record`);
    expect(record.status).toBe(200);
    expect(record.text).toContain(PLAN_CANARY);

    const executor = await server.login('uitvoerder');
    const listed = await executor.get<SetAsideUpdates>('/api/live/set-aside');
    expect(listed.status).toBe(200);
    expect(listed.body.updates).toEqual([
      expect.objectContaining({
        meetingId,
        compartment: 'plan',
        source: 'log',
        reason: 'TypeError',
        bytes: bogus.length,
      }),
    ]);
    const audited = await server.database.db
      .select({ result: auditLog.result, rule: auditLog.rule })
      .from(auditLog)
      .where(and(eq(auditLog.objectType, 'live_document'), eq(auditLog.objectId, plan)));
    expect(audited).toContainEqual({ result: 'denied', rule: 'stored update does not apply: set aside' });

    // Only the executor sees the list (art. 5, 15.1).
    for (const name of ['voorzitter', 'politie', 'ggz']) {
      const other = await (await server.login(name)).get('/api/live/set-aside');
      expect(other.status).toBe(403);
    }
  }, 60_000);
});
