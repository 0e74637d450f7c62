import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import {
  agendaItemRemovals,
  agendaItems,
  consentRounds,
  itemOutcomes,
  meetingAdmissions,
  meetingAttendance,
  meetings,
  weighingDecisions,
} from '../../db/schema/index';
import { canPrepareMeetings, isOver } from '../../shared/index';
import type { RequestContext } from '../context';
import { conflict, notFound } from '../errors';
import { auditDecision, concerning, enforce } from './authorize';
import { deleteDocuments, itemDocuments } from './live-documents';
import { moveMeeting } from './meeting-transitions';
import { findMeeting } from './meetings';

/**
 * The executor withdraws what will not be discussed (art. 5: the executor prepares the meetings): a scheduled
 * meeting called off, or an item taken off an agenda before it was discussed. Without this a file on the agenda of
 * a meeting that never takes place is held from retention for ever (art. 13).
 */

const PURPOSE = 'voorbereiden overleg: intrekken (convenant art. 5)';

/** Calls off a meeting that has not begun. Its live connections close (the caller publishes the event). */
export async function cancelMeeting(
  db: Database,
  ctx: RequestContext,
  meetingId: string,
  reason: string,
): Promise<void> {
  const cancelling = {
    action: 'update',
    objectType: 'meeting',
    objectId: meetingId,
    fieldGroup: 'cancelled',
    purpose: PURPOSE,
  } as const;
  const allowed = await enforce(db, ctx, canPrepareMeetings(ctx.actor), cancelling);
  const meeting = await findMeeting(db, ctx.actor.covenantId, meetingId);
  const now = new Date();
  await db.transaction(async (tx) => {
    const moved = await moveMeeting(tx, meetingId, ['scheduled'], 'cancelled');
    if (!moved)
      throw conflict(
        `Only a meeting that has not begun can be cancelled; this one is ${meeting.state === 'scheduled' ? 'changing' : meeting.state}`,
      );
    await tx
      .update(meetings)
      .set({ cancelledAt: now, cancelledByMembershipId: ctx.actor.membershipId, cancellationReason: reason })
      .where(eq(meetings.id, meetingId));
    await auditDecision(tx, ctx, allowed, cancelling, now);
  });
}

/**
 * Takes an item off a meeting's agenda before it was discussed: no consent round was held on it and it has no
 * outcome (after that it is carried over instead, so the record says what happened). Its live documents, with
 * whatever was prepared in them, are deleted; a row keeps that it was removed and why. Returns the prefix of the
 * item's documents, which no instance may keep in memory.
 */
export async function removeAgendaItem(
  db: Database,
  ctx: RequestContext,
  meetingId: string,
  itemId: string,
  reason: string,
): Promise<{ documents: string[] }> {
  const removing = {
    action: 'update',
    objectType: 'meeting',
    objectId: meetingId,
    fieldGroup: 'agenda-removed',
    purpose: PURPOSE,
  } as const;
  const allowed = await enforce(db, ctx, canPrepareMeetings(ctx.actor), removing);
  await findMeeting(db, ctx.actor.covenantId, meetingId);
  const prefix = itemDocuments({ meetingId, id: itemId });
  const now = new Date();
  await db.transaction(async (tx) => {
    // The meeting's row lock orders this after any state change in flight (opening, the fence).
    const [meeting] = await tx.select().from(meetings).where(eq(meetings.id, meetingId)).for('update');
    if (!meeting || isOver(meeting.state))
      throw conflict(`The meeting is ${meeting?.state ?? 'gone'}; its agenda can no longer change`);
    const [item] = await tx
      .select()
      .from(agendaItems)
      .where(and(eq(agendaItems.id, itemId), eq(agendaItems.meetingId, meetingId)));
    if (!item) throw notFound('Agenda item', 'params.itemId');
    const [round] = await tx
      .select({ id: consentRounds.id })
      .from(consentRounds)
      .where(eq(consentRounds.agendaItemId, itemId))
      .limit(1);
    const [outcome] = await tx
      .select({ id: itemOutcomes.agendaItemId })
      .from(itemOutcomes)
      .where(eq(itemOutcomes.agendaItemId, itemId));
    if (round || outcome)
      throw conflict(
        'This item was discussed (a consent round or an outcome): carry it over instead',
        'params.itemId',
      );
    // A weegploeg decision recorded for its file in this meeting takes effect at the freeze (art. 7.4): the item
    // that carries it stays, and is carried over if need be.
    if (item.weighingFileId) {
      const [decided] = await tx
        .select({ id: weighingDecisions.id })
        .from(weighingDecisions)
        .where(
          and(eq(weighingDecisions.fileId, item.weighingFileId), eq(weighingDecisions.meetingId, meetingId)),
        )
        .limit(1);
      if (decided)
        throw conflict(
          'A decision on this file was proposed in this meeting: carry the item over instead',
          'params.itemId',
        );
    }
    await tx.delete(meetingAdmissions).where(eq(meetingAdmissions.agendaItemId, itemId));
    await tx.delete(meetingAttendance).where(eq(meetingAttendance.agendaItemId, itemId));
    await deleteDocuments(tx, prefix);
    if (meeting.currentItemId === itemId)
      await tx.update(meetings).set({ currentItemId: null }).where(eq(meetings.id, meetingId));
    await tx.insert(agendaItemRemovals).values({
      id: randomUUID(),
      meetingId,
      agendaItemId: itemId,
      weighingFileId: item.weighingFileId,
      caseFileId: item.caseFileId,
      reason,
      byMembershipId: ctx.actor.membershipId,
      at: now,
    });
    await tx.delete(agendaItems).where(eq(agendaItems.id, itemId));
    await auditDecision(tx, ctx, concerning(allowed, { subjectId: item.subjectId }), removing, now);
  });
  return { documents: [prefix] };
}

/**
 * Deletes the documents of removed items once more, after their connections were closed and this instance's
 * queued writes stored: a write that was in flight during the removal must not leave text behind (what another
 * instance may still store is deleted with the file, server/services/retention.ts).
 */
export async function purgeRemovedDocuments(db: Database, prefixes: readonly string[]): Promise<void> {
  await db.transaction(async (tx) => {
    for (const prefix of prefixes) await deleteDocuments(tx, prefix);
  });
}
