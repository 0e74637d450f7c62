import { describe, expect, it } from 'vitest';
import { dutchDateTimeToIso, todayDutch } from './dates';

describe('dutchDateTimeToIso', () => {
  it('reads date and time as Dutch time, winter and summer, whatever the zone of this computer', () => {
    expect(dutchDateTimeToIso('2030-01-14', '10:00')).toBe('2030-01-14T09:00:00.000Z');
    expect(dutchDateTimeToIso('2030-05-14', '10:00')).toBe('2030-05-14T08:00:00.000Z');
  });

  it('refuses incomplete or malformed input', () => {
    expect(dutchDateTimeToIso('', '10:00')).toBeNull();
    expect(dutchDateTimeToIso('2030-05-14', '')).toBeNull();
    expect(dutchDateTimeToIso('14-05-2030', '10:00')).toBeNull();
    expect(dutchDateTimeToIso('2030-02-30', '10:00')).toBeNull();
  });
});

describe('todayDutch', () => {
  it('is the day in the Netherlands, which starts an hour or two before it does in UTC', () => {
    expect(todayDutch(new Date('2025-01-05T22:30:00Z'))).toBe('2025-01-05');
    expect(todayDutch(new Date('2025-01-05T23:30:00Z'))).toBe('2025-01-06');
  });
});
