import { describe, expect, it } from 'vitest';
import { scheduleProblem } from './schedule';

describe('the moment of a new meeting', () => {
  const now = Date.parse('2026-12-05T10:00:00Z');
  it('must be a date and time, not in the past', () => {
    expect(scheduleProblem(null, now)).toBe('meetings.schedule.invalid');
    expect(scheduleProblem('2026-12-05T09:59:00Z', now)).toBe('meetings.schedule.inPast');
    expect(scheduleProblem('2026-12-05T10:30:00Z', now)).toBeNull();
  });
});
