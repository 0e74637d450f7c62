import type { MeetingSummary } from '../../../shared/api/meetings';
import { isCancelled, isFrozen } from '../../../shared/domain/meetings';

/**
 * The meetings list in two parts: what is coming (or running), the soonest first; and what is past (frozen into
 * minutes, or called off), the latest first.
 */
export function splitMeetings(meetings: readonly MeetingSummary[]): {
  upcoming: MeetingSummary[];
  past: MeetingSummary[];
} {
  const isPast = (meeting: MeetingSummary) => isFrozen(meeting.state) || isCancelled(meeting.state);
  const by = (direction: 1 | -1) => (a: MeetingSummary, b: MeetingSummary) =>
    direction * a.scheduledAt.localeCompare(b.scheduledAt);
  return {
    upcoming: meetings.filter((m) => !isPast(m)).sort(by(1)),
    past: meetings.filter(isPast).sort(by(-1)),
  };
}
