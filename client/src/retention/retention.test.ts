import { describe, expect, it } from 'vitest';
import {
  nextStepMessage,
  numericDutchDay,
  RESTORE_ORDER_MAX,
  restoreProblems,
  ruleMessage,
  statusMessage,
  timeLeftMessage,
  toRestoreBody,
  wholeMonths,
} from './retention';

const policy = { notAgendaedMaxMonths: 6, archiveAfterMonths: 12, destroyAfterYears: 5 };
const file = {
  kind: 'weighing' as const,
  fileId: 'f1',
  subjectReference: 'PGA-2026-0001',
  status: 'open',
  lastProcessedAt: '2027-01-10T10:00:00.000Z',
  archivedAt: null,
  next: { action: 'destroy' as const, at: '2027-07-10T10:00:00.000Z', rule: 'art. 13.3' },
  postponed: null,
};

describe('retention overview', () => {
  it('writes the Dutch calendar day of an instant as DD-MM-YYYY', () => {
    expect(numericDutchDay('2027-07-10T10:00:00.000Z')).toBe('10-07-2027');
    // 23:30 UTC on 9 July is 01:30 on 10 July in the Netherlands.
    expect(numericDutchDay('2027-07-09T23:30:00.000Z')).toBe('10-07-2027');
    expect(numericDutchDay('onzin')).toBe('onzin');
  });

  it('says what happens next, when, and on which article', () => {
    expect(nextStepMessage(file, policy)).toEqual({
      key: 'retention.next.destroy',
      params: { date: '10-07-2027', rule: { key: 'retention.rules.notAgendaed', params: { months: 6 } } },
    });
    expect(
      nextStepMessage(
        { ...file, next: { action: 'archive', at: '2028-01-10T10:00:00.000Z', rule: 'art. 13.2' } },
        policy,
      ),
    ).toEqual({
      key: 'retention.next.archive',
      params: { date: '10-01-2028', rule: { key: 'retention.rules.archive', params: { months: 12 } } },
    });
    expect(nextStepMessage({ ...file, next: null }, policy)).toEqual({ key: 'retention.next.none' });
    expect(ruleMessage('art. 13.1', policy)).toEqual({
      key: 'retention.rules.destroy',
      params: { years: 5 },
    });
    expect(ruleMessage('art. 99', policy)).toEqual({ text: 'art. 99' });
  });

  it('gives the time left in days, months or years', () => {
    const now = new Date('2027-01-10T10:00:00.000Z');
    expect(timeLeftMessage('2027-01-10T09:00:00.000Z', now)).toEqual({ key: 'retention.left.due' });
    expect(timeLeftMessage('2027-01-10T20:00:00.000Z', now)).toEqual({ key: 'retention.left.today' });
    expect(timeLeftMessage('2027-01-11T20:00:00.000Z', now)).toEqual({ key: 'retention.left.dayOne' });
    expect(timeLeftMessage('2027-02-20T10:00:00.000Z', now)).toEqual({
      key: 'retention.left.days',
      params: { n: 41 },
    });
    expect(timeLeftMessage('2027-07-10T10:00:00.000Z', now)).toEqual({
      key: 'retention.left.months',
      params: { n: 6 },
    });
    expect(timeLeftMessage('2032-01-10T10:00:00.000Z', now)).toEqual({
      key: 'retention.left.years',
      params: { n: 5 },
    });
  });

  it('counts whole calendar months', () => {
    expect(wholeMonths('2026-11-23', '2027-05-23')).toBe(6);
    expect(wholeMonths('2026-11-23', '2027-05-22')).toBe(5);
    expect(wholeMonths('2026-01-31', '2026-02-28')).toBe(0);
  });

  it("names the status in its own file's words", () => {
    expect(statusMessage({ kind: 'weighing', status: 'not_substantial' })).toEqual({
      key: 'weighingFiles.statuses.not_substantial',
    });
    expect(statusMessage({ kind: 'case', status: 'closed' })).toEqual({ key: 'caseFile.statuses.closed' });
    expect(statusMessage({ kind: 'case', status: 'agendaed' })).toEqual({ text: 'agendaed' });
  });
});

describe('restoring an archived file (art. 13.4)', () => {
  it("requires the controller's order, within the server's limit", () => {
    expect(restoreProblems({ order: '' })).toEqual({ order: 'retention.restore.orderRequired' });
    expect(restoreProblems({ order: '   ' })).toEqual({ order: 'retention.restore.orderRequired' });
    expect(restoreProblems({ order: 'x'.repeat(RESTORE_ORDER_MAX + 1) })).toEqual({
      order: 'retention.restore.orderTooLong',
    });
    expect(restoreProblems({ order: ` ${'x'.repeat(RESTORE_ORDER_MAX)} ` })).toEqual({});
  });

  it('sends which file and the order, trimmed', () => {
    expect(toRestoreBody(file, { order: '  Opdracht burgemeester: nieuw signaal.\n' })).toEqual({
      kind: 'weighing',
      fileId: 'f1',
      order: 'Opdracht burgemeester: nieuw signaal.',
    });
  });
});
