import { describe, expect, it } from 'vitest';
import { caseProposalOf, coreAgreement, isCalendarDate, itemsWithoutOutcome, mayVote } from './consent';

describe('consent round rules', () => {
  it('lets the parties at the table vote, not the chair or the executor (art. 5)', () => {
    expect(mayVote('member')).toBe(true);
    expect(mayVote('satellite')).toBe(true);
    expect(mayVote('chair')).toBe(false);
    expect(mayVote('executor')).toBe(false);
  });

  it('agrees a weegploeg decision only with all three core parties and no core objection (art. 7.4)', () => {
    const agree = (organisationType: string) => ({ organisationType, vote: 'agree' as const });
    expect(coreAgreement([agree('police'), agree('prosecution')])).toEqual({
      missing: ['municipality'],
      objecting: [],
    });
    expect(coreAgreement([agree('police'), agree('prosecution'), agree('municipality')])).toEqual({
      missing: [],
      objecting: [],
    });
    // One member of a party objecting while another agrees: the party does not stand behind it as one.
    expect(
      coreAgreement([
        agree('police'),
        agree('prosecution'),
        agree('municipality'),
        { organisationType: 'police', vote: 'object' },
      ]).objecting,
    ).toEqual(['police']);
  });

  it('names the items without an outcome by position', () => {
    const items = [
      { itemId: 'a', position: 1 },
      { itemId: 'b', position: 2 },
      { itemId: 'c', position: 3 },
    ];
    expect(
      itemsWithoutOutcome(items, [
        { itemId: 'a', outcome: 'agreed' },
        { itemId: 'b', outcome: null },
      ]),
    ).toEqual([2, 3]);
    expect(itemsWithoutOutcome(items.slice(0, 1), [{ itemId: 'a', outcome: 'carried_over' }])).toEqual([]);
  });

  it('accepts only dates that exist, including 29 February of a leap year', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2027-02-29')).toBe(false);
    expect(isCalendarDate('2027-04-31')).toBe(false);
    expect(isCalendarDate('2027-4-1')).toBe(false);
    expect(isCalendarDate(20270401)).toBe(false);
  });

  it('reads a casusoverleg proposal from the wire, saying what is wrong (art. 9.4)', () => {
    expect(caseProposalOf({ advice: 'close' })).toEqual({ kind: 'case', advice: 'close' });
    expect(caseProposalOf({ advice: 'continue', nextReviewDate: '2027-01-15' })).toEqual({
      kind: 'case',
      advice: 'continue',
      nextReviewDate: '2027-01-15',
    });
    expect(caseProposalOf({ advice: 'continue' })).toMatch(/nextReviewDate/);
    expect(caseProposalOf({ advice: 'stop' })).toMatch(/advice/);
    expect(caseProposalOf(undefined)).toMatch(/object/);
  });
});
