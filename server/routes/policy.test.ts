import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingPolicyView } from '../../shared/index';
import { newCaseFile, startTestServer, type TestServer } from '../testing/harness';

/** Explainable masking: every participant can see what it gets of each compartment, and why. */
describe('GET /api/meetings/:id/policy', () => {
  let server: TestServer;
  let meetingId: string;

  beforeAll(async () => {
    server = await startTestServer();
    const caseFileId = await newCaseFile(server, 'Beleid-Subject', ['municipality', 'mental_health']);
    const executor = await server.login('uitvoerder');
    const meeting = await executor.post('/api/meetings', {
      kind: 'case',
      title: 'Casusoverleg',
      scheduledAt: '2026-12-02T09:00:00Z',
    });
    meetingId = meeting.body.id;
    await executor.post(`/api/meetings/${meetingId}/agenda-items`, { caseFileId });
  });
  afterAll(async () => {
    await server.close();
  });

  it('tells a satellite what it gets of each compartment and which rule masks the rest (art. 10.5)', async () => {
    const satellite = await server.login('ggz');
    const response = await satellite.get<MeetingPolicyView>(`/api/meetings/${meetingId}/policy`);
    expect(response.status).toBe(200);
    const of = (compartment: string) => response.body.mine.find((v) => v.compartment === compartment);
    expect(of('plan')).toMatchObject({ access: 'write' });
    expect(of('identity')).toEqual({
      compartment: 'identity',
      access: 'masked',
      rule: 'art. 10.5',
      label: 'Afgeschermd — persoonsgegevens',
    });
    expect(of('network')).toMatchObject({ access: 'hidden' });
    // Only organisers see everyone's row.
    expect(response.body.participants).toBeNull();
  });

  it('shows the chair the whole table, and refuses whoever does not take part', async () => {
    const chair = await server.login('voorzitter');
    const table = await chair.get<MeetingPolicyView>(`/api/meetings/${meetingId}/policy`);
    expect(table.status).toBe(200);
    const satelliteId = (await (await server.login('ggz')).get('/api/session')).body.me.membershipId;
    const row = table.body.participants?.find((p) => p.membershipId === satelliteId);
    expect(row?.compartments.find((c) => c.compartment === 'analysis')).toMatchObject({
      access: 'masked',
      rule: 'art. 10.5',
    });
    expect(table.body.mine.every((v) => v.access === 'write')).toBe(true);

    const police = await server.login('politie');
    const refused = await police.get(`/api/meetings/${meetingId}/policy`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.rule).toBe('art. 9.1');
    expect((await chair.get('/api/meetings/00000000-0000-4000-8000-000000000000/policy')).status).toBe(404);
    expect((await chair.get('/api/meetings/nonsense/policy')).status).toBe(400);
  });
});
