import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNull } from 'drizzle-orm';
import {
  auditLog,
  consentRounds,
  consentVotes,
  subjectRequests,
  subjects,
  weighingFiles,
  yjsUpdates,
} from '../../db/schema/index';
import { dutchDay, type SubjectRequestList } from '../../shared/index';
import { DocKeys } from '../live/doc-keys';
import { newWeighingItem, recordDecision, startTestServer, type TestServer } from '../testing/harness';
import { controlClients } from '../testing/live-clients';
import { analysisTypedLive } from '../testing/live-meeting';
import { everyRowAsText, tracesOf } from '../testing/traces';
import { openText } from './sealed-text';
import { ForeignKeyStoreError, sealExisting, type SealProgress } from './seal-existing';
import { keyStore, useKeyStore } from '../../db/keystore/current';
import { MemoryKeyStore } from '../../db/keystore/store';

const CANARY = {
  name: 'CanaryOudeNaam5511',
  remark: 'CanaryOudBezwaar5512',
  request: 'CanaryOudVerzoek5513',
  live: 'CanaryOudeAnalyse5514',
};

/**
 * Rows an older version stored in the clear are sealed afterwards (convenant art. 13: a destruction must reach the
 * backups for them too), and read exactly as before.
 */
describe('sealing what was stored in the clear', () => {
  let server: TestServer;
  const control = controlClients(() => server);
  const db = () => server.database.db;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    control.disconnectAll();
    await server.close();
  });

  it('seals the texts, remarks, requests and live documents of an older version, which read as before; a second run seals nothing', async () => {
    const { meetingId, itemId, weighingFileId, chair, police, analysisName } = await analysisTypedLive(
      server,
      control,
      'Nieuwe Naam',
      CANARY.live,
    );
    await recordDecision(server, weighingFileId, { outcome: 'not_substantial', meetingId });
    await control.call(chair, 'chair:consent-ask', { meetingId, itemId });
    await control.call(police, 'consent:vote', { meetingId, itemId, vote: 'object', remark: 'Bezwaar' });
    const executor = await server.login('uitvoerder');
    const [subject] = await db()
      .select({ id: subjects.id, reference: subjects.reference })
      .from(weighingFiles)
      .innerJoin(subjects, eq(subjects.id, weighingFiles.subjectId))
      .where(eq(weighingFiles.id, weighingFileId));
    const request = await executor.post('/api/subject-requests', {
      subjectReference: subject!.reference,
      kind: 'access',
      requester: 'subject',
      receivedOn: dutchDay(new Date()),
      details: 'Verzoek',
    });
    expect(request.status).toBe(201);

    // What an older version left: the same values in the clear, the Yjs rows without their file.
    await db().update(weighingFiles).set({ name: CANARY.name }).where(eq(weighingFiles.id, weighingFileId));
    const [round] = await db()
      .select({ id: consentRounds.id })
      .from(consentRounds)
      .where(eq(consentRounds.agendaItemId, itemId));
    await db().update(consentVotes).set({ remark: CANARY.remark }).where(eq(consentVotes.roundId, round!.id));
    await db()
      .update(subjectRequests)
      .set({ details: CANARY.request })
      .where(eq(subjectRequests.id, request.body.id as string));
    const keys = new DocKeys(db());
    for (const row of await db().select().from(yjsUpdates).where(eq(yjsUpdates.docName, analysisName))) {
      const plain = await keys.open(analysisName, { fileId: row.fileId, bytes: row.update });
      await db().update(yjsUpdates).set({ update: plain!, fileId: null }).where(eq(yjsUpdates.id, row.id));
    }
    const before = await everyRowAsText(db());
    for (const value of Object.values(CANARY)) expect(tracesOf(before, value), value).not.toEqual([]);

    const reports: SealProgress[] = [];
    const steps = await sealExisting(db(), (progress) => reports.push({ ...progress }));
    const byStep = Object.fromEntries(steps.map((step) => [step.step, step]));
    expect(byStep['weighing.weighing_files']).toMatchObject({ sealed: 1, skipped: 0 });
    expect(byStep['public.consent_votes']).toMatchObject({ sealed: 1 });
    expect(byStep['public.subject_requests']).toMatchObject({ sealed: 1 });
    expect(byStep['live.yjs_updates']!.sealed).toBeGreaterThan(0);
    // Progress is reported as it goes: each step at its start, with its total, and at its end.
    expect(reports.find((r) => r.step === 'weighing.weighing_files' && r.done === 0)).toMatchObject({
      total: 1,
    });

    const after = await everyRowAsText(db());
    for (const value of Object.values(CANARY)) expect(tracesOf(after, value), value).toEqual([]);
    // Read as before, through the same services.
    expect((await executor.get(`/api/weighing-files/${weighingFileId}`)).body).toMatchObject({
      subject: { name: CANARY.name },
    });
    const register = (await executor.get<SubjectRequestList>('/api/subject-requests')).body.requests;
    expect(register.find((r) => r.id === request.body.id)).toMatchObject({ details: CANARY.request });
    const [vote] = await db()
      .select({ remark: consentVotes.remark })
      .from(consentVotes)
      .where(eq(consentVotes.roundId, round!.id));
    expect(await openText(db(), weighingFileId, 'consent_votes.remark', vote!.remark)).toBe(CANARY.remark);
    const stored = await server.app.live.store.loadDocument(analysisName);
    expect(stored?.doc.getText('analysis').toJSON()).toBe(CANARY.live);

    // Nothing left to do: a second run seals nothing.
    const again = await sealExisting(db());
    expect(again.filter((step) => step.sealed > 0)).toEqual([]);
    expect(
      await db()
        .select({ id: yjsUpdates.id })
        .from(yjsUpdates)
        .where(and(eq(yjsUpdates.docName, analysisName), isNull(yjsUpdates.fileId))),
    ).toEqual([]);
  });
  it('refuses a key store that holds none of the secrets of the database, sealing nothing; logs what it sealed', async () => {
    const { weighingFileId } = await newWeighingItem(server, 'Andere Naam');
    await db().update(weighingFiles).set({ name: CANARY.name }).where(eq(weighingFiles.id, weighingFileId));
    const right = keyStore();
    useKeyStore(new MemoryKeyStore());
    try {
      await expect(sealExisting(db())).rejects.toThrow(ForeignKeyStoreError);
    } finally {
      useKeyStore(right);
    }
    const clear = async () =>
      (
        await db()
          .select({ name: weighingFiles.name })
          .from(weighingFiles)
          .where(eq(weighingFiles.id, weighingFileId))
      )[0]!.name;
    expect(await clear()).toBe(CANARY.name);
    await sealExisting(db());
    expect(await clear()).toMatch(/^sealed:v1:/);
    const logged = await db()
      .select({ fieldGroup: auditLog.fieldGroup, rule: auditLog.rule })
      .from(auditLog)
      .where(eq(auditLog.userAgent, 'data:seal'));
    expect(logged).toContainEqual({ fieldGroup: 'sealed:weighing.weighing_files:1', rule: 'art. 13' });
  });
});
