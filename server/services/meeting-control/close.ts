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
  await meetingOf(deps.db, ctx.actor, meetingId);
  const open = await itemsLackingOutcome(deps.db, meetingId);
  if (open.length > 0) throw refusal('CONFLICT', lackingOutcomeMessage(open));
  try {
    await freezeMeeting(deps, meetingId, ctx.actor);
  } catch (error) {
    if (error instanceof FreezeError) throw refusal('CONFLICT', error.message);
    throw error;
  }
  await events.publish({ type: 'meeting.frozen', meetingId });
}
