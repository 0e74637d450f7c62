import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, meetingRecords, minutesCorrectionRequests } from '../../db/schema/index';
import type { CorrectionRequestView, MeetingRecordView } from '../../shared/index';
import { runRetention } from '../services/retention';
import { startTestServer, type TestClient, type TestServer } from '../testing/harness';
import { atDatabaseTime } from '../testing/database-clock';
import { controlClients } from '../testing/live-clients';
import { frozenCaseMeeting } from '../testing/meetings';

const WRONG = 'Betrokkene woont in Almere';
const RIGHT = 'Betrokkene woont in Lelystad';
const REASON = 'Het adres klopt niet: Lelystad sinds oktober';

/** Art. 12: who attended acknowledges the minutes and may ask the executor to correct a field they read. */
describe('reading and correction requests on frozen minutes', () => {
  let server: TestServer;
  let meetingId: string;
  let itemId: string;
  let caseFileId: string;
  const users: Record<string, TestClient> = {};
  const control = controlClients(() => server);
  const url = (path = '') => `/api/meetings/${meetingId}/record${path}`;
  const request = (user: string, patch: Record<string, unknown> = {}) =>
    users[user]!.post(url('/correction-requests'), {
      itemId,
      compartment: 'analysis',
      field: 'analysis',
      reason: REASON,
      ...patch,
    });
  const auditRules = async (fieldGroup: string) =>
    (
      await server.database.db
        .select({ rule: auditLog.rule, result: auditLog.result })
        .from(auditLog)
        .where(eq(auditLog.fieldGroup, fieldGroup))
    ).map((r) => `${r.result}:${r.rule}`);

  const rectificationCount = async () =>
    (
      await server.database.db
        .select({ id: meetingRecords.id })
        .from(meetingRecords)
        .where(and(eq(meetingRecords.meetingId, meetingId), eq(meetingRecords.kind, 'rectification')))
    ).length;

  beforeAll(async () => {
    server = await startTestServer();
    for (const name of ['voorzitter', 'uitvoerder', 'politie', 'ggz', 'gemeente'])
      users[name] = await server.login(name);
    ({ meetingId, itemId, caseFileId } = await frozenCaseMeeting(server, control, {
      subject: 'Reading-Subject',
      involved: ['municipality', 'police', 'mental_health'],
      attendees: ['politie', 'ggz'],
      texts: { analysis: { analysis: WRONG } },
    }));
  });
  afterAll(async () => {
    control.disconnectAll();
    await server.close();
  });

  it('lets only who attended acknowledge, idempotently; the chair and executor see who has not', async () => {
    const absent = await users.gemeente!.post(url('/acknowledgement'), {});
    expect(absent.status).toBe(403);
    expect(absent.body.error.rule).toBe('art. 12');

    const first = await users.politie!.post(url('/acknowledgement'), {});
    expect(first.status).toBe(200);
    const again = await users.politie!.post(url('/acknowledgement'), {});
    expect(again.body.acknowledgedAt).toBe(first.body.acknowledgedAt);

    expect((await users.politie!.get(url('/acknowledgements'))).status).toBe(403);
    for (const organiser of ['voorzitter', 'uitvoerder']) {
      const list = await users[organiser]!.get<{
        participants: { name: string; acknowledgedAt: string | null }[];
      }>(url('/acknowledgements'));
      expect(list.status).toBe(200);
      const seen = list.body.participants.filter((p) => p.acknowledgedAt !== null);
      const notSeen = list.body.participants.filter((p) => p.acknowledgedAt === null);
      expect(seen).toHaveLength(1);
      // The chair and the ggz attended and have not marked the minutes as read.
      expect(notSeen.length).toBeGreaterThanOrEqual(2);
    }
    expect(await auditRules('acknowledgement')).toContain('allowed:art. 7.4');
  });

  it('refuses a request from who did not attend, on a masked field, or without a reason', async () => {
    expect((await request('gemeente')).status).toBe(403);
    // The satellite does not read the police analysis (rectification test): it cannot ask to correct it.
    const masked = await request('ggz');
    expect(masked.status).toBe(403);
    expect(masked.body.error).toMatchObject({ rule: 'art. 12', field: 'body.compartment' });
    expect((await request('politie', { reason: '' })).status).toBe(400);
    expect((await request('politie', { reason: 'x'.repeat(2001) })).status).toBe(400);
    expect((await request('politie', { field: 'nonexistent' })).status).toBe(404);
    expect(await auditRules('analysis')).toContain('denied:art. 12');
  });

  it('lets the executor refuse with reasons and carry a request out as a rectification', async () => {
    const first = await request('politie');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'requested', reason: REASON });
    const second = (await request('politie', { reason: 'Nog een keer' })).body as CorrectionRequestView;

    // The requester sees their own; the executor all; another participant none of them.
    expect(
      (await users.politie!.get<{ requests: unknown[] }>(url('/correction-requests'))).body.requests,
    ).toHaveLength(2);
    expect(
      (await users.ggz!.get<{ requests: unknown[] }>(url('/correction-requests'))).body.requests,
    ).toHaveLength(0);
    expect(
      (await users.uitvoerder!.get<{ requests: unknown[] }>(url('/correction-requests'))).body.requests,
    ).toHaveLength(2);

    const refuse = (user: string, body: Record<string, unknown>) =>
      users[user]!.post(url(`/correction-requests/${second.id}/refuse`), body);
    expect((await refuse('uitvoerder', { reason: '' })).status).toBe(400);
    expect((await refuse('politie', { reason: 'Zelf' })).status).toBe(403);
    const refused = await refuse('uitvoerder', { reason: 'Dubbel verzoek' });
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ status: 'refused', answer: 'Dubbel verzoek' });
    expect((await refuse('uitvoerder', { reason: 'Nogmaals' })).status).toBe(409);

    const carried = await users.uitvoerder!.post(
      url(`/correction-requests/${(first.body as CorrectionRequestView).id}/rectification`),
      { correction: RIGHT },
    );
    expect(carried.status).toBe(201);
    const mine = (
      await users.politie!.get<{ requests: CorrectionRequestView[] }>(url('/correction-requests'))
    ).body.requests;
    expect(mine.find((r) => r.id === first.body.id)).toMatchObject({
      status: 'rectified',
      rectificationRecordId: carried.body.rectification.recordId,
    });
    const minutes = (await users.politie!.get<MeetingRecordView>(url())).body;
    expect(JSON.stringify(minutes)).toContain(RIGHT);
    expect(await auditRules('analysis')).toEqual(expect.arrayContaining(['allowed:art. 12']));
    expect(await auditRules('correction_request')).toContain('allowed:art. 12');
  });

  it('answers a request once, even when executors answer it at the same moment', async () => {
    const asked = (await request('politie', { reason: 'Tegelijk beantwoord' })).body as CorrectionRequestView;
    const path = url(`/correction-requests/${asked.id}`);
    const before = await rectificationCount();
    // Two carry-outs and a refusal race: whatever the order, one answers and the others are refused, and no
    // rectification is stored beside a request that another answer closed.
    const answers = await Promise.all([
      users.uitvoerder!.post(`${path}/rectification`, { correction: `${RIGHT} (a)` }),
      users.uitvoerder!.post(`${path}/rectification`, { correction: `${RIGHT} (b)` }),
      users.uitvoerder!.post(`${path}/refuse`, { reason: 'Tegelijk geweigerd' }),
    ]);
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((status) => status < 300)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(2);
    const rectified = answers[0].status === 201 || answers[1].status === 201;
    expect(await rectificationCount()).toBe(before + (rectified ? 1 : 0));
    const [stored] = await server.database.db
      .select()
      .from(minutesCorrectionRequests)
      .where(eq(minutesCorrectionRequests.id, asked.id));
    expect(stored!.status).toBe(rectified ? 'rectified' : 'refused');
  });

  it('keeps the request texts sealed with the file key, so its destruction erases them', async () => {
    const rows = await server.database.db
      .select()
      .from(minutesCorrectionRequests)
      .where(eq(minutesCorrectionRequests.meetingId, meetingId));
    expect(JSON.stringify(rows)).not.toContain('Lelystad sinds');
    // Five years and a day after the last processing the case file is destroyed (art. 13.1).
    // The database's clock travels with the job: it refuses a destruction dated in its future (art. 13).
    const later = new Date(Date.now() + 1000 * 60 * 60 * 24 * 367 * 5);
    const outcomes = await atDatabaseTime(server.database, later, () =>
      runRetention(server.database.db, later),
    );
    expect(outcomes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ fileId: caseFileId, action: 'destroy', result: 'done' }),
      ]),
    );
    const after = (
      await users.uitvoerder!.get<{ requests: CorrectionRequestView[] }>(url('/correction-requests'))
    ).body.requests;
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((r) => r.reason === null && r.answer === null)).toBe(true);
  });
});
