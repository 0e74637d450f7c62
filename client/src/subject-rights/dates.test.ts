import { describe, expect, it } from 'vitest';
import { daysBetween, isDay, today, tomorrow } from './dates';

describe('subject-rights dates', () => {
  it('counts today as the Dutch calendar day, whatever the clock of the browser', () => {
    // 23:30 UTC on 31 March is already 1 April in the Netherlands (summer time).
    expect(today(new Date('2026-03-31T23:30:00Z'))).toBe('2026-04-01');
    expect(tomorrow(new Date('2026-12-31T12:00:00Z'))).toBe('2027-01-01');
  });

  it('knows real calendar dates only', () => {
    expect(isDay('2028-02-29')).toBe(true);
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2026-2-3')).toBe(false);
    expect(isDay('')).toBe(false);
  });

  it('counts whole days, across a change to summer time', () => {
    expect(daysBetween('2026-03-01', '2026-03-29')).toBe(28);
    expect(daysBetween('2026-03-29', '2026-03-01')).toBe(-28);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
  });
});
