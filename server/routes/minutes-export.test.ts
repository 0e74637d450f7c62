import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { auditLog, covenants, referenceCriteria, referenceFrameworks } from '../../db/schema/index';
import type { MeetingRecordView, SessionResponse } from '../../shared/index';
import { startTestServer, type TestClient, type TestServer } from '../testing/harness';
import { controlClients } from '../testing/live-clients';
import { frozenCaseMeeting } from '../testing/meetings';
import { pdfInfo, pdfPages, pdfStreams, pdfTags } from '../testing/pdf-text';

const POLICE_CANARY = 'CANARY-politie-analyse-5512';
const PLAN_CANARY = 'CANARY-plan-doel-3307';
const SUBJECT = 'Export-Subject';
const CRITERION_CANARY = 'CANARY-criterium-8841';
/** A criterion of another region's framework, its id typed into this meeting's analysis. */
const FOREIGN_CRITERION = '0f0f0f0f-0000-4000-8000-00000000f0f0';
const FOREIGN_TITLE = 'CANARY-ander-convenant-criterium';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/**
 * The frozen minutes as a PDF per reader (art. 10.4, 10.5, 14): the same masked view as on screen, the
 * reader's name on every page, and the export audited.
 */
describe('GET /api/meetings/:id/record/pdf', () => {
  let server: TestServer;
  let meetingId: string;
  let criterion: { id: string; code: string; title: string };
  const users: Record<string, TestClient> = {};
  const control = controlClients(() => server);

  /** The answer as bytes: the harness client reads bodies as text, which would mangle a PDF. */
  async function download(user: TestClient, path: string) {
    const response = await fetch(server.url + path, { headers: user.cookie ? { cookie: user.cookie } : {} });
    return {
      status: response.status,
      headers: response.headers,
      bytes: Buffer.from(await response.arrayBuffer()),
    };
  }
  const pdfPath = () => `/api/meetings/${meetingId}/record/pdf`;

  beforeAll(async () => {
    server = await startTestServer();
    for (const name of ['voorzitter', 'uitvoerder', 'politie', 'ggz', 'reclassering'])
      users[name] = await server.login(name);
    const covenant = await users.politie!.get<{ referenceFramework: { criteria: (typeof criterion)[] } }>(
      '/api/covenant',
    );
    criterion = covenant.body.referenceFramework.criteria[0]!;
    const [own] = await server.database.db.select().from(covenants).limit(1);
    const foreign = randomUUID();
    await server.database.db
      .insert(covenants)
      .values({ id: foreign, name: 'Ander convenant', region: 'Elders', policy: own!.policy });
    const framework = randomUUID();
    await server.database.db
      .insert(referenceFrameworks)
      .values({ id: framework, covenantId: foreign, name: 'Ander kader', isExample: false, active: true });
    await server.database.db.insert(referenceCriteria).values({
      id: FOREIGN_CRITERION,
      frameworkId: framework,
      code: 'X9',
      title: FOREIGN_TITLE,
      description: '-',
      position: 0,
    });
    ({ meetingId } = await frozenCaseMeeting(server, control, {
      subject: SUBJECT,
      involved: ['municipality', 'police', 'child_protection_board', 'mental_health'],
      title: 'Casusoverleg export',
      texts: {
        analysis: {
          analysis: POLICE_CANARY,
          [`criterion/${criterion.id}`]: CRITERION_CANARY,
          [`criterion/${FOREIGN_CRITERION}`]: 'Verwijst naar een ander convenant',
        },
        plan: { goal: PLAN_CANARY },
      },
      beforeClose: async (meeting) => {
        // Not frozen yet: no record, so no PDF either (JSON error, like every other error).
        const early = await download(users.politie!, `/api/meetings/${meeting.meetingId}/record/pdf`);
        expect(early.status).toBe(404);
        expect(early.headers.get('content-type')).toMatch(/^application\/json/);
        expect(JSON.parse(early.bytes.toString('utf8')).error.code).toBe('NOT_FOUND');
      },
    }));
  });
  afterAll(async () => {
    control.disconnectAll();
    await server.close();
  });

  it("gives a core party its full view, named and stamped with the record's hash on every page", async () => {
    const record = await users.politie!.get<MeetingRecordView>(`/api/meetings/${meetingId}/record`);
    expect(record.status).toBe(200);
    const me = (await users.politie!.get<SessionResponse>('/api/session')).body.me;

    const response = await download(users.politie!, pdfPath());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="verslag-casusoverleg-\d{4}-\d{2}-\d{2}\.pdf"$/,
    );
    expect(response.headers.get('content-language')).toBe('nl');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const pages = await pdfPages(response.bytes);
    const text = pages.join('\n');
    expect(text).toContain(POLICE_CANARY);
    expect(text).toContain(PLAN_CANARY);
    expect(text).toContain(SUBJECT);
    expect(text).toContain(`Record-hash ${record.body.hash} — integriteit gecontroleerd`);
    for (const page of pages) {
      expect(page).toContain(
        `Opgevraagd door ${me.displayName} (${me.organisation.name}, ${me.capacity}) op `,
      );
      expect(page).toContain(record.body.hash);
      expect(page).toContain(`VERTROUWELIJK — ${me.displayName}`);
    }
    // The file's properties name no subject and no reader.
    const info = await pdfInfo(response.bytes);
    expect(info.Title).toMatch(/^Vastgesteld verslag — Casusoverleg van \d+ \w+ \d{4}$/);
    expect(JSON.stringify(info)).not.toContain(SUBJECT);
    expect(JSON.stringify(info)).not.toContain(me.displayName);
  });

  it('names the criterion, shows no internal id, and speaks the reader language', async () => {
    const dutch = (await pdfPages((await download(users.politie!, pdfPath())).bytes)).join('\n');
    expect(dutch.replace(/\s+/g, ' ')).toContain(
      `Criterium ${criterion.code} ${criterion.title} ${CRITERION_CANARY}`,
    );
    expect(dutch).not.toMatch(UUID);
    // Another region's framework is not named, even when its criterion's id was typed into the analysis.
    expect(dutch).not.toContain(FOREIGN_TITLE);

    const asked = await download(users.politie!, `${pdfPath()}?lang=en`);
    expect(asked.headers.get('content-language')).toBe('en');
    const english = (await pdfPages(asked.bytes)).join('\n').replace(/\s+/g, ' ');
    expect(english).toContain(`Criterion ${criterion.code} ${criterion.title} ${CRITERION_CANARY}`);
    expect(english).toContain('Casustafel — adopted minutes');
    expect(english).not.toMatch(UUID);
    expect((await pdfTags(asked.bytes)).language).toBe('en-GB');

    // Without ?lang the browser's own preference decides; an unknown language is refused by name.
    const browser = await fetch(server.url + pdfPath(), {
      headers: { cookie: users.politie!.cookie!, 'accept-language': 'en-US,en;q=0.9,nl;q=0.8' },
    });
    expect(browser.headers.get('content-language')).toBe('en');
    await browser.arrayBuffer();
    const unknown = await download(users.politie!, `${pdfPath()}?lang=de`);
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.bytes.toString('utf8')).error.message).toMatch(/lang/);
  });

  it('gives the satellite the plan and the masked placeholders, and no byte of the analysis or the NAW', async () => {
    const me = (await users.ggz!.get<SessionResponse>('/api/session')).body.me;
    const record = await users.ggz!.get<MeetingRecordView>(`/api/meetings/${meetingId}/record`);
    const response = await download(users.ggz!, pdfPath());
    expect(response.status).toBe(200);

    const pages = await pdfPages(response.bytes);
    const text = pages.join('\n');
    expect(text).toContain(PLAN_CANARY);
    expect(text).not.toContain(POLICE_CANARY);
    expect(text).not.toContain(SUBJECT);
    expect(text).toMatch(/Afgeschermd — .+ \(art\. 10\.5\)/);
    for (const page of pages) {
      expect(page).toContain(`Opgevraagd door ${me.displayName} (${me.organisation.name}, ${me.capacity})`);
      expect(page).toContain(record.body.hash);
      expect(page).toContain(`VERTROUWELIJK — ${me.displayName}`);
    }
    // Not in the raw file, nor in any inflated stream.
    for (const secret of [POLICE_CANARY, SUBJECT]) {
      expect(response.bytes.toString('latin1')).not.toContain(secret);
      expect(pdfStreams(response.bytes).join('\n')).not.toContain(secret);
    }
  });

  it('is refused, as JSON, to whoever did not take part', async () => {
    const response = await download(users.reclassering!, pdfPath());
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = JSON.parse(response.bytes.toString('utf8'));
    expect(body.error.code).toBe('FORBIDDEN');
    expect(response.bytes.toString('utf8')).not.toContain('CANARY');
  });

  it('audits every export per subject, with ids only', async () => {
    const before = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.objectType, 'meeting_record'), eq(auditLog.fieldGroup, 'pdf')));
    const me = (await users.ggz!.get<SessionResponse>('/api/session')).body.me;
    expect((await download(users.ggz!, pdfPath())).status).toBe(200);

    const exports = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.objectType, 'meeting_record'), eq(auditLog.fieldGroup, 'pdf')));
    const added = exports.filter((row) => !before.some((b) => b.seq === row.seq));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({
      userId: me.userId,
      action: 'read',
      result: 'allowed',
      rule: 'art. 10.4',
      subjectId: expect.any(String),
    });
    // The view itself is audited too (by readMinutes), and nothing personal is in any row.
    const views = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.objectType, 'meeting_record'), eq(auditLog.userId, me.userId)));
    expect(views.some((row) => row.fieldGroup !== 'pdf')).toBe(true);
    expect(JSON.stringify(exports)).not.toContain('CANARY');
    expect(JSON.stringify(exports)).not.toContain(SUBJECT);
  });
});
