import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../db/schema/index';
import type { AccessLogView, AccessReviewList, IncidentView } from '../../shared/index';
import { dutchDay } from '../../shared/index';
import {
  newSubjectSignal,
  newWeighingItem,
  startTestServer,
  type TestClient,
  type TestServer,
} from '../testing/harness';
import { controlClients } from '../testing/live-clients';

/**
 * The controller's oversight (art. 15.2e, 15.2g): the access log reviewed with unusual entries flagged, periodic
 * reviews recorded, and data breaches registered with the 72-hour notification deadline.
 */
describe('access-log review and incidents', () => {
  let server: TestServer;
  let officer: TestClient;
  let police: TestClient;
  const fileIds: string[] = [];
  let reference: string;

  beforeAll(async () => {
    server = await startTestServer();
    officer = await server.login('functionaris');
    police = await server.login('politie');
    // Twelve subjects' files read by the police within minutes, none ever discussed in a meeting with them.
    for (let n = 0; n < 12; n++) {
      const signal = await police.post('/api/signals', newSubjectSignal(`Toegang-${n}`));
      fileIds.push(signal.body.weighingFileId as string);
    }
    for (const id of fileIds) await police.get(`/api/weighing-files/${id}`);
    reference = (await police.get(`/api/weighing-files/${fileIds[0]}`)).body.subjectReference as string;
    // A refused attempt: a case party reading the weegploeg file (art. 8.4).
    expect((await (await server.login('rvdk')).get(`/api/weighing-files/${fileIds[0]}`)).status).toBe(403);
  });
  afterAll(async () => {
    await server.close();
  });

  it("is the controller's officer's only", async () => {
    for (const user of ['uitvoerder', 'beheerder', 'politie']) {
      const refused = await (await server.login(user)).get('/api/access-log');
      expect(refused.status, user).toBe(403);
      expect(refused.body.error.rule).toBe('art. 15.2e');
    }
  });

  it('shows who accessed which subject, in which capacity, and flags what is unusual', async () => {
    const view = (await officer.get<AccessLogView>('/api/access-log')).body;
    expect(view.total).toBeGreaterThan(20);
    const reads = view.entries.filter(
      (e) => e.subjectReference === reference && e.action === 'read' && e.result === 'allowed',
    );
    expect(reads[0]).toMatchObject({
      user: 'Dirk Visser',
      role: 'member',
      capacity: 'vertegenwoordiger korpschef',
      inMeeting: false,
    });
    expect(reads[0]!.flags).toEqual(expect.arrayContaining(['outside_meeting', 'many_subjects']));
    const denied = (await officer.get<AccessLogView>('/api/access-log?result=denied')).body.entries;
    expect(denied.length).toBeGreaterThan(0);
    expect(denied.every((e) => e.flags.includes('denied') && e.result === 'denied')).toBe(true);
    const bySubject = (await officer.get<AccessLogView>(`/api/access-log?subjectReference=${reference}`))
      .body;
    expect(bySubject.entries.every((e) => e.subjectReference === reference)).toBe(true);
    const flagged = (await officer.get<AccessLogView>('/api/access-log?flagged=true')).body.entries;
    expect(flagged.every((e) => e.flags.length > 0)).toBe(true);
    // A bad filter is a 400 that names it; reading the log is logged itself.
    expect((await officer.get('/api/access-log?from=2026-13-01')).status).toBe(400);
    expect((await officer.get('/api/access-log?from=2026-12-01&to=2026-11-01')).status).toBe(400);
    const logged = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.objectType, 'audit_log'), eq(auditLog.action, 'read')));
    expect(logged.length).toBeGreaterThan(0);
  });

  it('tells a read made while the user took part in a meeting on the subject from one made outside it', async () => {
    const control = controlClients(() => server);
    const item = await newWeighingItem(server, 'Toegang-Overleg');
    const chair = control.connect(await server.login('voorzitter'));
    await control.call(chair, 'meeting:join', { meetingId: item.meetingId });
    await control.call(chair, 'chair:open', { meetingId: item.meetingId });
    const before = await police.get(`/api/weighing-files/${item.weighingFileId}`);
    await control.call(control.connect(police), 'meeting:join', { meetingId: item.meetingId });
    await control.call(chair, 'chair:discuss', { meetingId: item.meetingId, itemId: item.itemId });
    await police.get(`/api/weighing-files/${item.weighingFileId}`);
    expect(await control.close(chair, item.meetingId)).toMatchObject({ ok: true });
    await police.get(`/api/weighing-files/${item.weighingFileId}`);
    control.disconnectAll();

    const subject = before.body.subjectReference as string;
    const reads = (
      await officer.get<AccessLogView>(`/api/access-log?subjectReference=${subject}`)
    ).body.entries
      .filter((e) => e.user === 'Dirk Visser' && e.objectType === 'weighing_file' && e.action === 'read')
      .reverse();
    // Before the item came up, while it was discussed, after the meeting was closed.
    expect(reads.map((e) => e.inMeeting)).toEqual([false, true, false]);
    // Having taken part, the later read is not flagged as outside any meeting on the subject.
    expect(reads[2]!.flags).not.toContain('outside_meeting');
  });

  it('exports the review as CSV, safe to open in a spreadsheet', async () => {
    const response = await fetch(`${server.url}/api/access-log?format=csv`, {
      headers: { cookie: officer.cookie! },
    });
    expect(response.headers.get('content-type')).toMatch(/text\/csv/);
    const csv = await response.text();
    expect(csv.split('\r\n')[0]).toContain('seq;at;user;organisation;role;capacity;action');
    expect(csv).toContain('"Dirk Visser"');
    expect(csv).not.toMatch(/;"=/);
  });

  it('records a periodic review with what it covered and found', async () => {
    const today = dutchDay(new Date());
    const created = await officer.post('/api/access-reviews', {
      periodFrom: today,
      periodTo: today,
      findings: 'Politie las twaalf dossiers in korte tijd; navraag gedaan, verklaard door voorbereiding.',
    });
    expect(created.status).toBe(201);
    expect(created.body.entries).toBeGreaterThan(0);
    expect(created.body.flagged).toBeGreaterThan(0);
    const list = (await officer.get<AccessReviewList>('/api/access-reviews')).body.reviews;
    expect(list).toMatchObject([
      { reviewedBy: 'Karin Peters', findings: expect.stringContaining('navraag') },
    ]);
  });

  it('registers a data breach with the 72-hour deadline, and closes it only when handled', async () => {
    const discovered = new Date(Date.now() - 80 * 3_600_000);
    const body = {
      title: 'Verslag naar verkeerde ontvanger gemaild',
      description: 'Een PDF-verslag is naar een verkeerd adres gestuurd.',
      discoveredAt: discovered.toISOString(),
      personalData: true,
      authorityNotification: 'required',
      actions: 'Ontvanger gevraagd het bericht te verwijderen.',
    };
    expect(
      (
        await officer.post('/api/incidents', {
          ...body,
          discoveredAt: new Date(Date.now() + 3_600_000).toISOString(),
        })
      ).status,
    ).toBe(400);
    expect((await police.post('/api/incidents', body)).status).toBe(403);
    const created = await officer.post<IncidentView>('/api/incidents', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'notification_overdue' });
    expect(new Date(created.body.authorityDeadline).getTime()).toBe(discovered.getTime() + 72 * 3_600_000);
    const id = created.body.id;
    expect((await officer.patch(`/api/incidents/${id}`, { close: true })).status).toBe(409);
    // Art. 33.1 AVG: a notification after the 72 hours states the reasons for the delay.
    const late = await officer.patch(`/api/incidents/${id}`, {
      authorityNotifiedAt: new Date().toISOString(),
    });
    expect(late.status).toBe(422);
    expect(late.body.error).toMatchObject({ field: 'body.lateReason', rule: 'art. 15.2g' });
    const beforeDiscovery = new Date(discovered.getTime() - 3_600_000).toISOString();
    expect(
      (await officer.patch(`/api/incidents/${id}`, { authorityNotifiedAt: beforeDiscovery })).body.error
        .field,
    ).toBe('body.authorityNotifiedAt');
    expect((await officer.patch(`/api/incidents/${id}`, { lateReason: 'x' })).body.error.field).toBe(
      'body.lateReason',
    );
    const notified = await officer.patch<IncidentView>(`/api/incidents/${id}`, {
      authorityNotifiedAt: new Date().toISOString(),
      lateReason: 'Het lek werd pas na overleg met de FG als datalek herkend.',
    });
    expect(notified.body).toMatchObject({
      status: 'open',
      notifiedLate: true,
      lateReason: expect.stringContaining('FG'),
      authorityNotifiedBy: 'Karin Peters',
    });
    const closed = await officer.patch<IncidentView>(`/api/incidents/${id}`, { close: true });
    expect(closed.body).toMatchObject({ status: 'closed', authorityNotifiedBy: 'Karin Peters' });
    // Within the deadline, no reason is asked.
    const recent = await officer.post<IncidentView>('/api/incidents', {
      ...body,
      discoveredAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    const onTime = await officer.patch<IncidentView>(`/api/incidents/${recent.body.id}`, {
      authorityNotifiedAt: new Date().toISOString(),
    });
    expect(onTime.body).toMatchObject({ status: 'open', notifiedLate: false, lateReason: null });
    expect((await officer.patch(`/api/incidents/${id}`, { actions: 'x' })).status).toBe(409);
  });
});
