import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import {
  auditLog,
  destructions,
  fileRestorations,
  caseFiles,
  covenants,
  notificationDuties,
  subjectKeys,
  subjects,
  weighingDecisions,
  weighingFiles,
  yjsSetAside,
} from '../../db/schema/index';
import {
  LAWFUL_SHARING_DEFAULTS,
  addMonths,
  docName,
  dutchDay,
  type CovenantView,
  type NotificationList,
  type PartyNoticeList,
  type SubjectRequestList,
  type MeetingRecordView,
  type RetentionOverview,
} from '../../shared/index';
import {
  newCaseFile,
  newSubjectSignal,
  newWeighingItem,
  recordDecision,
  startTestServer,
  type TestServer,
} from '../testing/harness';
import { connectDoc, controlClients, until } from '../testing/live-clients';
import { agreeAsCoreParties } from '../testing/weegploeg';
import { everyRowAsText, tracesOf } from '../testing/traces';
import { unloggedLosses, verifyDestructionChain } from './destructions';
import { verifyRecordChain } from './records';
import { runRetention } from './retention';
import { openTexts } from './file-texts';
import { atDatabaseTime, setLastProcessed as setFileProcessed } from '../testing/database-clock';

const DAY = 86_400_000;

/**
 * Retention (art. 13), travelling in time with the job's clock: what is due is archived or destroyed, and a
 * destroyed file leaves no trace of its personal data in any table, the Yjs log, snapshots or record payloads,
 * while the records' chain still verifies.
 */
