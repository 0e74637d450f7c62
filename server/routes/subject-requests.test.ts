import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, notInArray } from 'drizzle-orm';
import { auditLog, organisations, subjects } from '../../db/schema/index';
import {
  LAWFUL_SHARING_DEFAULTS,
  addDays,
  docName,
  dutchDay,
  type CovenantView,
  type SubjectOverview,
  type SubjectRequestList,
  type SubjectRequestView,
} from '../../shared/index';
import { newSubjectSignal, startTestServer, type TestClient, type TestServer } from '../testing/harness';
import { connectDoc, controlClients, until } from '../testing/live-clients';
import { frozenWeighingDecision } from '../testing/meetings';
import { pdfText } from '../testing/pdf-text';

const NAME = 'Inzage-Betrokkene';
const ANALYSIS = 'INZAGEANALYSE3391';
const REPORTER = 'INZAGEMELDER7710';

/**
 * Requests of subjects (art. 12): registered with a 4-week deadline, decided (a refusal with ground and reasons),
 * and for access an intelligible overview of all data, purposes, recipients and origin (art. 12.3).
 */
describe('requests of subjects (art. 12)', () => {
  let server: TestServer;
  const control = controlClients(() => server);
  const users: Record<string, TestClient> = {};
  let reference: string;
  let subjectId: string;
  let requestId: string;
  const today = () => dutchDay(new Date());

  beforeAll(async () => {
    server = await startTestServer();
    for (const name of ['uitvoerder', 'politie', 'voorzitter', 'ggz']) users[name] = await server.login(name);
    const frozen = await frozenWeighingDecision(server, control, NAME, 'agenda', {
      involved: ['municipality', 'police', 'mental_health'],
      beforeDecision: async ({ meetingId, itemId }) => {
        // A second signal with a reporter (a third party), and the police's analysis in the live meeting.
        const writer = connectDoc(
          server,
          users.politie!,
          docName({ meetingId, itemId, compartment: 'analysis' }),
        );
        await until(() => writer.provider.synced, 'sync');
        writer.doc.getText('analysis').insert(0, ANALYSIS);
        await server.app.live.store.drain();
        writer.provider.destroy();
      },
    });
    const second = await users.politie!.post('/api/signals', {
      ...newSubjectSignal(''),
      subject: undefined,
      weighingFileId: frozen.weighingFileId,
      description: 'Tweede signaal',
      reporter: { name: REPORTER, contact: `${REPORTER}@example.nl` },
    });
    expect(second.status, second.text).toBe(201);
    // Disclosed to GGZ with consent (art. 10.5): GGZ is a recipient.
    const covenant = (await users.uitvoerder!.get<CovenantView>('/api/covenant')).body;
    const ggzParty = covenant.parties.find((p) => p.organisationType === 'mental_health')!.id;
    const caseFileId = frozen.decision.caseFileId!;
    const proposed = await users.politie!.post(`/api/case-files/${caseFileId}/disclosures`, {
      compartment: 'analysis',
      recipientPartyId: ggzParty,
      ...LAWFUL_SHARING_DEFAULTS,
      necessity: 'afstemming behandeling',
      dataKind: 'analyse',
      care: 'alleen de behandelaar',
    });
    expect(proposed.status).toBe(201);
    await users.voorzitter!.post(`/api/case-files/${caseFileId}/disclosures/${proposed.body.id}/decision`, {
      decision: 'consent',
    });
    const detail = await users.politie!.get(`/api/case-files/${caseFileId}`);
    reference = detail.body.subjectReference as string;
    subjectId = (
      await server.database.db.select().from(subjects).where(eq(subjects.reference, reference))
    )[0]!.id;
  });
  afterAll(async () => {
    control.disconnectAll();
    await server.close();
  });

  it('registers a request with the date received; the deadline is 4 weeks later; only the executor handles it', async () => {
    const body = {
      subjectReference: reference,
      kind: 'access',
      requester: 'subject',
      receivedOn: today(),
      details: 'Betrokkene vraagt welke gegevens over hem worden verwerkt',
    };
    expect((await users.politie!.post('/api/subject-requests', body)).status).toBe(403);
    const unknown = await users.uitvoerder!.post('/api/subject-requests', {
      ...body,
      subjectReference: 'PGA-0000',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.field).toBe('body.subjectReference');
    expect(
      (await users.uitvoerder!.post('/api/subject-requests', { ...body, receivedOn: addDays(today(), 1) }))
        .status,
    ).toBe(400);
    const created = await users.uitvoerder!.post<SubjectRequestView>('/api/subject-requests', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      subjectName: NAME,
      deadline: addDays(today(), 28),
      status: 'open',
      decision: null,
    });
    requestId = created.body.id;
    // An older one is overdue and listed first.
    await users.uitvoerder!.post('/api/subject-requests', {
      ...body,
      kind: 'correction',
      receivedOn: addDays(today(), -40),
      details: 'Adres is onjuist',
    });
    const list = (await users.uitvoerder!.get<SubjectRequestList>('/api/subject-requests')).body.requests;
    expect(list.map((r) => [r.kind, r.status])).toEqual([
      ['correction', 'overdue'],
      ['access', 'open'],
    ]);
  });

  it('needs the identity established before the overview or a decision; a refusal needs its ground', async () => {
    expect((await users.uitvoerder!.get(`/api/subject-requests/${requestId}/overview`)).status).toBe(409);
    const early = await users.uitvoerder!.post(`/api/subject-requests/${requestId}/decision`, {
      decision: 'granted',
      decidedOn: today(),
      reasoning: 'Inzage verleend',
    });
    expect(early.status).toBe(409);
    await users.uitvoerder!.post(`/api/subject-requests/${requestId}/identity`, { verifiedOn: today() });
    const noGround = await users.uitvoerder!.post(`/api/subject-requests/${requestId}/decision`, {
      decision: 'refused',
      decidedOn: today(),
      reasoning: 'Lopend onderzoek',
    });
    expect(noGround.status).toBe(400);
    expect(noGround.body.error.field).toBe('body.refusalGround');
  });

  it('produces the overview: all data, purposes, every recipient the logs know, the origin — not the reporter', async () => {
    const response = await users.uitvoerder!.get<SubjectOverview>(
      `/api/subject-requests/${requestId}/overview`,
    );
    expect(response.status, response.text).toBe(200);
    const overview = response.body;
    expect(overview.weighingFile?.subject.name).toBe(NAME);
    expect(overview.caseFile?.subject.name).toBe(NAME);
    // What became of each weegploeg decision: a lapsed proposal is not presented as a decision (art. 7.3–7.4).
    expect(overview.weighingFile?.decisions.map((d) => d.state)).toEqual(['taken']);
    expect(overview.records.some((r) => JSON.stringify(r.compartments).includes(ANALYSIS))).toBe(true);
    expect(overview.purposes.length).toBeGreaterThan(0);
    // Two signals by the police (the case file's copy of the first does not count twice).
    expect(overview.origins).toEqual([{ party: expect.stringMatching(/Politie/), signals: 2 }]);
    expect(JSON.stringify(overview)).not.toContain(REPORTER);
    // Every organisation that consulted the subject's data (audit log) or received it (disclosure log) is listed.
    const consulted = await server.database.db
      .selectDistinct({ name: organisations.name })
      .from(auditLog)
      .innerJoin(organisations, eq(organisations.id, auditLog.organisationId))
      .where(
        and(
          eq(auditLog.subjectId, subjectId),
          eq(auditLog.result, 'allowed'),
          inArray(auditLog.action, ['read', 'list']),
          notInArray(auditLog.objectType, ['subject_request', 'notification_duty']),
        ),
      );
    expect(consulted.length).toBeGreaterThan(1);
    const listed = overview.recipients.map((r) => r.organisation);
    for (const { name } of consulted) expect(listed).toContain(name);
    const ggz = overview.recipients.find((r) => r.ways.includes('disclosure'));
    expect(ggz?.organisation).toMatch(/GGZ/);
    // Producing it is audited (art. 12.3).
    const produced = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.objectId, requestId), eq(auditLog.fieldGroup, 'overview')));
    expect(produced).toHaveLength(1);
  });

  it('gives the overview as a PDF for the subject, and refuses it to anyone but the executor', async () => {
    const pdf = await fetch(`${server.url}/api/subject-requests/${requestId}/overview/pdf`, {
      headers: { cookie: users.uitvoerder!.cookie! },
    });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const text = (await pdfText(new Uint8Array(await pdf.arrayBuffer()))).replace(/\s+/g, ' ');
    expect(text).toContain(NAME);
    expect(text.replace(/\s/g, '')).toContain(ANALYSIS);
    expect(text).toContain('Waarom wij deze gegevens verwerken');
    expect(text).toContain('(genomen in de weegploeg)');
    // Named by the subject's reference, never by an internal id: the overview goes to the subject.
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
    expect(text).not.toContain(REPORTER);
    expect((await users.ggz!.get(`/api/subject-requests/${requestId}/overview/pdf`)).status).toBe(403);
    const decided = await users.uitvoerder!.post<SubjectRequestView>(
      `/api/subject-requests/${requestId}/decision`,
      {
        decision: 'granted',
        decidedOn: today(),
        reasoning: 'Overzicht toegezonden',
      },
    );
    expect(decided.body).toMatchObject({ decision: 'granted', status: 'decided' });
    expect(
      (
        await users.uitvoerder!.post(`/api/subject-requests/${requestId}/decision`, {
          decision: 'refused',
          decidedOn: today(),
          refusalGround: 'crime',
          reasoning: 'x',
        })
      ).status,
    ).toBe(409);
  });

  it('tracks that a granted correction is carried out within 4 weeks and the parties told (art. 12.6)', async () => {
    const created = await users.uitvoerder!.post<SubjectRequestView>('/api/subject-requests', {
      subjectReference: reference,
      kind: 'correction',
      requester: 'representative',
      receivedOn: addDays(today(), -5),
      identityVerifiedOn: addDays(today(), -5),
      details: 'Het adres in het verslag is onjuist',
    });
    expect(created.body.execution).toBeNull();
    const id = created.body.id;
    const decided = await users.uitvoerder!.post<SubjectRequestView>(`/api/subject-requests/${id}/decision`, {
      decision: 'granted',
      decidedOn: addDays(today(), -3),
      reasoning: 'Feitelijk onjuist (art. 12.5a)',
    });
    expect(decided.body.execution).toEqual({
      deadline: addDays(today(), 25),
      carriedOutOn: null,
      partiesNotifiedOn: null,
      overdue: false,
      notices: [],
    });
    const early = await users.uitvoerder!.post(`/api/subject-requests/${id}/carried-out`, {
      carriedOutOn: addDays(today(), 1),
      partiesNotifiedOn: today(),
    });
    expect(early.status).toBe(400);
    expect(early.body.error.field).toBe('body.carriedOutOn');
    const toldFirst = await users.uitvoerder!.post(`/api/subject-requests/${id}/carried-out`, {
      carriedOutOn: today(),
      partiesNotifiedOn: addDays(today(), -1),
    });
    expect(toldFirst.status).toBe(400);
    expect(toldFirst.body.error).toMatchObject({
      field: 'body.partiesNotifiedOn',
      message: expect.stringContaining('carriedOutOn'),
    });
    const done = await users.uitvoerder!.post<SubjectRequestView>(`/api/subject-requests/${id}/carried-out`, {
      carriedOutOn: today(),
      partiesNotifiedOn: today(),
    });
    expect(done.body.execution).toMatchObject({ carriedOutOn: today(), partiesNotifiedOn: today() });
    expect(
      (
        await users.uitvoerder!.post(`/api/subject-requests/${id}/carried-out`, {
          carriedOutOn: today(),
          partiesNotifiedOn: today(),
        })
      ).status,
    ).toBe(409);
    // An access request has nothing to carry out.
    expect(
      (
        await users.uitvoerder!.post(`/api/subject-requests/${requestId}/carried-out`, {
          carriedOutOn: today(),
          partiesNotifiedOn: today(),
        })
      ).status,
    ).toBe(409);
  });
});
