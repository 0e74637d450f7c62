import { describe, expect, it } from 'vitest';
import { flagAccess, incidentStatus, type ReviewedEntry } from './access-review';

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
