import type { RequestContext } from '../../context';
import type { EventBus } from '../../events/bus';
import {
  FreezeError,
  freezeMeeting,
  itemsLackingOutcome,
  lackingOutcomeMessage,
  type FreezeDeps,
} from '../freeze/index';
import { chairOnly, meetingOf } from './meeting';
import { startTurn } from './discussion-time';
import { refusal } from './refusal';

/**
 * Chair: closes the meeting by freezing it into its record (fence, persist, record, closed), or leaves it open
 * when that fails. Every item needs an outcome first (agreed, or carried over); checked again inside the fence.
 * The fence, its lifting and the end of the live session are published (the freeze's deps and here), so every
 * connection to the meeting follows, on every instance.
 */
export async function closeMeeting(
  deps: FreezeDeps,
  events: EventBus,
  ctx: RequestContext,
  meetingId: string,
): Promise<void> {
  chairOnly(ctx.actor);
  const meeting = await meetingOf(deps.db, ctx.actor, meetingId);
  const open = await itemsLackingOutcome(deps.db, meetingId);
  if (open.length > 0) throw refusal('CONFLICT', lackingOutcomeMessage(open));
  // The last item's running turn counts too; should the freeze fail, the item goes on from here.
  await startTurn(deps.db, meetingId, meeting.currentItemId);
  try {
    await freezeMeeting(deps, meetingId, ctx.actor);
  } catch (error) {
    if (error instanceof FreezeError) throw refusal('CONFLICT', error.message);
    throw error;
  }
  await events.publish({ type: 'meeting.frozen', meetingId });
}
