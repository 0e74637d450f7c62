import { isCancelled, isFrozen } from '../../../shared/index';
import type { Database } from '../../../db/client';
import type { RequestContext } from '../../context';
import { appendAuditBatched } from '../audit-batch';
import { admissionOf, admits } from '../admissions';
import { CONTROL_PURPOSE, meetingOf, recordAttendance } from './meeting';
import { refusal } from './refusal';

/**
 * A participant joins a meeting under way: audited, allowed or not (art. 9.1: only participants take part). The
 * item under discussion counts as attended when the participant is admitted to it.
 */
export async function joinMeeting(db: Database, ctx: RequestContext, meetingId: string): Promise<void> {
  const { actor, origin } = ctx;
  const meeting = await meetingOf(db, actor, meetingId);
  const admission = await admissionOf(db, meetingId, actor);
  const allowed = admission !== null;
  await appendAuditBatched(db, [
    {
      actor,
      origin,
      action: 'read',
      objectType: 'meeting',
      objectId: meetingId,
      fieldGroup: 'live',
      result: allowed ? 'allowed' : 'denied',
      rule: 'art. 9.1',
      purpose: CONTROL_PURPOSE,
    },
  ]);
  if (!allowed) throw refusal('FORBIDDEN', 'not a participant of this meeting', 'art. 9.1');
  if (isFrozen(meeting.state)) throw refusal('CONFLICT', 'the meeting is closed');
  if (isCancelled(meeting.state)) throw refusal('CONFLICT', 'the meeting was cancelled (art. 5)');
  if (meeting.currentItemId && admits(admission, meeting.currentItemId))
    await recordAttendance(db, meeting.currentItemId, [actor.membershipId]);
}
