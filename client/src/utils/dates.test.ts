import { describe, expect, it } from 'vitest';
import { localDateTimeToIso, todayLocal } from './dates';

describe('localDateTimeToIso', () => {
  it('reads date and time in the local zone and gives the instant', () => {
    const iso = localDateTimeToIso('2030-05-14', '10:00');
    expect(iso).not.toBeNull();
    const back = new Date(iso ?? '');
    expect([
      back.getFullYear(),
      back.getMonth() + 1,
      back.getDate(),
      back.getHours(),
      back.getMinutes(),
    ]).toEqual([2030, 5, 14, 10, 0]);
  });

  it('refuses incomplete or malformed input', () => {
    expect(localDateTimeToIso('', '10:00')).toBeNull();
    expect(localDateTimeToIso('2030-05-14', '')).toBeNull();
    expect(localDateTimeToIso('14-05-2030', '10:00')).toBeNull();
  });
});

describe('todayLocal', () => {
  it('formats as YYYY-MM-DD', () => {
    expect(todayLocal(new Date(2025, 0, 5, 23, 30))).toBe('2025-01-05');
  });
});
