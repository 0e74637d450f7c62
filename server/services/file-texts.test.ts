import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CovenantView, WeighingFileDetail } from '../../shared/index';
import {
  newSubjectSignal,
  newWeighingItem,
  startTestServer,
  weighingDecisionBody,
  type TestServer,
} from '../testing/harness';
import { controlClients } from '../testing/live-clients';
import { everyRowAsText, tracesOf } from '../testing/traces';

/**
 * The files' own texts are stored sealed with the file's key (convenant art. 13: so that destroying the key
 * reaches every backup): no row holds them in the clear, and every reader who may see them still does.
 */
describe("the files' texts sealed at rest", () => {
  let server: TestServer;
  const control = controlClients(() => server);

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    control.disconnectAll();
    await server.close();
  });

  it('keeps NAW, signal, reporter and the grounds of a decision out of every row, and shows them to a core party', async () => {
    const canary = {
      name: 'CanaryNaamVerzegeld',
      address: 'CanaryAdresVerzegeld 1',
      residence: 'CanaryWoonplaatsVerzegeld',
      dateOfBirth: '1999-09-19',
      description: 'CanarySignaalVerzegeld',
      reporter: 'CanaryMelderVerzegeld',
      contact: 'canary.melder.verzegeld@example.nl',
      grounds: 'CanaryMotiveringVerzegeld',
      finding: 'CanaryBevindingVerzegeld',
    };
    const police = await server.login('politie');
    const { meetingId, weighingFileId } = await newWeighingItem(server, 'Verzegeld-Subject');
    const signal = await police.post(
      '/api/signals',
      newSubjectSignal('', {
        subject: undefined,
        weighingFileId,
        description: canary.description,
        reporter: { name: canary.reporter, contact: canary.contact },
      }),
    );
    expect(signal.status).toBe(201);
    const second = await police.post(
      '/api/signals',
      newSubjectSignal(canary.name, {
        subject: {
          name: canary.name,
          address: canary.address,
          residence: canary.residence,
          dateOfBirth: canary.dateOfBirth,
        },
      }),
    );
    expect(second.status).toBe(201);
    // A decision is proposed in the open weegploeg (art. 7.3–7.4).
    const chair = control.connect(await server.login('voorzitter'));
    await control.call(chair, 'meeting:join', { meetingId });
    await control.call(chair, 'chair:open', { meetingId });
    const executor = await server.login('uitvoerder');
    const covenant = (await executor.get<CovenantView>('/api/covenant')).body;
    const body = weighingDecisionBody(covenant, { outcome: 'not_substantial', meetingId });
    const proposed = await executor.post(`/api/weighing-files/${weighingFileId}/decisions`, {
      ...body,
      grounds: canary.grounds,
      findings: body.findings.map((f, i) => (i === 0 ? { ...f, grounds: canary.finding } : f)),
    });
    expect(proposed.status).toBe(201);

    const rows = await everyRowAsText(server.database.db);
    for (const [field, value] of Object.entries(canary)) expect(tracesOf(rows, value), field).toEqual([]);

    const first = (await police.get<WeighingFileDetail>(`/api/weighing-files/${weighingFileId}`)).body;
    expect(first.signals.map((s) => [s.description, s.reporter])).toContainEqual([
      canary.description,
      { name: canary.reporter, contact: canary.contact },
    ]);
    expect(first.decisions[0]).toMatchObject({ grounds: canary.grounds });
    expect(first.decisions[0]!.findings[0]).toMatchObject({ grounds: canary.finding });
    const other = (
      await police.get<WeighingFileDetail>(`/api/weighing-files/${second.body.weighingFileId as string}`)
    ).body;
    expect(other.subject).toEqual({
      name: canary.name,
      address: canary.address,
      residence: canary.residence,
      dateOfBirth: canary.dateOfBirth,
    });
    const listed = (await police.get<{ weighingFiles: { subjectName: string }[] }>('/api/weighing-files'))
      .body;
    expect(listed.weighingFiles.map((f) => f.subjectName)).toContain(canary.name);
  });
});
