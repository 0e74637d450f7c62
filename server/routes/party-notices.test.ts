import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../db/schema/index';
import {
  dutchDay,
  type PartyNoticeList,
  type PartyNoticeView,
  type RectificationView,
  type SubjectRequestView,
} from '../../shared/index';
import { startTestServer, type TestClient, type TestServer } from '../testing/harness';
import { controlClients } from '../testing/live-clients';
import { frozenCaseMeeting } from '../testing/meetings';

const SUBJECT = 'Kennisgeving-Betrokkene';
const WRONG = 'KENNIS-ONJUIST-5521';
const RIGHT = 'KENNIS-JUIST-8830';
const REASON = 'KENNIS-REDEN-1177';

/**
 * Art. 12.6: "De verantwoordelijke draagt er zorg voor dat een beslissing tot verbetering, aanvulling,
 * verwijdering en/of afscherming (…) wordt uitgevoerd. Zij doet hiervan een kennisgeving aan partijen."
 * The parties that received the data are told in the app; a party that never saw it is not told of it.
 */
describe('notices to the parties of a correction (art. 12.6)', () => {
  let server: TestServer;
  let meetingId: string;
  let itemId: string;
  const users: Record<string, TestClient> = {};
  const control = controlClients(() => server);
  const notices = async (user: string, query = '') =>
    users[user]!.get<PartyNoticeList>(`/api/notices${query}`);
  const rectify = (compartment: string, field: string) =>
    users.uitvoerder!.post<RectificationView>(`/api/meetings/${meetingId}/record/rectifications`, {
      itemId,
      compartment,
      field,
      correction: RIGHT,
      reason: REASON,
    });

  beforeAll(async () => {
    server = await startTestServer();
    for (const name of ['voorzitter', 'uitvoerder', 'politie', 'rvdk', 'ggz', 'reclassering'])
      users[name] = await server.login(name);
    // The police, the child protection board and the mental-health partner attend the item; probation does not.
    ({ meetingId, itemId } = await frozenCaseMeeting(server, control, {
      subject: SUBJECT,
      involved: ['municipality', 'police', 'child_protection_board', 'mental_health'],
      title: 'Casusoverleg kennisgeving',
      attendees: ['politie', 'rvdk', 'ggz'],
      texts: { analysis: { analysis: WRONG }, plan: { goal: WRONG } },
    }));
  });
  afterAll(async () => {
    control.disconnectAll();
    await server.close();
  });

  it('tells only the parties that could read the corrected field, with no content in the notice', async () => {
    const done = await rectify('analysis', 'analysis');
    expect(done.status).toBe(201);
    // The chair's municipality, the police and the board read the analysis; the satellite saw it masked.
    expect(done.body.partiesNotified).toBe(3);

    const police = await notices('politie');
    expect(police.status).toBe(200);
    expect(police.body.unacknowledged).toBe(1);
    expect(police.body.notices).toEqual([
      expect.objectContaining({
        kind: 'rectification',
        organisation: 'Politie Eenheid Voorbeeld',
        meeting: expect.objectContaining({ id: meetingId, title: 'Casusoverleg kennisgeving' }),
        itemPosition: 1,
        requestKind: null,
        acknowledgedAt: null,
      }),
    ]);
    // What was corrected, and why, the party reads in its own view of the minutes, not in the notice.
    for (const canary of [WRONG, RIGHT, REASON, SUBJECT]) expect(police.text).not.toContain(canary);

    // The satellite could not see the analysis: told nothing, and not even that a correction exists.
    expect((await notices('ggz')).body).toEqual({ notices: [], unacknowledged: 0 });
    // A field it did read (the plan) is another matter.
    expect((await rectify('plan', 'goal')).body.partiesNotified).toBe(4);
    const ggz = await notices('ggz');
    expect(ggz.body.notices.map((n) => n.kind)).toEqual(['rectification']);
    expect(ggz.text).not.toContain(SUBJECT);
  });

  it('has a member acknowledge for the own party, once; another party cannot touch it', async () => {
    const [notice] = (await notices('politie')).body.notices;
    const foreign = await users.ggz!.post(`/api/notices/${notice!.id}/acknowledge`);
    expect(foreign.status).toBe(404);
    const ack = await users.politie!.post<PartyNoticeView>(`/api/notices/${notice!.id}/acknowledge`);
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ id: notice!.id, acknowledgedBy: expect.any(String) });
    expect(ack.body.acknowledgedAt).not.toBeNull();
    expect((await users.politie!.post(`/api/notices/${notice!.id}/acknowledge`)).status).toBe(409);
    expect((await notices('politie')).body.unacknowledged).toBe(1);
    // The badge's count names no subject, so asking for it leaves no per-subject trace in the access log.
    const before = (await server.database.db.select().from(auditLog)).length;
    expect((await users.politie!.get('/api/notices/count')).body).toEqual({ unacknowledged: 1 });
    expect((await users.rvdk!.get('/api/notices/count')).body).toEqual({ unacknowledged: 2 });
    expect((await server.database.db.select().from(auditLog)).length).toBe(before);
    expect((await (await server.login('functionaris')).get('/api/notices/count')).status).toBe(403);

    // The executor sees every notice sent and which party acknowledged; nobody else may.
    const sent = await notices('uitvoerder', '?scope=sent');
    expect(sent.status).toBe(200);
    expect(sent.body.notices).toHaveLength(7);
    expect(sent.body.notices.filter((n) => n.acknowledgedAt !== null).map((n) => n.organisation)).toEqual([
      'Politie Eenheid Voorbeeld',
    ]);
    const refused = await users.politie!.get('/api/notices?scope=sent');
    expect(refused.status).toBe(403);
    expect(refused.body.error.rule).toBe('art. 12.6');
    expect((await notices('uitvoerder', '?scope=everything')).status).toBe(400);
    // Each listed notice names a subject: the access review sees the reads per subject (art. 15.2e).
    const listed = await server.database.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.objectType, 'party_notice'),
          eq(auditLog.action, 'list'),
          eq(auditLog.result, 'allowed'),
        ),
      );
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((row) => row.subjectId !== null && row.rule === 'art. 12.6')).toBe(true);
  });

  it('tells the parties that received the data when a granted request is carried out', async () => {
    const reference = (await notices('politie')).body.notices[0]!.subjectReference;
    const today = dutchDay(new Date());
    const request = await users.uitvoerder!.post<SubjectRequestView>('/api/subject-requests', {
      subjectReference: reference,
      kind: 'deletion',
      requester: 'subject',
      receivedOn: today,
      identityVerifiedOn: today,
      details: 'Verwijdering van een onjuist gegeven',
    });
    const id = request.body.id;
    await users.uitvoerder!.post(`/api/subject-requests/${id}/decision`, {
      decision: 'granted',
      decidedOn: today,
      reasoning: 'Niet ter zake dienend (art. 12.5b)',
    });
    // Without a date of its own, the day of the app's notice counts as the day the parties were told.
    const done = await users.uitvoerder!.post<SubjectRequestView>(`/api/subject-requests/${id}/carried-out`, {
      carriedOutOn: today,
    });
    expect(done.status).toBe(200);
    expect(done.body.execution).toMatchObject({ carriedOutOn: today, partiesNotifiedOn: today });
    // The OM received the data in the weegploeg that decided on the subject (it agreed there, art. 7.3), so it is
    // told too.
    expect(done.body.execution!.notices.map((n) => n.organisation)).toEqual([
      'GGZ Voorbeeld',
      'Gemeente Voorbeeldstad',
      'Openbaar Ministerie Arrondissement Voorbeeld',
      'Politie Eenheid Voorbeeld',
      'Raad voor de Kinderbescherming',
    ]);
    const ggz = (await notices('ggz')).body.notices.find((n) => n.kind === 'request_carried_out');
    expect(ggz).toMatchObject({ requestKind: 'deletion', subjectReference: reference, meeting: null });
    // Probation never received anything on this subject: it is not told the subject exists.
    const probation = await notices('reclassering');
    expect(probation.body.notices).toEqual([]);
    expect(probation.text).not.toContain(reference);
  });
});
