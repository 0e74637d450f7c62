import { describe, expect, it } from 'vitest';
import {
  formatCalendarDate,
  formatInstant,
  formatInstantDate,
  formatTimeOfDay,
  fromDutchWallClock,
  toDutchWallClock,
  todayInDutchTime,
} from './dates';

describe('Dutch time, one format', () => {
  it('shows an instant in Dutch time whatever the zone of the computer, in the reader language', () => {
    // 09:00 UTC in winter is 10:00 in the Netherlands; in summer 09:00 UTC is 11:00.
    expect(formatInstant('2026-12-02T09:00:00Z', 'nl')).toBe('wo 2 dec 2026, 10:00');
    expect(formatInstant('2026-12-02T09:00:00Z', 'en')).toBe('Wed, 2 Dec 2026, 10:00');
    expect(formatTimeOfDay('2026-07-01T09:00:00Z', 'nl')).toBe('11:00');
    expect(formatInstantDate('2026-12-01T23:30:00Z', 'nl')).toBe('2 december 2026');
    expect(formatInstantDate('2026-12-01T23:30:00Z', 'en')).toBe('2 December 2026');
  });

  it('shows a calendar date as the day it names, and anything unreadable as it came', () => {
    expect(formatCalendarDate('2026-12-31', 'nl')).toBe('31 december 2026');
    expect(formatCalendarDate('2026-12-31', 'en')).toBe('31 December 2026');
    expect(formatCalendarDate('morgen', 'nl')).toBe('morgen');
    expect(formatInstant('geen datum', 'nl')).toBe('geen datum');
  });

  it('reads a typed date and time as Dutch time, both sides of a change of the clock', () => {
    expect(fromDutchWallClock('2026-12-02T10:00')?.toISOString()).toBe('2026-12-02T09:00:00.000Z');
    expect(fromDutchWallClock('2026-07-01T11:00')?.toISOString()).toBe('2026-07-01T09:00:00.000Z');
    // 02:30 on the last Sunday of March does not exist: the clock jumps from 02:00 to 03:00.
    expect(fromDutchWallClock('2026-03-29T02:30')?.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(fromDutchWallClock('2026-03-29T03:30')?.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(fromDutchWallClock('2026-03-29T01:30')?.toISOString()).toBe('2026-03-29T00:30:00.000Z');
    expect(fromDutchWallClock('2026-02-31T10:00')).toBeNull();
    expect(fromDutchWallClock('2026-02-01T24:00')).toBeNull();
    expect(fromDutchWallClock('1-2-2026 10:00')).toBeNull();
  });

  it('gives back what it reads', () => {
    for (const value of ['2026-01-15T08:05', '2026-06-30T23:59', '2026-10-25T01:59'])
      expect(toDutchWallClock(fromDutchWallClock(value)!)).toBe(value);
    expect(todayInDutchTime(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
  });
});