describe('retention job (art. 13)', () => {
  let server: TestServer;
  const control = controlClients(() => server);
  const db = () => server.database.db;
  const weighingFile = async (id: string) =>
    (await db().select().from(weighingFiles).where(eq(weighingFiles.id, id)))[0]!;
  // Time travel as the database allows it (migration 0020): the owner ages a file or moves the clock.
  const setLastProcessed = (id: string, at: Date) =>
    setFileProcessed(server.database, { kind: 'weighing', id }, at);
  const outcomesFor = async (now: Date, fileId: string) =>
    (await atDatabaseTime(server.database, now, () => runRetention(db(), now))).filter(
      (o) => o.fileId === fileId,
    );

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    control.disconnectAll();
    await server.close();
  });

  it('destroys a subject not put on the agenda after 6 months, without a trace; the records still verify', async () => {
    const canary = {
      name: 'CanaryNaamRetentie',
      description: 'CanarySignaalRetentie',
      reporter: 'CanaryMelderRetentie',
      live: 'CanaryAnalyseRetentie',
      remark: 'CanaryBezwaarRetentie',
      setAside: 'CanaryApartGezetRetentie',
    };
    const { meetingId, itemId, weighingFileId } = await newWeighingItem(server, canary.name);
    // A second signal, with a reporter whose contact is personal data too.
    await (
      await server.login('politie')
    ).post('/api/signals', {
      ...newSubjectSignal(''),
      subject: undefined,
      weighingFileId,
      description: canary.description,
      reporter: { name: canary.reporter, contact: `${canary.reporter}@example.nl` },
    });
    const chair = control.connect(await server.login('voorzitter'));
    const police = control.connect(await server.login('politie'));
    for (const socket of [chair, police]) await control.call(socket, 'meeting:join', { meetingId });
    await control.call(chair, 'chair:open', { meetingId });
    const identity = connectDoc(
      server,
      await server.login('politie'),
      docName({ meetingId, itemId, compartment: 'identity' }),
    );
    const analysis = connectDoc(
      server,
      await server.login('politie'),
      docName({ meetingId, itemId, compartment: 'analysis' }),
    );
    await until(() => identity.provider.synced && analysis.provider.synced, 'sync');
    analysis.doc.getText('analysis').insert(0, canary.live);
    await server.app.live.store.drain();
    // A stored update of the item's analysis that was set aside (it did not apply): it goes with the file too.
    await db()
      .insert(yjsSetAside)
      .values({
        docName: docName({ meetingId, itemId, compartment: 'analysis' }),
        source: 'log',
        update: new TextEncoder().encode(canary.setAside),
        reason: 'TypeError',
      });
    await recordDecision(server, weighingFileId, { outcome: 'not_substantial', meetingId });
    await control.call(chair, 'chair:consent-ask', { meetingId, itemId });
    await control.call(police, 'consent:vote', { meetingId, itemId, vote: 'object', remark: canary.remark });
    // The objection stays with its round; in the next the three core parties agree (art. 7.4).
    await control.call(chair, 'chair:consent-ask', { meetingId, itemId });
    await agreeAsCoreParties(server, meetingId, itemId);
    expect(await control.call(chair, 'chair:close', { meetingId })).toMatchObject({ ok: true });
    identity.provider.destroy();
    analysis.provider.destroy();
    // Every canary is somewhere before (the record's content is sealed, so there it is not in the clear). The
    // file's own texts, what was typed live, and the objection's remark are stored sealed with the file's key
    // too: in no row in the clear, yet readable where they belong.
    const before = await everyRowAsText(db());
    for (const [field, value] of Object.entries(canary))
      if (['name', 'description', 'reporter', 'live', 'remark'].includes(field))
        expect(tracesOf(before, value), value).toEqual([]);
      else expect(tracesOf(before, value), value).not.toEqual([]);
    const stored = await server.app.live.store.loadDocument(
      docName({ meetingId, itemId, compartment: 'analysis' }),
    );
    expect(stored?.doc.getText('analysis').toJSON()).toContain(canary.live);

    const last = (await weighingFile(weighingFileId)).lastProcessedAt;
    const due = addMonths(last, 6);
    expect(await outcomesFor(new Date(due.getTime() - 1), weighingFileId)).toEqual([]);
    expect(await outcomesFor(due, weighingFileId)).toMatchObject([
      { action: 'destroy', rule: 'art. 13.3', result: 'done' },
    ]);

    const after = await everyRowAsText(db());
    for (const value of Object.values(canary)) expect(tracesOf(after, value), value).toEqual([]);
    expect(await weighingFile(weighingFileId)).toMatchObject({ name: '', destroyedAt: due });
    // The record is still there, its chain intact; the item's content is gone for every reader.
    const [covenant] = await db().select({ id: covenants.id }).from(covenants);
    expect(await verifyRecordChain(db(), covenant!.id)).toMatchObject({ ok: true });
    const minutes = await (
      await server.login('politie')
    ).get<MeetingRecordView>(`/api/meetings/${meetingId}/record`);
    expect(minutes.body).toMatchObject({ verified: true, items: [{ destroyed: true, compartments: [] }] });
    // The destruction itself is logged (ids only), once: a second run finds nothing to do.
    const logged = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.objectId, weighingFileId), eq(auditLog.action, 'destroy')));
    expect(logged).toMatchObject([{ rule: 'art. 13.3', result: 'allowed' }]);
    // And the key's destruction is in the destruction log, which records:verify walks.
    expect(
      await db()
        .select()
        .from(destructions)
        .where(and(eq(destructions.objectType, 'file_key'), eq(destructions.objectId, weighingFileId))),
    ).toMatchObject([{ rule: 'art. 13.3', destroyedAt: due }]);
    expect(await verifyDestructionChain(db())).toMatchObject({ ok: true });
    expect(await unloggedLosses(db())).toEqual([]);
    expect(await outcomesFor(new Date(due.getTime() + DAY), weighingFileId)).toEqual([]);
    expect((await (await server.login('politie')).get(`/api/weighing-files/${weighingFileId}`)).status).toBe(
      404,
    );
  });

  it('does not destroy a subject put on the agenda on day 179; its files are archived a year after, for core parties only', async () => {
    const executor = await server.login('uitvoerder');
    const signal = await (
      await server.login('politie')
    ).post('/api/signals', newSubjectSignal('Retentie-Dag-179'));
    const fileId = signal.body.weighingFileId as string;
    const now = Date.now();
    await setLastProcessed(fileId, new Date(now - 179 * DAY));
    expect(await outcomesFor(new Date(now), fileId)).toEqual([]);
    // Day 179: the weegploeg puts the subject on the agenda (a processing: the clock starts again).
    const decision = await recordDecision(server, fileId, {
      outcome: 'agenda',
      involved: ['municipality', 'police'],
    });
    expect(await outcomesFor(new Date(now + 2 * DAY), fileId)).toEqual([]);
    const last = (await weighingFile(fileId)).lastProcessedAt;
    expect(await outcomesFor(addMonths(last, 12), fileId)).toMatchObject([
      { action: 'archive', rule: 'art. 13.2', result: 'done' },
    ]);
    const [caseFile] = await db().select().from(caseFiles).where(eq(caseFiles.id, decision.caseFileId!));
    expect(caseFile!.archivedAt).not.toBeNull();
    // Archived: the core parties consult it; the executor and case parties no longer do.
    expect((await (await server.login('politie')).get(`/api/weighing-files/${fileId}`)).status).toBe(200);
    const refused = await executor.get(`/api/weighing-files/${fileId}`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.rule).toBe('art. 13.2');
    expect((await executor.get('/api/weighing-files')).text).not.toContain('Retentie-Dag-179');
    expect((await (await server.login('politie')).get(`/api/case-files/${decision.caseFileId}`)).status).toBe(
      200,
    );
    // Nothing new is processed in an archived file until the controller makes it available again (art. 13.4).
    const signalOnArchived = await (
      await server.login('politie')
    ).post('/api/signals', {
      ...newSubjectSignal(''),
      subject: undefined,
      weighingFileId: fileId,
    });
    expect(signalOnArchived.status).toBe(409);
    // Five years after the last processing: destroyed (art. 13.1).
    expect(await outcomesFor(addMonths(last, 60), fileId)).toMatchObject([
      { action: 'destroy', rule: 'art. 13.1', result: 'done' },
    ]);
  });

  it('counts from the last processing: a new signal moves the 6 months', async () => {
    const police = await server.login('politie');
    const signal = await police.post('/api/signals', newSubjectSignal('Retentie-Reset'));
    const fileId = signal.body.weighingFileId as string;
    const now = Date.now();
    await setLastProcessed(fileId, new Date(now - 100 * DAY));
    await police.post('/api/signals', {
      ...newSubjectSignal(''),
      subject: undefined,
      weighingFileId: fileId,
    });
    const last = (await weighingFile(fileId)).lastProcessedAt;
    expect(last.getTime()).toBeGreaterThanOrEqual(now - 1000);
    expect(await outcomesFor(new Date(now - 100 * DAY + 181 * DAY), fileId)).toEqual([]);
    expect(await outcomesFor(addMonths(last, 6), fileId)).toMatchObject([
      { action: 'destroy', result: 'done' },
    ]);
  });

  it('can be interrupted halfway and run again: what was done stays done, the rest follows, nothing twice', async () => {
    const police = await server.login('politie');
    const ids: string[] = [];
    for (const name of ['Retentie-Onderbroken-1', 'Retentie-Onderbroken-2']) {
      const signal = await police.post('/api/signals', newSubjectSignal(name));
      ids.push(signal.body.weighingFileId as string);
    }
    const past = new Date(Date.now() - 400 * DAY);
    for (const id of ids) await setLastProcessed(id, past);
    // The second file's destruction fails halfway (a real database error inside its transaction).
    // Triggers are the tables' owner's to create (on PostgreSQL the application role owns nothing).
    await server.database.asOwner(async (owner) => {
      await owner.execute(
        sql.raw(`create function fail_retention() returns trigger language plpgsql as $$
        begin if old.file_id = '${ids[1]}' then raise exception 'injected fault'; end if; return old; end $$`),
      );
      await owner.execute(
        sql`create trigger fail_retention before delete on weighing.weighing_signals for each row execute function fail_retention()`,
      );
    });
    const now = new Date();
    try {
      await expect(runRetention(db(), now)).rejects.toThrow();
    } finally {
      await server.database.asOwner(async (owner) => {
        await owner.execute(sql`drop trigger fail_retention on weighing.weighing_signals`);
        await owner.execute(sql`drop function fail_retention()`);
      });
    }
    expect((await weighingFile(ids[0]!)).destroyedAt).not.toBeNull();
    // Nothing of the failed file's destruction was half-done.
    const untouched = await weighingFile(ids[1]!);
    expect(untouched.destroyedAt).toBeNull();
    expect(await openTexts(db(), 'weighingFile', untouched.id, { name: untouched.name })).toEqual({
      name: 'Retentie-Onderbroken-2',
    });
    const rerun = (await runRetention(db(), now)).filter((o) => ids.includes(o.fileId));
    expect(rerun).toMatchObject([{ fileId: ids[1], action: 'destroy', result: 'done' }]);
    const logged = await db().select().from(auditLog).where(eq(auditLog.action, 'destroy'));
    for (const id of ids) expect(logged.filter((row) => row.objectId === id)).toHaveLength(1);
  });

  it("shows the executor what happens next to each file and when, with the covenant's periods", async () => {
    const signal = await (
      await server.login('politie')
    ).post('/api/signals', newSubjectSignal('Retentie-Overzicht'));
    const fileId = signal.body.weighingFileId as string;
    const last = (await weighingFile(fileId)).lastProcessedAt;
    const overview = await (await server.login('uitvoerder')).get<RetentionOverview>('/api/retention');
    expect(overview.body.policy).toEqual({
      notAgendaedMaxMonths: 6,
      archiveAfterMonths: 12,
      destroyAfterYears: 5,
    });
    const entry = overview.body.files.find((f) => f.fileId === fileId);
    expect(entry).toMatchObject({
      kind: 'weighing',
      status: 'open',
      next: { action: 'destroy', rule: 'art. 13.3', at: addMonths(last, 6).toISOString() },
    });
    // References only: no names in the overview.
    expect(overview.text).not.toContain('Retentie-Overzicht');
    const refused = await (await server.login('politie')).get('/api/retention');
    expect(refused.status).toBe(403);
    // Looking is logged too (art. 15.2e): once per look, without a subject.
    const looks = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.objectType, 'retention'), eq(auditLog.action, 'list')));
    expect(looks.map((row) => [row.result, row.subjectId])).toEqual([
      ['allowed', null],
      ['denied', null],
    ]);
  });

  it("makes an archived file available again on the controller's order, which restarts its clock (art. 13.4)", async () => {
    const executor = await server.login('uitvoerder');
    const signal = await (
      await server.login('politie')
    ).post('/api/signals', newSubjectSignal('Retentie-Terug'));
    const fileId = signal.body.weighingFileId as string;
    await recordDecision(server, fileId, { outcome: 'agenda', involved: ['municipality', 'police'] });
    const last = (await weighingFile(fileId)).lastProcessedAt;
    await outcomesFor(addMonths(last, 12), fileId);
    expect((await executor.get(`/api/weighing-files/${fileId}`)).status).toBe(403);
    const body = {
      kind: 'weighing',
      fileId,
      order: 'Opdracht burgemeester d.d. 20-11-2026: nieuwe signalen',
    };
    expect((await (await server.login('politie')).post('/api/retention/restore', body)).status).toBe(403);
    const restored = await executor.post('/api/retention/restore', body);
    expect(restored.status).toBe(200);
    expect(await weighingFile(fileId)).toMatchObject({ archivedAt: null });
    expect((await weighingFile(fileId)).lastProcessedAt.getTime()).toBeGreaterThan(last.getTime());
    expect((await executor.get(`/api/weighing-files/${fileId}`)).status).toBe(200);
    expect((await executor.post('/api/retention/restore', body)).status).toBe(409);
    // The order is kept with the file (it may name the subject), not in the audit log, which outlives files.
    const audited = await db().select({ purpose: auditLog.purpose }).from(auditLog);
    expect(audited.filter((row) => row.purpose.includes('nieuwe signalen'))).toEqual([]);
    expect(
      await db()
        .select({ order: fileRestorations.order })
        .from(fileRestorations)
        .where(eq(fileRestorations.fileId, fileId)),
    ).toEqual([{ order: body.order }]);
  });

  it('destroys both files of a discussed case after five years, without a trace anywhere (art. 13.1)', async () => {
    const canary = {
      name: 'CanaryNaamVijfJaar',
      plan: 'CanaryPlanVijfJaar',
      necessity: 'CanaryNoodzaakVijfJaar',
      remark: 'CanaryBezwaarVijfJaar',
      request: 'CanaryVerzoekVijfJaar',
      reasoning: 'CanaryMotiveringVijfJaar',
      informedHow: 'CanaryBriefAanHuisadresVijfJaar',
    };
    const caseFileId = await newCaseFile(server, canary.name, ['municipality', 'police', 'mental_health']);
    const executor = await server.login('uitvoerder');
    const police = await server.login('politie');
    const meetingId = (
      await executor.post('/api/meetings', {
        kind: 'case',
        title: 'Casusoverleg',
        scheduledAt: '2026-12-05T09:00:00Z',
      })
    ).body.id as string;
    const itemId = (await executor.post(`/api/meetings/${meetingId}/agenda-items`, { caseFileId })).body
      .agenda[0].id as string;
    const covenant = (await executor.get<CovenantView>('/api/covenant')).body;
    const ggz = covenant.parties.find((p) => p.organisationType === 'mental_health')!.id;
    const proposed = await police.post(`/api/case-files/${caseFileId}/disclosures`, {
      compartment: 'analysis',
      recipientPartyId: ggz,
      ...LAWFUL_SHARING_DEFAULTS,
      necessity: canary.necessity,
      dataKind: 'analyse',
      care: 'behandelaar',
    });
    expect(proposed.status).toBe(201);
    const chair = control.connect(await server.login('voorzitter'));
    const member = control.connect(police);
    for (const socket of [chair, member]) await control.call(socket, 'meeting:join', { meetingId });
    await control.call(chair, 'chair:open', { meetingId });
    const plan = connectDoc(server, police, docName({ meetingId, itemId, compartment: 'plan' }));
    await until(() => plan.provider.synced, 'sync');
    plan.doc.getText('goal').insert(0, canary.plan);
    await server.app.live.store.drain();
    await control.call(chair, 'chair:consent-ask', { meetingId, itemId, proposal: { advice: 'close' } });
    await control.call(member, 'consent:vote', { meetingId, itemId, vote: 'object', remark: canary.remark });
    await control.call(chair, 'chair:outcome', { meetingId, itemId, outcome: 'agreed' });
    expect(await control.call(chair, 'chair:close', { meetingId })).toMatchObject({ ok: true });
    plan.provider.destroy();
    // A request of the subject (art. 12) whose text describes the subject: the register keeps the steps, not that.
    const [{ reference }] = (await db()
      .select({ reference: subjects.reference })
      .from(caseFiles)
      .innerJoin(subjects, eq(subjects.id, caseFiles.subjectId))
      .where(eq(caseFiles.id, caseFileId))) as [{ reference: string }];
    const today = dutchDay(new Date());
    const request = await executor.post('/api/subject-requests', {
      subjectReference: reference,
      kind: 'correction',
      requester: 'subject',
      receivedOn: today,
      identityVerifiedOn: today,
      details: canary.request,
    });
    await executor.post(`/api/subject-requests/${request.body.id}/decision`, {
      decision: 'granted',
      decidedOn: today,
      reasoning: canary.reasoning,
    });
    await executor.post(`/api/subject-requests/${request.body.id}/carried-out`, { carriedOutOn: today });
    const noticesOf = async () =>
      (await (await server.login('politie')).get<PartyNoticeList>('/api/notices')).body.notices.filter(
        (n) => n.subjectReference === reference,
      );
    expect(await noticesOf()).toHaveLength(1);
    // The notification register (art. 11): how the subject was informed is free text that goes with the files.
    const [decision] = await db()
      .select({ id: weighingDecisions.id })
      .from(weighingDecisions)
      .where(eq(weighingDecisions.caseFileId, caseFileId));
    // The weegploeg's freeze started the notification duty (art. 11); the executor records how it was done.
    const [duty] = await db()
      .select({ id: notificationDuties.id })
      .from(notificationDuties)
      .where(eq(notificationDuties.weighingDecisionId, decision!.id));
    const dutyId = duty!.id;
    const informed = await executor.post(`/api/notifications/${dutyId}/informed`, {
      informedOn: today,
      how: canary.informedHow,
    });
    expect(informed.status).toBe(200);
    // No canary is in any row before: the name, the plan typed live, the necessity and the remark are sealed with
    // the case file's key, the request's texts and how the subject was informed with the subject's; the screens
    // open them.
    const before = await everyRowAsText(db());
    for (const value of Object.values(canary)) expect(tracesOf(before, value), value).toEqual([]);
    expect(
      (await executor.get<SubjectRequestList>('/api/subject-requests')).body.requests.find(
        (r) => r.id === request.body.id,
      ),
    ).toMatchObject({ details: canary.request, reasoning: canary.reasoning });
    expect(
      (await executor.get<NotificationList>('/api/notifications')).body.notifications.find(
        (d) => d.id === dutyId,
      ),
    ).toMatchObject({ informedHow: canary.informedHow, history: [{ informedHow: canary.informedHow }] });
    const storedPlan = await server.app.live.store.loadDocument(
      docName({ meetingId, itemId, compartment: 'plan' }),
    );
    expect(storedPlan?.doc.getText('goal').toJSON()).toContain(canary.plan);

    // Five years and a day without processing, for both files.
    const [origin] = await db()
      .select({ fileId: weighingDecisions.fileId })
      .from(weighingDecisions)
      .where(eq(weighingDecisions.caseFileId, caseFileId));
    const long = new Date(Date.now() - (5 * 366 + 1) * DAY);
    await setLastProcessed(origin!.fileId, long);
    await setFileProcessed(server.database, { kind: 'case', id: caseFileId }, long);
    const outcomes = (await runRetention(db(), new Date())).filter((o) =>
      [caseFileId, origin!.fileId].includes(o.fileId),
    );
    expect(outcomes.map((o) => [o.kind, o.action, o.rule, o.result]).sort()).toEqual([
      ['case', 'destroy', 'art. 13.1', 'done'],
      ['weighing', 'destroy', 'art. 13.1', 'done'],
    ]);
    const after = await everyRowAsText(db());
    for (const value of Object.values(canary)) expect(tracesOf(after, value), value).toEqual([]);
    // The notices about the subject have gone; the register still shows that the request was made and decided.
    const register = (await executor.get<SubjectRequestList>('/api/subject-requests')).body.requests;
    expect(register.find((r) => r.id === request.body.id)).toMatchObject({
      kind: 'correction',
      decision: 'granted',
      decidedOn: today,
      details: '',
    });
    expect(await noticesOf()).toEqual([]);
    // And the subject's key is destroyed with the last file, so the backups lose these texts too.
    expect(
      await db()
        .select({ key: subjectKeys.key })
        .from(subjectKeys)
        .innerJoin(caseFiles, eq(caseFiles.subjectId, subjectKeys.subjectId))
        .where(eq(caseFiles.id, caseFileId)),
    ).toEqual([{ key: null }]);
    const [covenantRow] = await db().select({ id: covenants.id }).from(covenants);
    expect(await verifyRecordChain(db(), covenantRow!.id)).toMatchObject({ ok: true });
  });
});
