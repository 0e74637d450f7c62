import { describe, expect, it } from 'vitest';
import { meetingInvitation } from './calendar';

describe('a meeting as a calendar invitation', () => {
  const meeting = {
    id: '3f2b6c1e-8d4a-4b7e-9c2d-1a2b3c4d5e6f',
    title: 'Weegploeg week 12; regio Noord, extra',
    scheduledAt: '2027-03-23T08:30:00.000Z',
    cancelled: false,
    url: 'https://casustafel.example.nl/overleggen/3f2b6c1e-8d4a-4b7e-9c2d-1a2b3c4d5e6f',
  };
  const now = new Date('2027-03-01T12:00:00.000Z');

  it('holds the title, the time in UTC, two hours, and a link: nothing else', () => {
    const ics = meetingInvitation(meeting, now);
    expect(ics).toContain('\r\nDTSTART:20270323T083000Z\r\n');
    expect(ics).toContain('\r\nDTEND:20270323T103000Z\r\n');
    expect(ics).toContain('\r\nSUMMARY:Weegploeg week 12\\; regio Noord\\, extra\r\n');
    expect(ics).toContain(`UID:${meeting.id}@casustafel`);
    expect(ics).toContain('STATUS:CONFIRMED');
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    // Every line at most 75 octets (folded).
    for (const line of ics.split('\r\n'))
      expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    expect(ics.replace(/\r\n /g, '')).toContain(`URL:${meeting.url}`);
  });

  it('cancels the event when the meeting was called off', () => {
    const ics = meetingInvitation({ ...meeting, cancelled: true }, now);
    expect(ics).toContain('METHOD:CANCEL');
    expect(ics).toContain('STATUS:CANCELLED');
  });
});
