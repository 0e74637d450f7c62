/**
 * A meeting as a calendar invitation (iCalendar, RFC 5545), so participants can put it in their own agenda. It
 * carries the meeting's title, time and a link to it: never an agenda, a subject or anything of a file, since an
 * invitation leaves the application (mail, phones, shared calendars).
 */
export interface CalendarMeeting {
  id: string;
  title: string;
  /** ISO instant. */
  scheduledAt: string;
  /** Whether the meeting was called off: the invitation then cancels it in the calendar. */
  cancelled: boolean;
  /** Where the meeting opens in Casustafel. */
  url: string;
}

/** How long a meeting is booked in the calendar: the model convenant sets no length; two hours is a usual slot. */
export const CALENDAR_MEETING_HOURS = 2;

const stamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** RFC 5545 text: backslash, semicolon and comma escaped, line breaks as \n. */
const escapeText = (text: string) =>
  text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

const octets = (text: string) => new TextEncoder().encode(text).length;

/** RFC 5545 3.1: lines longer than 75 octets are folded (CRLF and a space), never inside a character. */
function fold(line: string): string {
  if (octets(line) <= 75) return line;
  const parts: string[] = [];
  let current = '';
  for (const char of line) {
    if (octets(current + char) > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
    }
    current += char;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

export function meetingInvitation(meeting: CalendarMeeting, now: Date): string {
  const start = new Date(meeting.scheduledAt);
  const end = new Date(start.getTime() + CALENDAR_MEETING_HOURS * 3_600_000);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Casustafel//Overleg//NL',
    `METHOD:${meeting.cancelled ? 'CANCEL' : 'PUBLISH'}`,
    'BEGIN:VEVENT',
    `UID:${meeting.id}@casustafel`,
    `DTSTAMP:${stamp(now.toISOString())}`,
    `DTSTART:${stamp(start.toISOString())}`,
    `DTEND:${stamp(end.toISOString())}`,
    `SUMMARY:${escapeText(meeting.title)}`,
    `DESCRIPTION:${escapeText(`Casustafel: ${meeting.url}`)}`,
    `URL:${meeting.url}`,
    `STATUS:${meeting.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    'CLASS:CONFIDENTIAL',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}
