import { moveMeeting as moveAlongLifecycle } from '../meeting-transitions';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { meetingAttendance, meetings } from '../../../db/schema/index';
import type { Actor, MeetingState } from '../../../shared/index';
import { refusal } from './refusal';

/** The purpose recorded in the audit log for every meeting-control step. */
export const CONTROL_PURPOSE = 'live overleg: aanwezigheid en agenda (convenant art. 9, 10.5)';

/** The meeting, within the actor's covenant, or NOT_FOUND. */
export async function meetingOf(db: Database, actor: Actor, meetingId: string) {
  const [meeting] = await db
    .select()
    .from(meetings)
    .where(and(eq(meetings.id, meetingId), eq(meetings.covenantId, actor.covenantId)))
    .limit(1);
  if (!meeting) throw refusal('NOT_FOUND', 'no such meeting');
  return meeting;
}

/** The chair (technisch voorzitter) steers the meeting (convenant art. 5). */
export function chairOnly(actor: Actor): void {
  if (actor.role !== 'chair') throw refusal('FORBIDDEN', 'only the chair controls the meeting', 'art. 5');
}

/**
 * Moves the meeting from one of `from` to `to` along the lifecycle (shared/domain/meetings.ts), or CONFLICT when
 * it is in none of them (checked atomically).
 */
export async function moveMeeting(db: Database, meetingId: string, from: MeetingState[], to: MeetingState) {
  if (!(await moveAlongLifecycle(db, meetingId, from, to)))
    throw refusal('CONFLICT', `the meeting cannot go to ${to} from its current state`);
}

/** Records who is present for the item under discussion (attendance per agenda item, art. 10.5). */
export async function recordAttendance(
  db: Database,
  itemId: string,
  membershipIds: string[],
  now = new Date(),
) {
  if (membershipIds.length === 0) return;
  await db
    .insert(meetingAttendance)
    .values(
      [...new Set(membershipIds)].map((membershipId) => ({
        agendaItemId: itemId,
        membershipId,
        firstSeenAt: now,
      })),
    )
    .onConflictDoNothing();
}
