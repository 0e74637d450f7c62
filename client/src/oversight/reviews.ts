import type { RecordReviewBody } from '../../../shared/api/oversight';
import { addDays } from '../../../shared/domain/dates';
import { LIMITS } from '../../../shared/limits';
import { isDay } from '../subject-rights/dates';

/** The periodic review of the access log (art. 15.2e): the period reviewed and the findings. */
export interface ReviewDraft {
  periodFrom: string;
  periodTo: string;
  findings: string;
}

export type ReviewProblems = Partial<Record<keyof ReviewDraft, string>>;

/** The last 30 days up to today: the period the access log shows by default. */
export const reviewDraft = (today: string): ReviewDraft => ({
  periodFrom: addDays(today, -30),
  periodTo: today,
  findings: '',
});

/** A period of real dates, not in the future, the start not after the end; the findings said. */
export function reviewProblems(draft: ReviewDraft, today: string): ReviewProblems {
  const problems: ReviewProblems = {};
  if (!isDay(draft.periodFrom)) problems.periodFrom = 'oversight.reviews.dateRequired';
  if (!isDay(draft.periodTo) || draft.periodTo > today) problems.periodTo = 'oversight.reviews.toRequired';
  if (!problems.periodFrom && !problems.periodTo && draft.periodFrom > draft.periodTo)
    problems.periodFrom = 'oversight.reviews.fromAfterTo';
  const findings = draft.findings.trim();
  if (findings === '') problems.findings = 'oversight.reviews.findingsRequired';
  else if (findings.length > LIMITS.longText) problems.findings = 'oversight.tooLong';
  return problems;
}

export const toReviewBody = (draft: ReviewDraft): RecordReviewBody => ({
  periodFrom: draft.periodFrom,
  periodTo: draft.periodTo,
  findings: draft.findings.trim(),
});
