import { describe, expect, it } from 'vitest';
import { reviewDraft, reviewProblems, toReviewBody } from './reviews';

describe('periodic review', () => {
  it('covers the last 30 days by default and needs findings', () => {
    const draft = reviewDraft('2026-03-31');
    expect(draft).toEqual({ periodFrom: '2026-03-01', periodTo: '2026-03-31', findings: '' });
    expect(reviewProblems(draft, '2026-03-31')).toEqual({ findings: 'oversight.reviews.findingsRequired' });
    expect(reviewProblems({ ...draft, findings: ' Niets bijzonders. ' }, '2026-03-31')).toEqual({});
    expect(toReviewBody({ ...draft, findings: ' Niets bijzonders. ' }).findings).toBe('Niets bijzonders.');
  });

  it('refuses a period in the future or backwards', () => {
    const draft = { ...reviewDraft('2026-03-31'), findings: 'x' };
    expect(reviewProblems({ ...draft, periodTo: '2026-04-01' }, '2026-03-31')).toEqual({
      periodTo: 'oversight.reviews.toRequired',
    });
    expect(
      reviewProblems({ ...draft, periodFrom: '2026-03-31', periodTo: '2026-03-30' }, '2026-03-31'),
    ).toEqual({
      periodFrom: 'oversight.reviews.fromAfterTo',
    });
    expect(reviewProblems({ ...draft, periodFrom: 'gisteren' }, '2026-03-31')).toEqual({
      periodFrom: 'oversight.reviews.dateRequired',
    });
  });
});
