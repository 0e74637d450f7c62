import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client';
import {
  agendaItems,
  meetingAttendance,
  meetingRecords,
  meetings,
  minutesAcknowledgements,
} from '../../db/schema/index';
import type { RequestContext } from '../context';
import { enforceParticipant } from './meetings';

/** The meetings the reader attended (any agenda item), of the reader's covenant. */
async function attendedMeetings(db: Database, ctx: RequestContext, meetingId?: string) {
  const rows = await db
    .selectDistinct({ meetingId: agendaItems.meetingId })
    .from(meetingAttendance)
    .innerJoin(agendaItems, eq(agendaItems.id, meetingAttendance.agendaItemId))
    .where(
      and(
        eq(meetingAttendance.membershipId, ctx.actor.membershipId),
        meetingId ? eq(agendaItems.meetingId, meetingId) : undefined,
      ),
    );
  return rows.map((r) => r.meetingId);
}

/**
 * "Verslag beschikbaar" (art. 7.4): the frozen meetings the reader attended and has not yet marked as read,
 * newest first. Only the meeting's title and dates: what the meetings list shows the reader anyway.
 */
export async function minutesToRead(db: Database, ctx: RequestContext) {
  const attended = await attendedMeetings(db, ctx);
  if (attended.length === 0) return { meetings: [] };
  const frozen = await db
    .selectDistinct({
      id: meetings.id,
      title: meetings.title,
      kind: meetings.kind,
      scheduledAt: meetings.scheduledAt,
    })
    .from(meetings)
    .innerJoin(
      meetingRecords,
      and(eq(meetingRecords.meetingId, meetings.id), eq(meetingRecords.kind, 'minutes')),
    )
    .where(and(inArray(meetings.id, attended), eq(meetings.covenantId, ctx.actor.covenantId)));
  const seen = await db
    .select({ meetingId: minutesAcknowledgements.meetingId })
    .from(minutesAcknowledgements)
    .where(eq(minutesAcknowledgements.membershipId, ctx.actor.membershipId));
  const read = new Set(seen.map((s) => s.meetingId));
  return {
    meetings: frozen
      .filter((m) => !read.has(m.id))
      .sort((a, b) => b.scheduledAt.getTime() - a.scheduledAt.getTime())
      .map((m) => ({
        meetingId: m.id,
        title: m.title,
        kind: m.kind,
        scheduledAt: m.scheduledAt.toISOString(),
      })),
  };
}

/** The reader's own standing with a meeting's minutes: did they attend, and when did they mark them as read. */
export async function ownAcknowledgement(db: Database, ctx: RequestContext, meetingId: string) {
  await enforceParticipant(db, ctx, meetingId);
  const attended = (await attendedMeetings(db, ctx, meetingId)).length > 0;
  const [row] = await db
    .select({ at: minutesAcknowledgements.at })
    .from(minutesAcknowledgements)
    .where(
      and(
        eq(minutesAcknowledgements.meetingId, meetingId),
        eq(minutesAcknowledgements.membershipId, ctx.actor.membershipId),
      ),
    );
  return { attended, acknowledgedAt: row?.at.toISOString() ?? null };
}
