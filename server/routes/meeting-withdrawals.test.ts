import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { agendaItemRemovals, auditLog, yjsUpdates } from '../../db/schema/index';
import { CloseCode, docName, type MeetingDetail, type OverduePostponements } from '../../shared/index';
import type { RetentionOverview } from '../../shared/index';
import { setLastProcessed } from '../testing/database-clock';
import { newWeighingItem, recordDecision, startTestServer, type TestServer } from '../testing/harness';
import { connectDoc, controlClients, until } from '../testing/live-clients';
import { everyRowAsText, tracesOf } from '../testing/traces';
import { runRetention } from '../services/retention';
import { YjsStore } from '../live/store';

const DAY = 86_400_000;

/**
 * The executor withdraws what will not be discussed (art. 5): a meeting called off, an item taken off its agenda,
 * each audited with a reason. Otherwise a file on the agenda of a meeting that never takes place is held from
 * retention for ever (art. 13); such waiting shows in the overview, and past the notice period also to the officer.
 */
describe('cancelling a meeting and removing an agenda item', () => {
  let server: TestServer;
  const control = controlClients(() => server);
  /** The rows of a document's log (stored sealed: counted, not read). */
  const rowsOf = async (name: string) =>
    (
      await server.database.db
        .select({ id: yjsUpdates.id })
        .from(yjsUpdates)
        .where(eq(yjsUpdates.docName, name))
    ).length;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    control.disconnectAll();
    await server.close();
  });

  it('calls off a scheduled meeting with a reason: its documents close and are refused, it cannot be opened', async () => {
    const executor = await server.login('uitvoerder');
    const police = await server.login('politie');
    const { meetingId, itemId } = await newWeighingItem(server, 'Afgelast-Subject');
    const notes = connectDoc(server, police, docName({ meetingId, itemId, compartment: 'analysis' }));
    await until(() => notes.provider.synced, 'sync');

    expect((await police.post(`/api/meetings/${meetingId}/cancel`, { reason: 'Geen quorum' })).status).toBe(
      403,
    );
    expect((await executor.post(`/api/meetings/${meetingId}/cancel`, { reason: '' })).status).toBe(400);
    const cancelled = await executor.post<MeetingDetail>(`/api/meetings/${meetingId}/cancel`, {
      reason: 'Geen quorum; nieuwe datum volgt',
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      state: 'cancelled',
      cancellation: { reason: 'Geen quorum; nieuwe datum volgt' },
    });
    await until(() => notes.closed.codes.includes(CloseCode.Forbidden), 'the live document closed');
    notes.provider.destroy();
    const again = connectDoc(server, police, docName({ meetingId, itemId, compartment: 'analysis' }));
    await until(() => again.closed.code === CloseCode.Forbidden, 'refused');
    again.provider.destroy();

    expect((await executor.post(`/api/meetings/${meetingId}/cancel`, { reason: 'nogmaals' })).status).toBe(
      409,
    );
    const chair = control.connect(await server.login('voorzitter'));
    await control.call(chair, 'meeting:join', { meetingId });
    expect(await control.call(chair, 'chair:open', { meetingId })).toMatchObject({ ok: false });
    // Nor can anyone join its live meeting any more.
    const late = control.connect(police);
    expect(await control.call(late, 'meeting:join', { meetingId })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    const audited = await server.database.db
      .select({ action: auditLog.action, result: auditLog.result, rule: auditLog.rule })
      .from(auditLog)
      .where(and(eq(auditLog.objectId, meetingId), eq(auditLog.fieldGroup, 'cancelled')));
    // The police member's attempt, refused, and the executor's cancellation.
    expect(audited).toContainEqual({ action: 'update', result: 'denied', rule: 'art. 5' });
    expect(audited).toContainEqual({ action: 'update', result: 'allowed', rule: 'art. 5' });
  });

  it('takes an undiscussed item off the agenda: its prepared documents go, a row keeps why', async () => {
    const executor = await server.login('uitvoerder');
    const police = await server.login('politie');
    const { meetingId, itemId, weighingFileId } = await newWeighingItem(server, 'Afgevoerd-Subject');
    const analysis = connectDoc(server, police, docName({ meetingId, itemId, compartment: 'analysis' }));
    await until(() => analysis.provider.synced, 'sync');
    analysis.doc.getText('analysis').insert(0, 'KanarieVoorbereidAfgevoerd');
    // Stored once the frame arrived and its commit is done (the provider sends it asynchronously); sealed with
    // the file's key, so it is read back through the store.
    const name = docName({ meetingId, itemId, compartment: 'analysis' });
    for (let tries = 0; ; tries++) {
      await server.app.live.store.drain();
      const stored = await server.app.live.store.loadDocument(name);
      if (stored?.doc.getText('analysis').toJSON().includes('KanarieVoorbereidAfgevoerd')) break;
      if (tries > 100) throw new Error('the prepared text was never stored');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    const path = `/api/meetings/${meetingId}/agenda-items/${itemId}/remove`;
    expect((await police.post(path, { reason: 'Dubbel geagendeerd' })).status).toBe(403);
    const removed = await executor.post<MeetingDetail>(path, { reason: 'Dubbel geagendeerd' });
    expect(removed.status).toBe(200);
    expect(removed.body.agenda).toEqual([]);
    await until(() => analysis.closed.codes.includes(CloseCode.Forbidden), 'the item document closed');
    analysis.provider.destroy();
    expect(await rowsOf(name)).toBe(0);
    expect(await server.app.live.store.loadDocument(name)).toBeNull();
    expect(
      await server.database.db
        .select()
        .from(agendaItemRemovals)
        .where(eq(agendaItemRemovals.agendaItemId, itemId)),
    ).toMatchObject([{ meetingId, weighingFileId, reason: 'Dubbel geagendeerd' }]);
    expect((await executor.post(path, { reason: 'nogmaals' })).status).toBe(404);
    // The file can go onto another meeting's agenda.
    const other = await executor.post('/api/meetings', {
      kind: 'weighing',
      title: 'Weegploeg',
      scheduledAt: '2026-12-08T09:00:00Z',
    });
    expect(
      (await executor.post(`/api/meetings/${other.body.id}/agenda-items`, { weighingFileId })).status,
    ).toBe(201);
  });

  it('destroys with the file what a late write left in a removed item document (art. 13)', async () => {
    const executor = await server.login('uitvoerder');
    const { meetingId, itemId, weighingFileId } = await newWeighingItem(server, 'Laat-Schrijven-Subject');
    const name = docName({ meetingId, itemId, compartment: 'analysis' });
    // Another instance's store, which wrote the item's document before (it knows the item's file).
    const otherInstance = new YjsStore(server.database.db);
    const early = new Y.Doc();
    early.getText('analysis').insert(0, 'vroeg ');
    await otherInstance.append(name, Y.encodeStateAsUpdate(early));
    const path = `/api/meetings/${meetingId}/agenda-items/${itemId}/remove`;
    expect((await executor.post(path, { reason: 'Niet nodig' })).status).toBe(200);
    expect(await rowsOf(name)).toBe(0);
    // A write that was in flight on that instance when the item was removed, stored just after.
    const late = new Y.Doc();
    late.getText('analysis').insert(0, 'KanarieLaatGeschreven');
    await otherInstance.append(name, Y.encodeStateAsUpdate(late));
    expect(await rowsOf(name)).toBe(1);
    expect((await otherInstance.loadDocument(name))?.doc.getText('analysis').toJSON()).toContain(
      'KanarieLaatGeschreven',
    );
    // This instance no longer finds the item: it stores nothing for it at all.
    await expect(server.app.live.store.append(name, Y.encodeStateAsUpdate(late))).rejects.toThrow(
      'no agenda item holds',
    );
    await setLastProcessed(
      server.database,
      { kind: 'weighing', id: weighingFileId },
      new Date(Date.now() - 7 * 31 * DAY),
    );
    const outcomes = (await runRetention(server.database.db, new Date())).filter(
      (o) => o.fileId === weighingFileId,
    );
    expect(outcomes).toMatchObject([{ action: 'destroy', result: 'done' }]);
    expect(await rowsOf(name)).toBe(0);
    expect(tracesOf(await everyRowAsText(server.database.db), 'KanarieLaatGeschreven')).toEqual([]);
  });

  it('refuses to remove an item whose file got a decision proposed in this meeting (it takes effect at the freeze)', async () => {
    const executor = await server.login('uitvoerder');
    const { meetingId, itemId, weighingFileId } = await newWeighingItem(server, 'Besloten-Subject');
    const chair = control.connect(await server.login('voorzitter'));
    await control.call(chair, 'meeting:join', { meetingId });
    await control.call(chair, 'chair:open', { meetingId });
    await recordDecision(server, weighingFileId, { outcome: 'not_substantial', meetingId });
    const refused = await executor.post(`/api/meetings/${meetingId}/agenda-items/${itemId}/remove`, {
      reason: 'toch niet',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('decision');
  });

  it('refuses to remove an item once a consent round was held on it (it is carried over instead)', async () => {
    const executor = await server.login('uitvoerder');
    const { meetingId, itemId } = await newWeighingItem(server, 'Besproken-Subject');
    const chair = control.connect(await server.login('voorzitter'));
    await control.call(chair, 'meeting:join', { meetingId });
    await control.call(chair, 'chair:open', { meetingId });
    await control.call(chair, 'chair:outcome', { meetingId, itemId, outcome: 'carried_over' });
    const refused = await executor.post(`/api/meetings/${meetingId}/agenda-items/${itemId}/remove`, {
      reason: 'te laat',
    });
    expect(refused.status).toBe(409);
    expect((await executor.post(`/api/meetings/${meetingId}/cancel`, { reason: 'te laat' })).status).toBe(
      409,
    );
  });

  it('shows retention waiting for a meeting that never took place, and lets it go once the meeting is called off', async () => {
    const executor = await server.login('uitvoerder');
    const { meetingId, weighingFileId } = await newWeighingItem(server, 'Wachtend-Subject');
    // Seven months without processing: the 6-month destruction (art. 13.3) is due, but the meeting holds the file.
    const longAgo = new Date(Date.now() - 7 * 31 * DAY);
    await setLastProcessed(server.database, { kind: 'weighing', id: weighingFileId }, longAgo);
    const waiting = (await runRetention(server.database.db, new Date())).filter(
      (o) => o.fileId === weighingFileId,
    );
    expect(waiting).toMatchObject([{ action: 'destroy', result: 'postponed' }]);
    const overview = await executor.get<RetentionOverview>('/api/retention');
    const row = overview.body.files.find((f) => f.fileId === weighingFileId)!;
    // The meeting's date (1 December 2026) is not yet three months past: waiting, not overdue.
    expect(row.postponed).toMatchObject({ meetingId, meetingState: 'scheduled', overdue: false });
    expect(row.postponed!.since).toBe(row.next!.at);
    const officer = await server.login('functionaris');
    const notYet = await officer.get<OverduePostponements>('/api/retention/postponements');
    expect(notYet.status).toBe(200);
    expect(notYet.body.files.find((f) => f.fileId === weighingFileId)).toBeUndefined();
    expect((await (await server.login('politie')).get('/api/retention/postponements')).status).toBe(403);

    await executor.post(`/api/meetings/${meetingId}/cancel`, { reason: 'Vervalt' });
    expect(
      (await executor.get<RetentionOverview>('/api/retention')).body.files.find(
        (f) => f.fileId === weighingFileId,
      )!.postponed,
    ).toBeNull();
    const done = (await runRetention(server.database.db, new Date())).filter(
      (o) => o.fileId === weighingFileId,
    );
    expect(done).toMatchObject([{ action: 'destroy', result: 'done' }]);
  });
});
