import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { caseFiles, weighingFiles } from '../../db/schema/index';
import {
  CloseCode,
  LAWFUL_SHARING_DEFAULTS,
  docName,
  type CovenantView,
  type MeetingRecordView,
} from '../../shared/index';
import { lastAuditRow } from '../testing/audit-rows';
import { newWeighingItem, startTestServer, type TestClient, type TestServer } from '../testing/harness';
import { connectDoc, controlClients, rawAttempt, until } from '../testing/live-clients';
import { frozenCaseMeeting } from '../testing/meetings';
import { pdfText } from '../testing/pdf-text';

const NAME_CANARY = 'Archief-Kanarie-5127';
const PLAN_CANARY = 'CANARY-archief-plan-8842';
const ANALYSIS_CANARY = 'CANARY-archief-analyse-3391';
const NECESSITY_CANARY = 'CANARY-archief-noodzaak-6610';
const CANARIES = [NAME_CANARY, PLAN_CANARY, ANALYSIS_CANARY];

/**
 * Every GET route of the API description, with what it shows of a file. A route that can show a file's content or
 * its subject's name is walked with the archived file's ids; any other route names why it shows none. A route added
 * later without an entry here fails the walk below, so nobody can forget the archive rule on it (art. 13.2).
 */
const READ_ROUTES: Record<string, 'walked' | { noFileContent: string }> = {
  '/api/access-log': 'walked',
  '/api/access-reviews': 'walked',
  '/api/account/passkeys': { noFileContent: 'the reader own passkeys only' },
  '/api/authorisations': { noFileContent: 'accounts and their roles, no file' },
  '/api/case-files': 'walked',
  '/api/case-files/{id}': 'walked',
  '/api/case-files/{id}/disclosures': 'walked',
  '/api/covenant': { noFileContent: 'the text of the convenant' },
  '/api/health': { noFileContent: 'the state of the service' },
  '/api/incidents': 'walked',
  '/api/live/set-aside': 'walked',
  '/api/login/oidc/organisations': { noFileContent: 'the organisations one can log in with' },
  '/api/login/oidc/{organisationId}/start': { noFileContent: 'a redirect to the login provider' },
  '/api/login/oidc/callback': { noFileContent: 'the end of a login' },
  '/api/login/oidc/step-up': { noFileContent: 'a redirect to confirm the login' },
  '/api/meetings': 'walked',
  '/api/meetings/{id}': 'walked',
  '/api/meetings/{id}/calendar.ics': 'walked',
  '/api/meetings/{id}/policy': 'walked',
  '/api/meetings/{id}/record': 'walked',
  '/api/meetings/{id}/record/pdf': 'walked',
  '/api/meetings/{id}/record/acknowledgement': 'walked',
  '/api/meetings/{id}/record/acknowledgements': 'walked',
  '/api/meetings/{id}/record/correction-requests': 'walked',
  '/api/minutes-to-read': 'walked',
  '/api/notices': 'walked',
  '/api/notices/count': { noFileContent: 'a number of unread notices' },
  '/api/notifications': 'walked',
  '/api/oidc-providers': { noFileContent: 'the configured login providers' },
  '/api/retention': 'walked',
  '/api/retention/postponements': 'walked',
  '/api/session': { noFileContent: 'the reader own account and session' },
  '/api/session/step-up': { noFileContent: 'the reader own second factor state' },
  '/api/sessions': { noFileContent: 'the reader own sessions' },
  '/api/subject-requests': 'walked',
  '/api/subject-requests/{id}/overview': 'walked',
  '/api/subject-requests/{id}/overview/pdf': 'walked',
  '/api/weighing-files': 'walked',
  '/api/weighing-files/{id}': 'walked',
};

/** The routes on which a core party still finds the archived file's content (art. 13.2: they may consult it). */
const CORE_SEES = [
  '/api/case-files',
  '/api/case-files/{id}',
  '/api/meetings/{id}',
  '/api/meetings/{id}/record',
  '/api/meetings/{id}/record/pdf',
  '/api/notifications',
  '/api/weighing-files',
  '/api/weighing-files/{id}',
];

