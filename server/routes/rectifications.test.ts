import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { meetingRecords } from '../../db/schema/index';
import type { MeetingRecordView } from '../../shared/index';
import { verifyRecordChain } from '../services/records';
import { startTestServer, type TestClient, type TestServer } from '../testing/harness';
import { controlClients } from '../testing/live-clients';
import { frozenCaseMeeting } from '../testing/meetings';
import { pdfText } from '../testing/pdf-text';
import { openMinutes } from '../testing/records';

const WRONG = 'Betrokkene woont in Almere';
const RIGHT = 'Betrokkene woont in Lelystad';

/**
 * Art. 12: a correction never edits the frozen record. It is a new record linked to the original; readers see the
 * corrected text; the original is shielded from them, and its hash stays in the chain.
 */
describe('rectification of frozen minutes', () => {
  let server: TestServer;
  let meetingId: string;
  let itemId: string;
  const users: Record<string, TestClient> = {};
  const control = controlClients(() => server);
  const minutes = async (user: string, query = '') =>
    users[user]!.get<MeetingRecordView>(`/api/meetings/${meetingId}/record${query}`);
  const analysisOf = (view: MeetingRecordView) =>
    view.items[0]!.compartments.find((c) => c.compartment === 'analysis');

  beforeAll(async () => {
    server = await startTestServer();
    for (const name of ['voorzitter', 'uitvoerder', 'politie', 'ggz']) users[name] = await server.login(name);
    ({ meetingId, itemId } = await frozenCaseMeeting(server, control, {
      subject: 'Rectify-Subject',
      involved: ['municipality', 'police', 'mental_health'],
      texts: { analysis: { analysis: WRONG } },
    }));
  });
  afterAll(async () => {
    control.disconnectAll();
    await server.close();
  });

  it('refuses anyone but the executor, and bad targets, saying what is wrong', async () => {
    const body = {
      itemId,
      compartment: 'analysis',
      field: 'analysis',
      correction: RIGHT,
      reason: 'Verzoek betrokkene',
    };
    const member = await users.politie!.post(`/api/meetings/${meetingId}/record/rectifications`, body);
    expect(member.status).toBe(403);
    expect(member.body.error.rule).toBe('art. 12');
    const post = (patch: Record<string, unknown>) =>
      users.uitvoerder!.post(`/api/meetings/${meetingId}/record/rectifications`, { ...body, ...patch });
    expect((await post({ field: 'nonexistent' })).status).toBe(404);
    expect((await post({ itemId: '00000000-0000-4000-8000-000000000000' })).body.error.field).toBe(
      'body.itemId',
    );
    expect((await post({ compartment: 'nonsense' })).status).toBe(400);
    expect((await post({ reason: '' })).status).toBe(400);
    // The plan's measures are not a text: a correction there would be a new plan, not a rectification.
    const measures = await post({ compartment: 'plan', field: 'measures' });
    expect([404, 422]).toContain(measures.status);
  });

  it('adds a linked record; readers see the correction, not the original; the chain still verifies', async () => {
    const [original] = await server.database.db
      .select()
      .from(meetingRecords)
      .where(eq(meetingRecords.meetingId, meetingId));
    const created = await users.uitvoerder!.post(`/api/meetings/${meetingId}/record/rectifications`, {
      itemId,
      compartment: 'analysis',
      field: 'analysis',
      correction: RIGHT,
      reason: 'Verzoek betrokkene d.d. 20-11-2026: adres onjuist',
    });
    expect(created.status).toBe(201);

    const rows = await server.database.db
      .select()
      .from(meetingRecords)
      .where(eq(meetingRecords.meetingId, meetingId));
    expect(rows).toHaveLength(2);
    const rectification = rows.find((r) => r.kind === 'rectification')!;
    expect(rectification.rectifiesId).toBe(original!.id);
    // The original record is untouched: same payload, same hash.
    const stillOriginal = rows.find((r) => r.id === original!.id)!;
    expect(stillOriginal.hash).toBe(original!.hash);
    expect((await openMinutes(server, meetingId)).items[0]!.compartments.analysis!.content.analysis).toBe(
      WRONG,
    );
    // Sealed with the file's key: neither text is in the stored bytes in the clear.
    expect(JSON.stringify(rows.map((r) => r.payload))).not.toMatch(/Almere|Lelystad/);
    expect(await verifyRecordChain(server.database.db, original!.covenantId)).toMatchObject({ ok: true });

    const police = (await minutes('politie')).body;
    expect(police.verified).toBe(true);
    const analysis = analysisOf(police);
    expect(analysis).toMatchObject({ access: 'read', content: { analysis: RIGHT } });
    expect(analysis && 'rectifications' in analysis && analysis.rectifications).toMatchObject([
      { field: 'analysis', reason: expect.stringContaining('adres onjuist'), hash: rectification.hash },
    ]);
    // The original is shielded from ordinary readers.
    expect(JSON.stringify(police)).not.toContain(WRONG);
    const denied = await minutes('politie', '?include=original');
    expect(denied.status).toBe(403);
    // The satellite never saw the police analysis, corrected or not.
    const ggz = JSON.stringify((await minutes('ggz')).body);
    expect(ggz).not.toContain(WRONG);
    expect(ggz).not.toContain(RIGHT);

    // The police's PDF says the text was corrected and why, and holds the correction, not the original.
    const pdf = await fetch(`${server.url}/api/meetings/${meetingId}/record/pdf`, {
      headers: { cookie: users.politie!.cookie! },
    });
    const text = (await pdfText(new Uint8Array(await pdf.arrayBuffer()))).replace(/\s+/g, ' ');
    expect(text).toContain(RIGHT);
    expect(text).toContain('Gecorrigeerd op');
    expect(text).toContain('Uitkomst: Vastgesteld');
    expect(text).not.toContain(WRONG);

    // The executor may ask for the original, and that is audited under art. 12.
    const executor = (await minutes('uitvoerder', '?include=original')).body;
    const withOriginal = analysisOf(executor);
    expect(
      withOriginal && 'rectifications' in withOriginal && withOriginal.rectifications?.[0]?.original,
    ).toBe(WRONG);
  });
});
