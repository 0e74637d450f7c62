import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../db/schema/index';
import type { MeetingRecordView } from '../../shared/index';
import { startTestServer, type TestClient, type TestServer } from '../testing/harness';
import { controlClients } from '../testing/live-clients';
import { frozenCaseMeeting } from '../testing/meetings';

const POLICE_CANARY = 'CANARY-politie-analyse-4471';
const PLAN_CANARY = 'CANARY-plan-doel-2208';

/**
 * Frozen minutes are reviewed through each reader's own masked view (issue 5; art. 10.4, 10.5): a satellite sees
 * the plan of approach, never the police's analysis.
 */
describe('GET /api/meetings/:id/record', () => {
  let server: TestServer;
  let meetingId: string;
  const users: Record<string, TestClient> = {};
  const control = controlClients(() => server);

  beforeAll(async () => {
    server = await startTestServer();
    for (const name of ['voorzitter', 'uitvoerder', 'politie', 'rvdk', 'ggz', 'reclassering'])
      users[name] = await server.login(name);
    ({ meetingId } = await frozenCaseMeeting(server, control, {
      subject: 'Minutes-Subject',
      involved: ['municipality', 'police', 'child_protection_board', 'mental_health'],
      texts: { analysis: { analysis: POLICE_CANARY }, plan: { goal: PLAN_CANARY } },
      beforeClose: async (meeting) => {
        const early = await users.politie!.get(`/api/meetings/${meeting.meetingId}/record`);
        expect(early.status).toBe(404);
      },
    }));
  });
  afterAll(async () => {
    control.disconnectAll();
    await server.close();
  });

  it('shows each reader the record through their own policy, verified, and audits it', async () => {
    const asPolice = await users.politie!.get<MeetingRecordView>(`/api/meetings/${meetingId}/record`);
    expect(asPolice.status).toBe(200);
    expect(asPolice.body.verified).toBe(true);
    expect(asPolice.text).toContain(POLICE_CANARY);
    expect(asPolice.text).toContain(PLAN_CANARY);
    expect(asPolice.text).toContain('Minutes-Subject');
    const asCaseParty = await users.rvdk!.get(`/api/meetings/${meetingId}/record`);
    expect(asCaseParty.text).toContain(POLICE_CANARY);

    // The satellite: the plan, the masked placeholders with their rule, and no byte of the analysis or the NAW.
    const asSatellite = await users.ggz!.get<MeetingRecordView>(`/api/meetings/${meetingId}/record`);
    expect(asSatellite.status).toBe(200);
    expect(asSatellite.text).toContain(PLAN_CANARY);
    expect(asSatellite.text).not.toContain(POLICE_CANARY);
    expect(asSatellite.text).not.toContain('Minutes-Subject');
    const compartments = asSatellite.body.items[0]!.compartments;
    expect(compartments.find((c) => c.compartment === 'analysis')).toEqual({
      compartment: 'analysis',
      access: 'masked',
      label: expect.any(String),
      rule: 'art. 10.5',
    });
    expect(compartments.some((c) => c.compartment === 'network' || c.compartment === 'notes')).toBe(false);

    const views = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.objectType, 'meeting_record'), eq(auditLog.action, 'read')));
    expect(views.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(views)).not.toContain('CANARY');
  });

  it('is refused to whoever did not take part', async () => {
    const outsider = await users.reclassering!.get(`/api/meetings/${meetingId}/record`);
    expect(outsider.status).toBe(403);
    expect(outsider.text).not.toContain('CANARY');
  });
});
