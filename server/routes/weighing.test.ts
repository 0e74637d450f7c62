import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { auditLog, caseFiles, caseSignals, users, weighingFiles } from '../../db/schema/index';
import type { CovenantView, PartyView } from '../../shared/index';
import { freezeDepsOf } from '../live/freeze-deps';
import { openTexts } from '../services/file-texts';
import { openMeeting } from '../services/meeting-control/agenda';
import { closeMeeting } from '../services/meeting-control/close';
import { askForConsent } from '../services/meeting-control/consent';
import {
  DEMO_USERNAMES,
  startTestServer,
  type TestClient,
  type TestServer,
  newSubjectSignal,
} from '../testing/harness';
import { agreeAsCoreParties, contextOf } from '../testing/weegploeg';

const CANARY_NAME = 'Canary-Subject-7f3a';
const CANARY_REPORTER = 'Canary-Reporter-91bc';

describe('the weegploeg file (convenant art. 7, 8)', () => {
  let server: TestServer;
  let police: TestClient;
  let executor: TestClient;
  let covenant: CovenantView;
  let fileId: string;
  /** The case files of the subject of a weighing file (names are stored sealed: found by subject). */
  const caseFilesOf = async (weighingFileId: string) => {
    const [file] = await server.database.db
      .select({ subjectId: weighingFiles.subjectId })
      .from(weighingFiles)
      .where(eq(weighingFiles.id, weighingFileId));
    return server.database.db.select().from(caseFiles).where(eq(caseFiles.subjectId, file!.subjectId));
  };
  const party = (type: PartyView['organisationType']) =>
    covenant.parties.find((p) => p.organisationType === type)!;

  beforeAll(async () => {
    server = await startTestServer();
    police = await server.login('politie');
    executor = await server.login('uitvoerder');
    covenant = (await police.get<CovenantView>('/api/covenant')).body;
    const registered = await police.post('/api/signals', {
      subject: {
        name: CANARY_NAME,
        dateOfBirth: '2007-02-28',
        address: 'Kanaalstraat 1',
        residence: 'Voorbeeldstad',
      },
      description: 'Deelt online oproepen tot geweld tegen een bevolkingsgroep',
      observedOn: '2026-10-30',
      reporter: { name: CANARY_REPORTER, contact: 'wijkagent@politie.example' },
      phenomenon: 'right_wing',
      setting: 'online',
    });
    expect(registered.status).toBe(201);
    fileId = registered.body.weighingFileId;
  });
  afterAll(async () => {
    await server.close();
  });

  it('lists weighing files with their signal count and last observation', async () => {
    const list = await police.get('/api/weighing-files');
    expect(list.body.weighingFiles.find((f: { id: string }) => f.id === fileId)).toMatchObject({
      subjectName: CANARY_NAME,
      signalCount: 1,
      lastObservedOn: '2026-10-30',
    });
  });

  it('lets a core-party member register a signal, brought in by their own party (art. 7.2)', async () => {
    const file = await police.get(`/api/weighing-files/${fileId}`);
    expect(file.status).toBe(200);
    expect(file.body.subject.name).toBe(CANARY_NAME);
    expect(file.body.subjectReference).toMatch(/^PGA-\d{4}-\d{4}$/);
    expect(file.body.signals).toHaveLength(1);
    expect(file.body.signals[0]).toMatchObject({
      broughtBy: { partyId: party('police').id },
      reporter: { name: CANARY_REPORTER },
      registeredBy: 'Dirk Visser',
    });
  });

  // Art. 8.4: "uitsluitend toegankelijk voor kernpartijen"; the executor keeps the file for them (art. 5).
  const expected: Record<(typeof DEMO_USERNAMES)[number], number> = {
    voorzitter: 200,
    uitvoerder: 200,
    gemeente: 200,
    politie: 200,
    om: 200,
    rvdk: 403,
    reclassering: 403,
    ggz: 403,
    jeugdbescherming: 403,
    // The administrator and the controller's officer manage rights and review access; they read no files.
    beheerder: 403,
    functionaris: 403,
  };

  it.each(DEMO_USERNAMES)(
    'gives %s the access art. 8.4 allows, and audits it either way',
    async (username) => {
      const user = await server.login(username);
      const [file] = await server.database.db
        .select()
        .from(weighingFiles)
        .where(eq(weighingFiles.id, fileId));
      const [account] = await server.database.db.select().from(users).where(eq(users.username, username));
      for (const path of [`/api/weighing-files/${fileId}`, '/api/weighing-files']) {
        const response = await user.get(path);
        expect(response.status, path).toBe(expected[username]);
        const [audit] = await server.database.db
          .select()
          .from(auditLog)
          .where(and(eq(auditLog.userId, account!.id), eq(auditLog.objectType, 'weighing_file')))
          .orderBy(desc(auditLog.seq))
          .limit(1);
        if (expected[username] === 200) {
          expect(response.text).toContain(CANARY_NAME);
          expect(audit).toMatchObject({ result: 'allowed', subjectId: expect.any(String) });
        } else {
          expect(response.body.error).toMatchObject({ code: 'FORBIDDEN', rule: 'art. 8.4' });
          expect(response.text).not.toContain(CANARY_NAME);
          expect(audit).toMatchObject({ result: 'denied', rule: 'art. 8.4' });
          // A refused look at one file is filed under its subject, so a per-subject review sees it (art. 15.2e).
          if (path.endsWith(fileId)) expect(audit!.subjectId).toBe(file!.subjectId);
        }
      }
    },
  );

  it('refuses signals from parties that are not core parties (art. 7.1)', async () => {
    const body = {
      weighingFileId: fileId,
      description: 'x',
      observedOn: '2026-10-01',
      reporter: { name: 'r', contact: 'c' },
      phenomenon: 'other',
      setting: 'offline',
    };
    for (const username of ['rvdk', 'ggz'] as const) {
      const response = await (await server.login(username)).post('/api/signals', body);
      expect(response.status).toBe(403);
      expect(response.body.error.rule).toBe('art. 7.1');
    }
    // The executor records signals, but must name the core party that brought it.
    const missing = await executor.post('/api/signals', body);
    expect(missing.status).toBe(400);
    expect(missing.body.error.field).toBe('body.broughtByPartyId');
    const byCaseParty = await executor.post('/api/signals', {
      ...body,
      broughtByPartyId: party('probation').id,
    });
    expect(byCaseParty.status).toBe(422);
    expect(byCaseParty.body.error.rule).toBe('art. 7.1');
    const byProsecution = await executor.post('/api/signals', {
      ...body,
      broughtByPartyId: party('prosecution').id,
    });
    expect(byProsecution.status).toBe(201);
    expect(byProsecution.body.signal.broughtBy.partyId).toBe(party('prosecution').id);
    // A police member cannot bring a signal in the name of the OM.
    const forOther = await police.post('/api/signals', {
      ...body,
      broughtByPartyId: party('prosecution').id,
    });
    expect(forOther.status).toBe(422);
    expect(forOther.body.error.rule).toBe('art. 7.2');
  });

  /** A weegploeg meeting with the file on its agenda, opened by the chair: where a decision is proposed (art. 7.3). */
  async function openWeegploeg(weighingFileId: string) {
    const meeting = await executor.post('/api/meetings', {
      kind: 'weighing',
      title: 'Weegploeg',
      scheduledAt: '2099-02-01T09:00:00Z',
    });
    const withItem = await executor.post(`/api/meetings/${meeting.body.id}/agenda-items`, { weighingFileId });
    expect(withItem.status).toBe(201);
    const meetingId = meeting.body.id as string;
    await openMeeting(server.app.db, await contextOf(server, 'voorzitter'), meetingId);
    return { meetingId, itemId: withItem.body.agenda[0].id as string };
  }
  /** The chair asks consent on the proposal, the three core parties agree, and the chair closes: the freeze. */
  async function agreeAndFreeze(meeting: { meetingId: string; itemId: string }) {
    const chair = await contextOf(server, 'voorzitter');
    await askForConsent(server.app.db, chair, meeting.meetingId, meeting.itemId, undefined);
    await agreeAsCoreParties(server, meeting.meetingId, meeting.itemId);
    return closeMeeting(freezeDepsOf(server.app), server.app.events, chair, meeting.meetingId);
  }

  describe('the decision', () => {
    const findings = () =>
      covenant.referenceFramework.criteria.map((c, i) => ({
        criterionId: c.id,
        finding: i === 1 ? 'present' : 'unknown',
        grounds: i === 1 ? 'Meerdere berichten die geweld rechtvaardigen' : '',
      }));
    const core = () => [party('municipality').id, party('police').id, party('prosecution').id];
    let weegploeg: { meetingId: string; itemId: string };
    beforeAll(async () => {
      weegploeg = await openWeegploeg(fileId);
    });

    it('is refused outside a weegploeg meeting, naming the rule (art. 7.3)', async () => {
      const response = await executor.post(`/api/weighing-files/${fileId}/decisions`, {
        outcome: 'not_substantial',
        grounds: 'Onvoldoende',
        findings: findings(),
        decidedByPartyIds: core(),
        involvedPartyIds: [],
      });
      expect(response.status).toBe(422);
      expect(response.body.error).toMatchObject({
        code: 'RULE_VIOLATION',
        rule: 'art. 7.3',
        field: 'body.meetingId',
      });
      expect(response.body.error.message).toContain('weegploeg meeting');
      const file = await police.get(`/api/weighing-files/${fileId}`);
      expect(file.body).toMatchObject({ status: 'open', decisions: [] });
    });

    it('is refused in a weegploeg that is not being held (scheduled, not opened)', async () => {
      const meeting = await executor.post('/api/meetings', {
        kind: 'weighing',
        title: 'Weegploeg later',
        scheduledAt: '2099-03-01T09:00:00Z',
      });
      await executor.post(`/api/meetings/${meeting.body.id}/agenda-items`, { weighingFileId: fileId });
      const response = await executor.post(`/api/weighing-files/${fileId}/decisions`, {
        meetingId: meeting.body.id,
        outcome: 'not_substantial',
        grounds: 'Onvoldoende',
        findings: findings(),
        decidedByPartyIds: core(),
        involvedPartyIds: [],
      });
      expect(response.status).toBe(409);
      expect(response.body.error.message).toContain('opens the meeting');
    });

    it('must be taken by all three core parties (the Ministerial letter on early signalling, 2024)', async () => {
      const response = await executor.post(`/api/weighing-files/${fileId}/decisions`, {
        meetingId: weegploeg.meetingId,
        outcome: 'not_substantial',
        grounds: 'Onvoldoende',
        findings: findings(),
        decidedByPartyIds: [party('municipality').id, party('police').id],
        involvedPartyIds: [],
      });
      expect(response.status).toBe(422);
      expect(response.body.error).toMatchObject({ code: 'RULE_VIOLATION', field: 'body.decidedByPartyIds' });
      expect(response.body.error.message).toContain('prosecution');
    });

    it('must weigh every criterion of the reference framework', async () => {
      const response = await executor.post(`/api/weighing-files/${fileId}/decisions`, {
        meetingId: weegploeg.meetingId,
        outcome: 'not_substantial',
        grounds: 'Onvoldoende',
        findings: findings().slice(1),
        decidedByPartyIds: core(),
        involvedPartyIds: [],
      });
      expect(response.status).toBe(422);
      expect(response.body.error.field).toBe('body.findings');
    });

    it('is proposed by the chair, the executor or a core party, not by a case party (art. 7.3, 8.4)', async () => {
      const response = await (
        await server.login('rvdk')
      ).post(`/api/weighing-files/${fileId}/decisions`, {
        meetingId: weegploeg.meetingId,
        outcome: 'not_substantial',
        grounds: 'x',
        findings: findings(),
        decidedByPartyIds: core(),
        involvedPartyIds: [],
      });
      expect(response.status).toBe(403);
      // A core party drafts it at the table: a proposal, nothing changes yet.
      const drafted = await police.post(`/api/weighing-files/${fileId}/decisions`, {
        meetingId: weegploeg.meetingId,
        outcome: 'not_substantial',
        grounds: 'Eerste concept',
        findings: findings(),
        decidedByPartyIds: core(),
        involvedPartyIds: [],
      });
      expect(drafted.status).toBe(201);
      expect(drafted.body.decision).toMatchObject({ state: 'proposed', meetingId: weegploeg.meetingId });
    });

    it('to put on the agenda copies the relevant data into a new case file at the freeze, without the reporter (art. 8.5, 10.2)', async () => {
      const response = await executor.post(`/api/weighing-files/${fileId}/decisions`, {
        meetingId: weegploeg.meetingId,
        outcome: 'agenda',
        grounds: 'Integrale aanpak nodig: geweldsverheerlijking en isolatie',
        findings: findings(),
        decidedByPartyIds: core(),
        involvedPartyIds: [
          party('municipality').id,
          party('child_protection_board').id,
          party('mental_health').id,
        ],
      });
      expect(response.status).toBe(201);
      const proposed = response.body.decision;
      expect(proposed).toMatchObject({ outcome: 'agenda', state: 'proposed', caseFileId: null });
      expect(proposed.decidedBy).toHaveLength(3);
      expect(proposed.findings[1]).toMatchObject({
        finding: 'present',
        code: covenant.referenceFramework.criteria[1]!.code,
      });
      // Proposed is not taken: the file is unchanged, no case file exists yet, and the earlier draft lapsed.
      const before = await police.get(`/api/weighing-files/${fileId}`);
      expect(before.body.status).toBe('open');
      expect(before.body.decisions.map((d: { state: string }) => d.state)).toEqual(['proposed', 'lapsed']);
      expect(await caseFilesOf(fileId)).toEqual([]);

      await agreeAndFreeze(weegploeg);
      const file = await police.get(`/api/weighing-files/${fileId}`);
      expect(file.body.status).toBe('agendaed');
      const decision = file.body.decisions[0];
      expect(decision).toMatchObject({ id: proposed.id, state: 'taken', meetingId: weegploeg.meetingId });
      expect(decision.caseFileId).toEqual(expect.any(String));

      const [stored] = await server.database.db
        .select()
        .from(caseFiles)
        .where(eq(caseFiles.id, decision.caseFileId));
      // Stored sealed with the case file's own key (art. 13: its own retention), opened it is the copy.
      expect(JSON.stringify(stored)).not.toContain(CANARY_NAME);
      const copy = stored && (await openTexts(server.database.db, 'caseFile', stored.id, stored));
      expect(copy).toMatchObject({ name: CANARY_NAME, dateOfBirth: '2007-02-28', status: 'open' });
      // The copy is logged on its own rule (art. 8.5), in the freeze's transaction.
      const copied = await server.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.objectId, decision.caseFileId), eq(auditLog.fieldGroup, 'copy')));
      expect(copied).toMatchObject([{ action: 'create', rule: 'art. 8.5', result: 'allowed' }]);
      expect(copy!.analysis).toContain('Integrale aanpak nodig');
      const signals = await server.database.db
        .select()
        .from(caseSignals)
        .where(eq(caseSignals.fileId, decision.caseFileId));
      expect(signals).toHaveLength(2);

      const caseFile = await (await server.login('rvdk')).get(`/api/case-files/${decision.caseFileId}`);
      expect(caseFile.status).toBe(200);
      expect(caseFile.body.subject.name).toBe(CANARY_NAME);
      expect(caseFile.text).not.toContain(CANARY_REPORTER);
      expect(caseFile.body.involvedParties).toHaveLength(3);
      // External partners see the plan of approach only (art. 10.5), not the case file.
      const satellite = await (await server.login('ggz')).get(`/api/case-files/${decision.caseFileId}`);
      expect(satellite.status).toBe(403);
      expect(satellite.text).not.toContain(CANARY_NAME);

      // A case party sees the case files of cases it is involved in, and no others (art. 9.1, 10.4).
      const listed = await (await server.login('rvdk')).get('/api/case-files');
      expect(listed.status).toBe(200);
      expect(listed.body.caseFiles).toEqual([
        expect.objectContaining({ id: decision.caseFileId, subjectName: CANARY_NAME }),
      ]);
      const probation = await server.login('reclassering');
      const notListed = await probation.get('/api/case-files');
      expect(notListed.status).toBe(200);
      expect(notListed.body.caseFiles).toEqual([]);
      const notInvolved = await probation.get(`/api/case-files/${decision.caseFileId}`);
      expect(notInvolved.status).toBe(403);
      expect(notInvolved.body.error.rule).toBe('art. 9.1');
      expect(notInvolved.text).not.toContain(CANARY_NAME);
      const [refusal] = await server.database.db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
      expect(refusal).toMatchObject({
        result: 'denied',
        objectType: 'case_file',
        subjectId: copy!.subjectId,
      });
      expect((await (await server.login('jeugdbescherming')).get('/api/case-files')).status).toBe(403);

      // The casusoverleg on this case invites the involved parties (art. 9.1); the satellite sees the agenda
      // item by reference only, never the subject's name (art. 10.5).
      const meeting = await executor.post('/api/meetings', {
        kind: 'case',
        title: 'Casusoverleg',
        scheduledAt: '2026-12-02T13:00:00Z',
      });
      const withItem = await executor.post(`/api/meetings/${meeting.body.id}/agenda-items`, {
        caseFileId: decision.caseFileId,
      });
      expect(withItem.status).toBe(201);
      expect(withItem.body.participants.map((p: { organisationName: string }) => p.organisationName)).toEqual(
        expect.arrayContaining(['GGZ Voorbeeld', 'Raad voor de Kinderbescherming']),
      );
      const ggzView = await (await server.login('ggz')).get(`/api/meetings/${meeting.body.id}`);
      expect(ggzView.status).toBe(200);
      expect(ggzView.body.agenda[0]).toMatchObject({
        subjectName: null,
        subjectReference: file.body.subjectReference,
      });
      expect(ggzView.text).not.toContain(CANARY_NAME);
      const rvdkView = await (await server.login('rvdk')).get(`/api/meetings/${meeting.body.id}`);
      expect(rvdkView.body.agenda[0].subjectName).toBe(CANARY_NAME);
      // A second case in the same casusoverleg that the RvdK is not involved in: it sees that item by reference only.
      const other = await police.post('/api/signals', newSubjectSignal('Second-Canary-c0de'));
      const otherWeegploeg = await openWeegploeg(other.body.weighingFileId);
      await executor.post(`/api/weighing-files/${other.body.weighingFileId}/decisions`, {
        meetingId: otherWeegploeg.meetingId,
        outcome: 'agenda',
        grounds: 'Aanpak nodig',
        findings: findings(),
        decidedByPartyIds: core(),
        involvedPartyIds: [party('municipality').id, party('mental_health').id],
      });
      await agreeAndFreeze(otherWeegploeg);
      const otherFile = await police.get(`/api/weighing-files/${other.body.weighingFileId}`);
      await executor.post(`/api/meetings/${meeting.body.id}/agenda-items`, {
        caseFileId: otherFile.body.decisions[0].caseFileId,
      });
      const rvdkBoth = await (await server.login('rvdk')).get(`/api/meetings/${meeting.body.id}`);
      expect(rvdkBoth.body.agenda.map((item: { subjectName: string | null }) => item.subjectName)).toEqual([
        CANARY_NAME,
        null,
      ]);
      expect(rvdkBoth.text).not.toContain('Second-Canary-c0de');

      // Not invited: the other satellite does not get in.
      expect(
        (await (await server.login('jeugdbescherming')).get(`/api/meetings/${meeting.body.id}`)).status,
      ).toBe(403);

      const again = await executor.post(`/api/weighing-files/${fileId}/decisions`, {
        meetingId: weegploeg.meetingId,
        outcome: 'not_substantial',
        grounds: 'x',
        findings: findings(),
        decidedByPartyIds: core(),
        involvedPartyIds: [],
      });
      expect(again.status).toBe(409);
    });
  });

  it('agendas a subject once, even when two weegploegen decide on it (one case file, art. 8.5)', async () => {
    const signal = await police.post('/api/signals', newSubjectSignal('Race-Subject'));
    const id = signal.body.weighingFileId;
    const body = (meetingId: string) => ({
      meetingId,
      outcome: 'agenda',
      grounds: 'Aanpak nodig',
      findings: covenant.referenceFramework.criteria.map((c) => ({
        criterionId: c.id,
        finding: 'unknown',
        grounds: '',
      })),
      decidedByPartyIds: [party('municipality').id, party('police').id, party('prosecution').id],
      involvedPartyIds: [party('municipality').id],
    });
    const meetings = [await openWeegploeg(id), await openWeegploeg(id)];
    for (const meeting of meetings) {
      const proposed = await executor.post(`/api/weighing-files/${id}/decisions`, body(meeting.meetingId));
      expect(proposed.status).toBe(201);
    }
    const closes = await Promise.allSettled(meetings.map((meeting) => agreeAndFreeze(meeting)));
    expect(closes.map((c) => c.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = closes.find((c) => c.status === 'rejected') as PromiseRejectedResult;
    expect((refused.reason as Error).message).toContain('already decided');
    const file = await police.get(`/api/weighing-files/${id}`);
    expect(file.body.decisions.map((d: { state: string }) => d.state).sort()).toEqual(['proposed', 'taken']);
    expect(await caseFilesOf(id)).toHaveLength(1);
  });

  it('refuses the same criterion twice in one analysis', async () => {
    const criterion = covenant.referenceFramework.criteria[0]!;
    const fresh = await police.post('/api/signals', newSubjectSignal('Duplicate-Criterion-Subject'));
    const { meetingId } = await openWeegploeg(fresh.body.weighingFileId);
    const response = await executor.post(`/api/weighing-files/${fresh.body.weighingFileId}/decisions`, {
      meetingId,
      outcome: 'not_substantial',
      grounds: 'x',
      findings: [...covenant.referenceFramework.criteria, criterion].map((c) => ({
        criterionId: c.id,
        finding: 'unknown',
        grounds: '',
      })),
      decidedByPartyIds: [party('municipality').id, party('police').id, party('prosecution').id],
      involvedPartyIds: [],
    });
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe(
      `body.findings.${covenant.referenceFramework.criteria.length}.criterionId`,
    );
  });

  it('answers 404 for an unknown weighing file', async () => {
    const response = await police.get('/api/weighing-files/00000000-0000-4000-8000-000000000000');
    expect(response.status).toBe(404);
    expect(response.body.error).toMatchObject({ code: 'NOT_FOUND', field: 'params.id' });
  });
});
