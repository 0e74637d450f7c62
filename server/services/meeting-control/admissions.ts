import { isOver } from '../../../shared/index';
import { eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { meetings } from '../../../db/schema/index';
import type { Actor, Admission } from '../../../shared/index';
import type { RequestContext } from '../../context';
import type { EventBus } from '../../events/bus';
import { byRequester, appendAudit } from '../audit';
import { admits, setAdmission } from '../admissions';
import { chairOnly, CONTROL_PURPOSE, meetingOf, recordAttendance } from './meeting';
import { refusal } from './refusal';

/**
 * Chair: admits a participant to the whole meeting or to the listed agenda items only (art. 9.1, 10.5), in one
 * transaction with the meeting locked, audited allowed or denied. What was withdrawn stops at once: the change is
 * published, and the live documents of items no longer admitted close. A participant present (`present`: connected
 * to the meeting now) and admitted to the item under discussion attends it from now on (art. 10.5: who received
 * what), as on joining or when the chair moves to an item.
 */
export async function admitParticipant(
  db: Database,
  events: EventBus,
  ctx: RequestContext,
  meetingId: string,
  membershipId: string,
  items: Admission,
  present: readonly Pick<Actor, 'membershipId'>[],
): Promise<void> {
  chairOnly(ctx.actor);
  const meeting = await meetingOf(db, ctx.actor, meetingId);
  if (isOver(meeting.state)) throw refusal('CONFLICT', 'the meeting is over');
  const refused = await db.transaction(async (tx) => {
    // One admission change per meeting at a time, as for the agenda itself.
    await tx.select({ id: meetings.id }).from(meetings).where(eq(meetings.id, meetingId)).for('update');
    const outcome = await setAdmission(tx, meeting, membershipId, items);
    await appendAudit(tx, [
      byRequester(ctx, {
        action: 'update',
        objectType: 'meeting',
        objectId: meetingId,
        fieldGroup: 'admission',
        result: outcome ? 'denied' : 'allowed',
        rule: outcome?.kind === 'rule' ? outcome.rule : 'art. 9.1',
        purpose: CONTROL_PURPOSE,
      }),
    ]);
    return outcome;
  });
  if (refused?.kind === 'not-participant') throw refusal('NOT_FOUND', 'no such participant in this meeting');
  if (refused?.kind === 'unknown-item') throw refusal('NOT_FOUND', 'no such agenda item in this meeting');
  if (refused?.kind === 'rule') throw refusal('FORBIDDEN', refused.reason, refused.rule);
  const { currentItemId } = meeting;
  if (currentItemId && admits(items, currentItemId) && present.some((a) => a.membershipId === membershipId))
    await recordAttendance(db, currentItemId, [membershipId]);
  await events.publish({ type: 'admission.changed', meetingId, membershipId, items });
}
