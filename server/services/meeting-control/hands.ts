import { isOver, type Actor } from '../../../shared/index';
import type { Database } from '../../../db/client';
import type { RequestContext } from '../../context';
import type { EventBus } from '../../events/bus';
import { chairOnly, meetingOf } from './meeting';
import { refusal } from './refusal';

/**
 * Chair: lowers the raised hand of a participant present now, and with `floor` gives them the floor ("Het
 * woord geven"); the chair leads the meeting (art. 5). `present` are the participants connected to the meeting.
 * The hands live with the sockets, on whichever instance holds them: the change is published, and each instance
 * applies it to its own sockets.
 */
export async function lowerHand(
  db: Database,
  events: EventBus,
  ctx: RequestContext,
  meetingId: string,
  membershipId: string,
  floor: boolean,
  present: readonly Actor[],
  now = new Date(),
): Promise<void> {
  chairOnly(ctx.actor);
  const meeting = await meetingOf(db, ctx.actor, meetingId);
  if (isOver(meeting.state)) throw refusal('CONFLICT', 'the meeting is closed');
  if (!present.some((actor) => actor.membershipId === membershipId))
    throw refusal('NOT_FOUND', 'no such participant present in this meeting');
  await events.publish({ type: 'hand.lowered', meetingId, membershipId, floor, at: now.toISOString() });
}

/** A participant lowers their own hand: in every tab, on every instance. */
export async function lowerOwnHand(events: EventBus, ctx: RequestContext, meetingId: string): Promise<void> {
  await events.publish({
    type: 'hand.lowered',
    meetingId,
    membershipId: ctx.actor.membershipId,
    floor: false,
    at: new Date().toISOString(),
  });
}
