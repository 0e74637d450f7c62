import type { Database } from '../../../db/client';
import type { RequestContext } from '../../context';
import type { EventBus } from '../../events/bus';
import { FreezeError, freezeMeeting, itemsLackingOutcome, lackingOutcomeMessage } from '../../live/freeze';
import { chairOnly, meetingOf } from './meeting';
import { refusal } from './refusal';

type FreezeDeps = Parameters<typeof freezeMeeting>[0];

/**
 * Chair: closes the meeting by freezing it into its record (fence, persist, record, closed), or leaves it open
 * when that fails. Every item needs an outcome first (agreed, or carried over); checked again inside the fence.
 * The fence and the end of the live session are published, so every connection to the meeting follows;
 * `freezeFailed` runs when the freeze itself failed (the meeting is open again), before the refusal is thrown.
 */
export async function closeMeeting(
  deps: FreezeDeps & { db: Database },
  events: EventBus,
  ctx: RequestContext,
  meetingId: string,
  freezeFailed: () => Promise<void> = async () => undefined,
): Promise<void> {
  chairOnly(ctx.actor);
  await meetingOf(deps.db, ctx.actor, meetingId);
  const open = await itemsLackingOutcome(deps.db, meetingId);
  if (open.length > 0) throw refusal('CONFLICT', lackingOutcomeMessage(open));
  try {
    await freezeMeeting(deps, meetingId, ctx.actor, () =>
      events.publish({ type: 'meeting.fenced', meetingId }),
    );
  } catch (error) {
    await freezeFailed();
    if (error instanceof FreezeError) throw refusal('CONFLICT', error.message);
    throw error;
  }
  await events.publish({ type: 'meeting.frozen', meetingId });
}
