import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { agendaItems, auditLog } from '../../db/schema/index';
import { LAWFUL_SHARING_DEFAULTS, type CovenantView, type MeetingRecordView } from '../../shared/index';
import { startTestServer, type TestClient, type TestServer } from '../testing/harness';
import { controlClients } from '../testing/live-clients';
import { frozenCaseMeeting } from '../testing/meetings';

const POLICE_CANARY = 'CANARY-politie-analyse-4471';
const PLAN_CANARY = 'CANARY-plan-doel-2208';
const REMARK_CANARY = 'CANARY-bezwaar-politie-9310';

/**
 * Frozen minutes are reviewed through each reader's own masked view (art. 10.4, 10.5): a satellite sees
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
        await policeObjects(meeting, REMARK_CANARY);
      },
    }));
  });

  /** A consent round on the item in which the police object with `remark` (the close then asks a new round). */
  async function policeObjects(meeting: { meetingId: string; itemId: string }, remark: string) {
    const chair = control.connect(users.voorzitter!);
    const police = control.connect(users.politie!);
    for (const socket of [chair, police])
      await control.call(socket, 'meeting:join', { meetingId: meeting.meetingId });
    await control.call(chair, 'chair:consent-ask', { ...meeting, proposal: { advice: 'close' } });
    expect(await control.call(police, 'consent:vote', { ...meeting, vote: 'object', remark })).toMatchObject({
      ok: true,
    });
  }

  const objectionsOf = (view: MeetingRecordView) =>
    view.items[0]!.rounds.flatMap((r) => r.votes.filter((v) => v.vote === 'object'));
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

  it("records an objection's remark for readers of the conclusions; a satellite sees the objection, masked", async () => {
    for (const name of ['politie', 'rvdk', 'voorzitter']) {
      const view = await users[name]!.get<MeetingRecordView>(`/api/meetings/${meetingId}/record`);
      expect(objectionsOf(view.body).map((v) => v.remark)).toEqual([REMARK_CANARY]);
    }
    const asSatellite = await users.ggz!.get<MeetingRecordView>(`/api/meetings/${meetingId}/record`);
    expect(asSatellite.text).not.toContain(REMARK_CANARY);
    expect(objectionsOf(asSatellite.body)).toEqual([
      expect.objectContaining({ vote: 'object', remark: null, remarkMasked: { rule: 'art. 10.5' } }),
    ]);
    const rows = await server.database.db.select().from(auditLog);
    expect(JSON.stringify(rows)).not.toContain(REMARK_CANARY);
  });

  it('shows the remark to a satellite the conclusions of the case were disclosed to at the freeze (art. 10.5)', async () => {
    const covenant = (await users.uitvoerder!.get<CovenantView>('/api/covenant')).body;
    const ggz = covenant.parties.find((p) => p.organisationType === 'mental_health')!.id;
    const remark = 'CANARY-bezwaar-verstrekt-5120';
    const disclosed = await frozenCaseMeeting(server, control, {
      subject: 'Minutes-Disclosed',
      involved: ['municipality', 'police', 'mental_health'],
      texts: {},
      beforeClose: async (meeting) => {
        const [item] = await server.database.db
          .select({ caseFileId: agendaItems.caseFileId })
          .from(agendaItems)
          .where(eq(agendaItems.id, meeting.itemId));
        const proposed = await users.politie!.post(`/api/case-files/${item!.caseFileId}/disclosures`, {
          compartment: 'conclusions',
          recipientPartyId: ggz,
          ...LAWFUL_SHARING_DEFAULTS,
          necessity: 'afstemming van de behandeling op het besluit',
          dataKind: 'conclusies',
          care: 'alleen de behandelaar',
        });
        expect(proposed.status, proposed.text).toBe(201);
        await users.voorzitter!.post(
          `/api/case-files/${item!.caseFileId}/disclosures/${proposed.body.id}/decision`,
          { decision: 'consent' },
        );
        await policeObjects(meeting, remark);
      },
    });
    const asSatellite = await users.ggz!.get<MeetingRecordView>(
      `/api/meetings/${disclosed.meetingId}/record`,
    );
    expect(objectionsOf(asSatellite.body).map((v) => v.remark)).toEqual([remark]);
  });

  it('is refused to whoever did not take part', async () => {
    const outsider = await users.reclassering!.get(`/api/meetings/${meetingId}/record`);
    expect(outsider.status).toBe(403);
    expect(outsider.text).not.toContain('CANARY');
  });
});
