import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MinutesToReadList, OwnAcknowledgementView } from '../../shared/index';
import { startTestServer, type TestClient, type TestServer } from '../testing/harness';
import { controlClients } from '../testing/live-clients';
import { frozenCaseMeeting } from '../testing/meetings';

/** Art. 7.4: who attended is told the minutes are there ("verslag beschikbaar") until they mark them as read. */
describe('minutes to read', () => {
  let server: TestServer;
  let meetingId: string;
  const users: Record<string, TestClient> = {};
  const control = controlClients(() => server);
  const toRead = async (user: string) =>
    (await users[user]!.get<MinutesToReadList>('/api/minutes-to-read')).body.meetings.map((m) => m.meetingId);
  const own = async (user: string) =>
    users[user]!.get<OwnAcknowledgementView>(`/api/meetings/${meetingId}/record/acknowledgement`);

  beforeAll(async () => {
    server = await startTestServer();
    for (const name of ['uitvoerder', 'politie', 'gemeente']) users[name] = await server.login(name);
    ({ meetingId } = await frozenCaseMeeting(server, control, {
      subject: 'To-Read-Subject',
      involved: ['municipality', 'police', 'mental_health'],
      attendees: ['politie', 'ggz'],
      texts: { analysis: { analysis: 'Een analyse' } },
    }));
  });
  afterAll(async () => {
    control.disconnectAll();
    await server.close();
  });

  it('lists a frozen meeting to who attended it until they mark it as read, and to no one else', async () => {
    // The police also attended the weegploeg that put the case on the agenda (its minutes are listed too).
    expect(await toRead('politie')).toContain(meetingId);
    expect(await toRead('gemeente')).not.toContain(meetingId);
    expect((await own('politie')).body).toEqual({ attended: true, acknowledgedAt: null });

    const acknowledged = await users.politie!.post(`/api/meetings/${meetingId}/record/acknowledgement`, {});
    expect(acknowledged.status).toBe(200);
    expect(await toRead('politie')).not.toContain(meetingId);
    expect((await own('politie')).body).toEqual({
      attended: true,
      acknowledgedAt: acknowledged.body.acknowledgedAt,
    });
  });

  it('tells a participant who did not attend that they have nothing to mark as read', async () => {
    const response = await own('gemeente');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ attended: false, acknowledgedAt: null });
  });
});
