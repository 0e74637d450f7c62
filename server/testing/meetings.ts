import { docName, type PartyView, type WeighingFileDetail, type WeighingOutcome } from '../../shared/index';
import { newCaseFile, newWeighingItem, recordDecision, type TestServer } from './harness';
import { connectDoc, until, type controlClients } from './live-clients';
import { agreeAsCoreParties } from './weegploeg';

/**
 * A weegploeg that decides on one new subject and is frozen: the decision recorded in the meeting, agreed in a
 * consent round, the meeting closed — which starts the notification duty (art. 11) and the other effects.
 */
export async function frozenWeighingDecision(
  server: TestServer,
  control: ReturnType<typeof controlClients>,
  subjectName: string,
  outcome: WeighingOutcome,
  options: {
    involved?: readonly PartyView['organisationType'][];
    beforeDecision?: (item: { meetingId: string; itemId: string }) => Promise<void>;
  } = {},
) {
  const item = await newWeighingItem(server, subjectName);
  const chair = control.connect(await server.login('voorzitter'));
  await control.call(chair, 'meeting:join', { meetingId: item.meetingId });
  await control.call(chair, 'chair:open', { meetingId: item.meetingId });
  await options.beforeDecision?.(item);
  const decision = await recordDecision(server, item.weighingFileId, {
    outcome,
    meetingId: item.meetingId,
    ...(outcome === 'agenda' ? { involved: options.involved ?? ['municipality', 'police'] } : {}),
  });
  await control.call(chair, 'chair:consent-ask', { meetingId: item.meetingId, itemId: item.itemId });
  // The three core parties agree together (art. 7.4); the chair records it.
  await agreeAsCoreParties(server, item.meetingId, item.itemId);
  const closed = await control.call(chair, 'chair:close', { meetingId: item.meetingId });
  if (!closed.ok) throw new Error(`close failed: ${closed.error.message}`);
  chair.disconnect();
  // Taken at the freeze: only now does it point at the case file it copied to (art. 8.5).
  const file = await (
    await server.login('uitvoerder')
  ).get<WeighingFileDetail>(`/api/weighing-files/${item.weighingFileId}`);
  const taken = file.body.decisions.find((d) => d.id === decision.id);
  if (taken?.state !== 'taken') throw new Error('the decision was not taken at the freeze');
  return { ...item, decision: { id: taken.id, caseFileId: taken.caseFileId } };
}

/**
 * A casusoverleg on one new case, frozen: the chair opens it, `attendees` join and the item is discussed (their
 * attendance is recorded), the police write `texts` into the live documents, `beforeClose` runs, and the meeting
 * is closed through consent rounds.
 */
export async function frozenCaseMeeting(
  server: TestServer,
  control: ReturnType<typeof controlClients>,
  options: {
    subject: string;
    involved: readonly PartyView['organisationType'][];
    title?: string;
    attendees?: readonly string[];
    texts: Partial<Record<'analysis' | 'plan', Record<string, string>>>;
    beforeClose?: (meeting: { meetingId: string; itemId: string }) => Promise<void>;
  },
): Promise<{ meetingId: string; itemId: string; caseFileId: string }> {
  const caseFileId = await newCaseFile(server, options.subject, options.involved);
  const executor = await server.login('uitvoerder');
  const meetingId = (
    await executor.post('/api/meetings', {
      kind: 'case',
      title: options.title ?? 'Casusoverleg',
      scheduledAt: '2026-12-02T09:00:00Z',
    })
  ).body.id as string;
  const itemId = (await executor.post(`/api/meetings/${meetingId}/agenda-items`, { caseFileId })).body
    .agenda[0].id as string;
  const chair = control.connect(await server.login('voorzitter'));
  await control.call(chair, 'meeting:join', { meetingId });
  await control.call(chair, 'chair:open', { meetingId });
  for (const name of options.attendees ?? [])
    await control.call(control.connect(await server.login(name)), 'meeting:join', { meetingId });
  await control.call(chair, 'chair:discuss', { meetingId, itemId });
  const police = await server.login('politie');
  const writers = Object.entries(options.texts).map(([compartment, fields]) => ({
    fields,
    live: connectDoc(server, police, docName({ meetingId, itemId, compartment: compartment as 'plan' })),
  }));
  await until(() => writers.every((w) => w.live.provider.synced), 'sync');
  for (const { fields, live } of writers)
    for (const [field, text] of Object.entries(fields)) live.doc.getText(field).insert(0, text);
  await server.app.live.store.drain();
  await options.beforeClose?.({ meetingId, itemId });
  const closed = await control.close(chair, meetingId);
  if (!closed.ok) throw new Error(`close failed: ${closed.error.message}`);
  for (const { live } of writers) live.provider.destroy();
  return { meetingId, itemId, caseFileId };
}
