import { isInSession } from '../../../shared/index';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { agendaItems } from '../../../db/schema/index';
import type { Actor } from '../../../shared/index';
import type { RequestContext } from '../../context';
import { admissionOf, admits } from '../admissions';
import { chairOnly, meetingOf, moveMeeting, recordAttendance } from './meeting';
import { startTurn } from './discussion-time';
import { refusal } from './refusal';

/** Chair: opens a scheduled meeting. */
export async function openMeeting(db: Database, ctx: RequestContext, meetingId: string): Promise<void> {
  chairOnly(ctx.actor);
  await meetingOf(db, ctx.actor, meetingId);
  await moveMeeting(db, meetingId, ['scheduled'], 'open');
}

/**
 * Chair: the meeting moves to an agenda item. Those present and admitted to it are recorded as attending it
 * (art. 10.5: who received what); `present` are the participants connected to the meeting now. The time spent
 * on the item discussed until now is added to it (the agenda shows the time used against the time planned).
 */
export async function discussItem(
  db: Database,
  ctx: RequestContext,
  meetingId: string,
  itemId: string,
  present: readonly Actor[],
  now = new Date(),
): Promise<void> {
  chairOnly(ctx.actor);
  const meeting = await meetingOf(db, ctx.actor, meetingId);
  if (!isInSession(meeting.state)) throw refusal('CONFLICT', 'open the meeting first');
  const [item] = await db
    .select({ id: agendaItems.id })
    .from(agendaItems)
    .where(and(eq(agendaItems.id, itemId), eq(agendaItems.meetingId, meetingId)))
    .limit(1);
  if (!item) throw refusal('NOT_FOUND', 'no such agenda item in this meeting');
  await startTurn(db, meetingId, itemId, now);
  const attending: string[] = [];
  for (const actor of new Map(present.map((a) => [a.membershipId, a])).values())
    if (admits(await admissionOf(db, meetingId, actor), itemId)) attending.push(actor.membershipId);
  await recordAttendance(db, itemId, attending);
}