/**
 * Art. 13.2: once a file is in the non-active archive, "slechts nog raadpleegbaar door de kernpartijen". A case
 * party and a satellite that attended its meeting read its minutes (screen and PDF) and the meeting's agenda
 * without the subject's name or the file's content; a core party still reads them; restoring the file (art. 13.4)
 * opens them again.
 */
describe('the archive rule on the minutes and the agenda', () => {
  let server: TestServer;
  let meetingId: string;
  let caseFileId: string;
  let ggzParty: string;
  let disclosureId: string;
  let correctionRequestId: string;
  let correctedItemId: string;
  const users: Record<string, TestClient> = {};
  const control = controlClients(() => server);

  beforeAll(async () => {
    server = await startTestServer();
    for (const name of ['politie', 'rvdk', 'ggz', 'uitvoerder']) users[name] = await server.login(name);
    ({ meetingId, caseFileId } = await frozenCaseMeeting(server, control, {
      subject: NAME_CANARY,
      involved: ['municipality', 'police', 'child_protection_board', 'mental_health'],
      attendees: ['rvdk', 'ggz'],
      texts: { plan: { goal: PLAN_CANARY }, analysis: { analysis: ANALYSIS_CANARY } },
    }));
    // A correction request of the satellite, its reason naming the subject: free text that goes with the file.
    const requested = await users.ggz!.post(`/api/meetings/${meetingId}/record/correction-requests`, {
      itemId: (await users.ggz!.get<MeetingRecordView>(`/api/meetings/${meetingId}/record`)).body.items[0]!
        .itemId,
      compartment: 'plan',
      field: 'goal',
      reason: `Het doel van ${NAME_CANARY} klopt niet`,
    });
    expect(requested.status).toBe(201);
    correctionRequestId = requested.body.id as string;
    correctedItemId = requested.body.itemId as string;
    // A disclosure of the analysis to the satellite, proposed and waiting for the chair's and the owner's consent.
    const covenant = (await users.uitvoerder!.get<CovenantView>('/api/covenant')).body;
    ggzParty = covenant.parties.find((p) => p.organisationType === 'mental_health')!.id;
    const proposed = await users.politie!.post(`/api/case-files/${caseFileId}/disclosures`, {
      compartment: 'analysis',
      recipientPartyId: ggzParty,
      ...LAWFUL_SHARING_DEFAULTS,
      necessity: NECESSITY_CANARY,
      dataKind: 'analyse',
      care: 'behandelaar',
    });
    expect(proposed.status).toBe(201);
    disclosureId = proposed.body.id as string;
  });
  afterAll(async () => {
    control.disconnectAll();
    await server.close();
  });

  /** Everything a reader gets of the meeting: the agenda, the minutes, and the minutes as PDF. */
  async function everything(reader: TestClient) {
    const detail = await reader.get(`/api/meetings/${meetingId}`);
    const record = await reader.get<MeetingRecordView>(`/api/meetings/${meetingId}/record`);
    const pdf = await fetch(`${server.url}/api/meetings/${meetingId}/record/pdf`, {
      headers: { cookie: reader.cookie! },
    });
    expect([detail.status, record.status, pdf.status]).toEqual([200, 200, 200]);
    return {
      record: record.body,
      text: `${detail.text}\n${record.text}\n${await pdfText(new Uint8Array(await pdf.arrayBuffer()))}`,
    };
  }
  /** Both files of the subject go to the non-active archive, as retention sends them (art. 13.2). */
  async function archive(at: Date) {
    const [file] = await server.database.db
      .update(caseFiles)
      .set({ archivedAt: at })
      .where(eq(caseFiles.id, caseFileId))
      .returning({ subjectId: caseFiles.subjectId });
    await server.database.db
      .update(weighingFiles)
      .set({ archivedAt: at })
      .where(eq(weighingFiles.subjectId, file!.subjectId));
  }

  it('shows the file to the parties that attended, until it is archived', async () => {
    for (const name of ['rvdk', 'ggz', 'politie']) {
      const seen = await everything(users[name]!);
      expect(seen.text, name).toContain(PLAN_CANARY);
      expect(seen.record.items[0]!.archived).toBe(false);
    }
  });

  it('hides an archived file from every reader but the core parties, and logs the refusal', async () => {
    await archive(new Date());
    for (const name of ['rvdk', 'ggz']) {
      const seen = await everything(users[name]!);
      expect(seen.text, name).not.toContain(PLAN_CANARY);
      expect(seen.text, name).not.toContain(NAME_CANARY);
      expect(seen.record.items[0]).toMatchObject({
        archived: true,
        compartments: [],
        subjectReference: null,
      });
      expect(seen.text, name).toContain('art. 13.2');
    }
    expect(await lastAuditRow(server, { rule: 'art. 13.2' })).toMatchObject({
      result: 'denied',
      objectType: 'meeting_record',
    });
    // The disclosures are all about the file: refused whole, not masked.
    expect((await users.rvdk!.get(`/api/case-files/${caseFileId}/disclosures`)).status).toBe(403);
    expect((await users.politie!.get(`/api/case-files/${caseFileId}/disclosures`)).status).toBe(200);
    const core = await everything(users.politie!);
    expect(core.text).toContain(PLAN_CANARY);
    expect(core.text).toContain(NAME_CANARY);
  });

  it('leaves no trace of an archived file in any read route, for any role but the core parties', async () => {
    // Every GET route the API describes must be in READ_ROUTES; each walked one is read with every id this test
    // knows in each path parameter, and the lists also in their other forms (CSV, sent notices).
    const spec = (await users.uitvoerder!.get('/api/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = Object.entries(spec.paths)
      .filter(([, methods]) => 'get' in methods)
      .map(([path]) => path);
    expect(routes.length).toBeGreaterThan(20);
    const unlisted = routes.filter((route) => !(route in READ_ROUTES));
    expect(unlisted, 'GET routes neither walked nor listed as showing no file content').toEqual([]);
    const walked = routes.filter((route) => READ_ROUTES[route] === 'walked');
    const [file] = await server.database.db
      .select({ subjectId: caseFiles.subjectId })
      .from(caseFiles)
      .where(eq(caseFiles.id, caseFileId));
    const [weighing] = await server.database.db
      .select({ id: weighingFiles.id })
      .from(weighingFiles)
      .where(eq(weighingFiles.subjectId, file!.subjectId));
    const ids = [meetingId, caseFileId, weighing!.id, file!.subjectId];
    const reads = walked.flatMap((route) =>
      /\{[^}]+\}/.test(route)
        ? ids.map((id) => ({ route, path: route.replace(/\{[^}]+\}/g, id) }))
        : [{ route, path: route }],
    );
    reads.push(
      { route: '/api/access-log', path: '/api/access-log?format=csv' },
      { route: '/api/access-log', path: `/api/access-log?subjectReference=${NAME_CANARY}` },
      { route: '/api/notices', path: '/api/notices?scope=sent' },
    );
    const read = async (reader: TestClient, path: string) => {
      const response = await fetch(`${server.url}${path}`, { headers: { cookie: reader.cookie! } });
      const body = Buffer.from(await response.arrayBuffer());
      return response.headers.get('content-type')?.includes('pdf')
        ? await pdfText(new Uint8Array(body))
        : body.toString('utf8');
    };

    // The walk reaches the content: a core party, who may still consult the archived file, finds a canary on
    // every route that shows this file, so a walk that hit nothing (wrong ids, a refusal) cannot pass unnoticed.
    const coreSees = new Set<string>();
    for (const { route, path } of reads) {
      const text = await read(users.politie!, path);
      if (CANARIES.some((canary) => text.includes(canary))) coreSees.add(route);
    }
    expect([...coreSees].sort()).toEqual(CORE_SEES);

    for (const name of ['rvdk', 'ggz', 'reclassering', 'jeugdbescherming', 'voorzitter', 'uitvoerder']) {
      const reader = users[name] ?? (users[name] = await server.login(name));
      for (const { path } of reads) {
        const text = await read(reader, path);
        for (const canary of CANARIES) expect(text, `${name} GET ${path}`).not.toContain(canary);
      }
    }
  });

  /** Each answer a 409 naming art. 13.2, and none carrying anything of the file (no canary). */
  function refusedAsArchived(
    answers: { status: number; text: string; body: { error?: { message: string } } }[],
  ) {
    for (const answer of answers) {
      expect(answer.status, answer.text).toBe(409);
      expect(answer.body.error?.message).toContain('art. 13.2');
      for (const canary of [...CANARIES, NECESSITY_CANARY]) expect(answer.text).not.toContain(canary);
    }
  }

  // Art. 13.2 and 13.4: the archived file is only consulted; its disclosures are not proposed, consented to or
  // revoked until the controller makes it available again, and no answer carries their texts meanwhile.
  it('takes no change to the disclosures of an archived file, and answers without their texts', async () => {
    const disclosures = `/api/case-files/${caseFileId}/disclosures`;
    const voorzitter = await server.login('voorzitter');
    const attempts = [
      await voorzitter.post(`${disclosures}/${disclosureId}/decision`, { decision: 'consent' }),
      await users.politie!.post(`${disclosures}/${disclosureId}/decision`, { decision: 'consent' }),
      await voorzitter.post(`${disclosures}/${disclosureId}/revoke`),
      await users.rvdk!.post(disclosures, {
        compartment: 'network',
        recipientPartyId: ggzParty,
        ...LAWFUL_SHARING_DEFAULTS,
        necessity: NECESSITY_CANARY,
        dataKind: 'netwerk',
        care: 'behandelaar',
      }),
    ];
    refusedAsArchived(attempts);
    // Still proposed, as it was.
    const [listed] = (await users.politie!.get<{ disclosures: { id: string; state: string }[] }>(disclosures))
      .body.disclosures;
    expect(listed).toMatchObject({ id: disclosureId, state: 'proposed' });
  });

  // Art. 13.2 and 13.4: nor are its minutes corrected, and the request's reason, which names the subject and which
  // the register hides from the executor, does not come back in the answer.
  it('corrects no minutes of an archived file, neither by carrying out a request nor directly', async () => {
    const record = `/api/meetings/${meetingId}/record`;
    const attempts = [
      await users.uitvoerder!.post(`${record}/correction-requests/${correctionRequestId}/rectification`, {
        correction: 'Gecorrigeerd doel',
      }),
      await users.uitvoerder!.post(`${record}/rectifications`, {
        itemId: correctedItemId,
        compartment: 'plan',
        field: 'goal',
        correction: 'Gecorrigeerd doel',
        reason: 'Rechtstreeks',
      }),
    ];
    refusedAsArchived(attempts);
    const requests = await users.uitvoerder!.get<{ requests: { id: string; status: string }[] }>(
      `${record}/correction-requests`,
    );
    expect(requests.body.requests.find((r) => r.id === correctionRequestId)).toMatchObject({
      status: 'requested',
    });
  });

  it('opens them again once the file is restored on the order of the controller (art. 13.4)', async () => {
    const restored = await users.uitvoerder!.post('/api/retention/restore', {
      kind: 'case',
      fileId: caseFileId,
      order: 'Opdracht van de verwerkingsverantwoordelijke: hernieuwde verwerking',
    });
    expect(restored.status).toBe(200);
    const seen = await everything(users.ggz!);
    expect((await users.rvdk!.get(`/api/case-files/${caseFileId}/disclosures`)).status).toBe(200);
    expect(seen.text).toContain(PLAN_CANARY);
    expect(seen.record.items[0]!.archived).toBe(false);
  });

  it('refuses the live documents of an archived file to all but the core parties, without a byte', async () => {
    const item = await newWeighingItem(server, 'Archief-Live-Subject');
    const chair = control.connect(await server.login('voorzitter'));
    await control.call(chair, 'meeting:join', { meetingId: item.meetingId });
    await control.call(chair, 'chair:open', { meetingId: item.meetingId });
    await server.database.db
      .update(weighingFiles)
      .set({ archivedAt: new Date() })
      .where(eq(weighingFiles.id, item.weighingFileId));
    const name = docName({ meetingId: item.meetingId, itemId: item.itemId, compartment: 'analysis' });
    const chairCookie = (await server.login('voorzitter')).cookie!;
    expect(await rawAttempt(server, name, { cookie: chairCookie })).toEqual({
      code: CloseCode.Forbidden,
      frames: [],
    });
    const core = connectDoc(server, users.politie!, name);
    await until(() => core.provider.synced, 'core party sync');
    core.provider.destroy();
  });
});
