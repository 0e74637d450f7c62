import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestClient, type TestServer, newSubjectSignal } from '../testing/harness';

describe('meetings (convenant art. 5, 7, 9)', () => {
  let server: TestServer;
  let executor: TestClient;
  let police: TestClient;
  let fileId: string;

  beforeAll(async () => {
    server = await startTestServer();
    executor = await server.login('uitvoerder');
    police = await server.login('politie');
    const signal = await police.post('/api/signals', newSubjectSignal('Agenda-Canary-55'));
    fileId = signal.body.weighingFileId;
  });
  afterAll(async () => {
    await server.close();
  });

  it('are scheduled by the executor; a weegploeg invites the core parties only (art. 1m)', async () => {
    const response = await executor.post('/api/meetings', {
      kind: 'weighing',
      title: 'Weegploeg november',
      scheduledAt: '2026-11-24T09:00:00+01:00',
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      kind: 'weighing',
      state: 'scheduled',
      scheduledAt: '2026-11-24T08:00:00.000Z',
    });
    const organisations = response.body.participants.map(
      (p: { organisationName: string }) => p.organisationName,
    );
    expect(organisations).toEqual(
      expect.arrayContaining([
        'Gemeente Voorbeeldstad',
        'Politie Eenheid Voorbeeld',
        'Zorg- en Veiligheidshuis Voorbeeld',
      ]),
    );
    expect(organisations).not.toContain('GGZ Voorbeeld');
    expect(organisations).not.toContain('Raad voor de Kinderbescherming');
  });

  it('are not scheduled by a party member', async () => {
    const response = await police.post('/api/meetings', {
      kind: 'weighing',
      title: 'x',
      scheduledAt: '2026-11-24T09:00:00Z',
    });
    expect(response.status).toBe(403);
    expect(response.body.error.rule).toBe('art. 5');
  });

  it('take weighing files on a weegploeg agenda and show names only to those who may see them', async () => {
    const meeting = await executor.post('/api/meetings', {
      kind: 'weighing',
      title: 'Weegploeg',
      scheduledAt: '2026-12-01T09:00:00Z',
    });
    const added = await executor.post(`/api/meetings/${meeting.body.id}/agenda-items`, {
      weighingFileId: fileId,
    });
    expect(added.status).toBe(201);
    expect(added.body.agenda).toEqual([
      expect.objectContaining({ position: 1, subjectName: 'Agenda-Canary-55', weighingFileId: fileId }),
    ]);
    const twice = await executor.post(`/api/meetings/${meeting.body.id}/agenda-items`, {
      weighingFileId: fileId,
    });
    expect(twice.status).toBe(409);
    const wrongFile = await executor.post(`/api/meetings/${meeting.body.id}/agenda-items`, {
      caseFileId: fileId,
    });
    expect(wrongFile.status).toBe(400);
    expect(wrongFile.body.error.field).toBe('body.weighingFileId');

    const asPolice = await police.get(`/api/meetings/${meeting.body.id}`);
    expect(asPolice.status).toBe(200);
    expect(asPolice.body.agenda[0].subjectName).toBe('Agenda-Canary-55');
    const listed = (await police.get('/api/meetings')).body.meetings.find(
      (m: { id: string }) => m.id === meeting.body.id,
    );
    expect(listed).toMatchObject({ agendaItemCount: 1 });

    // A satellite is no participant of a weegploeg: the meeting is neither listed nor opened for it.
    const satellite = await server.login('ggz');
    expect((await satellite.get('/api/meetings')).body.meetings).toEqual([]);
    const opened = await satellite.get(`/api/meetings/${meeting.body.id}`);
    expect(opened.status).toBe(403);
    expect(opened.text).not.toContain('Agenda-Canary-55');
  });

  it('keep positions unique when agenda items are added at the same time', async () => {
    const meeting = await executor.post('/api/meetings', {
      kind: 'weighing',
      title: 'Druk',
      scheduledAt: '2026-12-08T09:00:00Z',
    });
    const files = await Promise.all(
      [1, 2, 3, 4].map(async (n) => {
        const signal = await police.post('/api/signals', {
          subject: { name: `Parallel ${n}` },
          description: 'Signaal',
          observedOn: '2026-11-01',
          reporter: { name: 'Melder', contact: 'm@example.nl' },
          phenomenon: 'other',
          setting: 'offline',
        });
        return signal.body.weighingFileId as string;
      }),
    );
    const added = await Promise.all(
      files.map((weighingFileId) =>
        executor.post(`/api/meetings/${meeting.body.id}/agenda-items`, { weighingFileId }),
      ),
    );
    expect(added.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    const twice = await Promise.all(
      [1, 2, 3].map(() =>
        executor.post(`/api/meetings/${meeting.body.id}/agenda-items`, { weighingFileId: files[0] }),
      ),
    );
    expect(twice.map((a) => a.status)).toEqual([409, 409, 409]);
    const detail = await executor.get(`/api/meetings/${meeting.body.id}`);
    expect(detail.body.agenda.map((item: { position: number }) => item.position)).toEqual([1, 2, 3, 4]);
  });
});
