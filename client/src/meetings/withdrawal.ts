import { LIMITS } from '../../../shared/limits';

/** The reason for calling off a meeting or taking an item off its agenda (art. 5): required, and short. */
export const WITHDRAWAL_REASON_MAX = LIMITS.shortText;

export function withdrawalProblems(reason: string): { reason?: string } {
  const trimmed = reason.trim();
  if (trimmed === '') return { reason: 'meeting.withdraw.reasonRequired' };
  if (trimmed.length > WITHDRAWAL_REASON_MAX) return { reason: 'meeting.withdraw.reasonTooLong' };
  return {};
}
