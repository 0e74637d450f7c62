import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newWeighingItem, startTestServer, type TestServer } from '../testing/harness';

/** A participant takes the meeting into their own calendar: title, time and link, never the agenda (art. 9.1). */
describe('a meeting as a calendar invitation', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('gives participants an .ics with the meeting and no subject; others are refused', async () => {
    const { meetingId } = await newWeighingItem(server, 'KanarieAgendaSubject');
    const police = await server.login('politie');
    const ics = await police.get(`/api/meetings/${meetingId}/calendar.ics`);
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toContain('text/calendar');
    expect(ics.text).toContain('SUMMARY:Weegploeg');
    expect(ics.text).toContain('DTSTART:20261201T090000Z');
    expect(ics.text.replace(/\r\n /g, '')).toContain(`/overleggen/${meetingId}`);
    expect(ics.text).not.toContain('KanarieAgendaSubject');
    // A case party is no participant of a weegploeg (art. 7, 9.1).
    expect((await (await server.login('rvdk')).get(`/api/meetings/${meetingId}/calendar.ics`)).status).toBe(
      403,
    );
    // Called off: the invitation cancels the event.
    await (await server.login('uitvoerder')).post(`/api/meetings/${meetingId}/cancel`, { reason: 'Vervalt' });
    expect((await police.get(`/api/meetings/${meetingId}/calendar.ics`)).text).toContain('STATUS:CANCELLED');
  });
});
