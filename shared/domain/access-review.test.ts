import { describe, expect, it } from 'vitest';
import { flagAccess, inMeeting, incidentStatus, type ReviewedEntry } from './access-review';

const entry = (seq: number, minutes: number, overrides: Partial<ReviewedEntry> = {}): ReviewedEntry => ({
  seq,
  at: new Date(Date.UTC(2026, 10, 23, 9, minutes)),
  userId: 'u1',
  role: 'member',
  action: 'read',
  subjectId: `s${seq}`,
  result: 'allowed',
  attendedSubject: true,
  ...overrides,
});

describe('access review flags (art. 15.2e)', () => {
  it('flags refusals and a party reading a subject it never met on', () => {
    const flags = flagAccess([
      entry(1, 0, { result: 'denied' }),
      entry(2, 1, { attendedSubject: false }),
      entry(3, 2, { attendedSubject: false, role: 'executor' }),
      entry(4, 3, { attendedSubject: false, action: 'list' }),
    ]);
    expect(flags.get(1)).toEqual(['denied']);
    expect(flags.get(2)).toEqual(['outside_meeting']);
    expect(flags.has(3)).toBe(false);
    expect(flags.has(4)).toBe(false);
  });

  it('flags many different subjects read in a short time, not the same subject read often', () => {
    const burst = Array.from({ length: 11 }, (_, i) => entry(i + 1, i % 10));
    expect([...flagAccess(burst).values()].filter((f) => f.includes('many_subjects'))).toHaveLength(11);
    const spread = Array.from({ length: 11 }, (_, i) => entry(i + 1, i * 2));
    expect(flagAccess(spread).size).toBe(0);
    const same = Array.from({ length: 30 }, (_, i) => entry(i + 1, 0, { subjectId: 's1' }));
    expect(flagAccess(same).size).toBe(0);
  });

  it('says when the supervisory authority must be notified (72 hours)', () => {
    const discoveredAt = new Date('2026-11-20T10:00:00Z');
    const base = { closedAt: null, authorityNotifiedAt: null, discoveredAt };
    expect(
      incidentStatus({ ...base, authorityNotification: 'required' }, new Date('2026-11-23T09:59:00Z')),
    ).toBe('notification_due');
    expect(
      incidentStatus({ ...base, authorityNotification: 'undecided' }, new Date('2026-11-23T10:01:00Z')),
    ).toBe('notification_overdue');
    expect(incidentStatus({ ...base, authorityNotification: 'not_required' }, new Date('2026-12-01'))).toBe(
      'open',
    );
  });
});

describe('in or outside a meeting (art. 15.2e)', () => {
  const at = (hour: number) => new Date(Date.UTC(2026, 10, 23, hour));
  const windows = [
    { userId: 'u1', subjectId: 's1', from: at(9), to: at(11) },
    { userId: 'u1', subjectId: 's2', from: at(14), to: null },
  ];
  const read = (hour: number, over: Partial<Parameters<typeof inMeeting>[0]> = {}) =>
    inMeeting({ at: at(hour), userId: 'u1', subjectId: 's1', objectType: 'weighing_file', ...over }, windows);

  it('counts a read of the subject while the user took part in a meeting on it, bounds included', () => {
    expect([read(8), read(9), read(10), read(11), read(12)]).toEqual([false, true, true, true, false]);
  });
  it('keeps a meeting not yet closed open, and matches user and subject both', () => {
    expect(read(20, { subjectId: 's2' })).toBe(true);
    expect(read(10, { userId: 'u2' })).toBe(false);
    expect(read(10, { subjectId: 's3' })).toBe(false);
    expect(read(10, { subjectId: null })).toBe(false);
  });
  it('counts access through the live meeting itself as in a meeting', () => {
    expect(read(3, { objectType: 'live_document', subjectId: null })).toBe(true);
    expect(read(3, { objectType: 'meeting' })).toBe(true);
  });
});
