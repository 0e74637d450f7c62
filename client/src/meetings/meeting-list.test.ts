import { describe, expect, it } from 'vitest';
import type { MeetingSummary } from '../../../shared/api/meetings';
import { splitMeetings } from './meeting-list';

const meeting = (id: string, scheduledAt: string, state: MeetingSummary['state']): MeetingSummary => ({
  id,
  kind: 'weighing',
  title: id,
  scheduledAt,
  state,
  agendaItemCount: 0,
});

describe('the meetings list', () => {
  it('puts coming meetings first, soonest first, and past ones (frozen or called off) after, latest first', () => {
    const { upcoming, past } = splitMeetings([
      meeting('a', '2027-01-10T09:00:00Z', 'closed'),
      meeting('b', '2027-02-10T09:00:00Z', 'scheduled'),
      meeting('c', '2027-01-20T09:00:00Z', 'open'),
      meeting('d', '2027-01-25T09:00:00Z', 'cancelled'),
      meeting('e', '2027-01-05T09:00:00Z', 'closing'),
    ]);
    expect(upcoming.map((m) => m.id)).toEqual(['e', 'c', 'b']);
    expect(past.map((m) => m.id)).toEqual(['d', 'a']);
  });
});
