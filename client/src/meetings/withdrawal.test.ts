import { describe, expect, it } from 'vitest';
import { WITHDRAWAL_REASON_MAX, withdrawalProblems } from './withdrawal';

describe('the reason for a withdrawal', () => {
  it('is required and at most a short text', () => {
    expect(withdrawalProblems('  ')).toEqual({ reason: 'meeting.withdraw.reasonRequired' });
    expect(withdrawalProblems('x'.repeat(WITHDRAWAL_REASON_MAX + 1))).toEqual({
      reason: 'meeting.withdraw.reasonTooLong',
    });
    expect(withdrawalProblems('Geen quorum')).toEqual({});
  });
});
