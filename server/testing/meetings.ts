import type { PartyView, WeighingOutcome } from '../../shared/index';
import { newWeighingItem, recordDecision, type TestServer } from './harness';
import type { controlClients } from './live-clients';

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
  await control.call(chair, 'chair:outcome', {
    meetingId: item.meetingId,
    itemId: item.itemId,
    outcome: 'agreed',
  });
  const closed = await control.call(chair, 'chair:close', { meetingId: item.meetingId });
  if (!closed.ok) throw new Error(`close failed: ${closed.error.message}`);
  chair.disconnect();
  return { ...item, decision };
}
