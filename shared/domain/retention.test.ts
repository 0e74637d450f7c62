import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MODEL_COVENANT_POLICY } from './covenant-policy';
import { addMonths, dueStep, retentionSteps, type RetainedFile } from './retention';

const policy = MODEL_COVENANT_POLICY.retention;
const at = (iso: string) => new Date(iso);

describe('calendar months in Dutch time', () => {
  it('keeps the wall-clock time across daylight-saving changes', () => {
    // 14:00 CET in January → 14:00 CEST in July (12:00 UTC instead of 13:00 UTC).
    expect(addMonths(at('2026-01-15T13:00:00Z'), 6).toISOString()).toBe('2026-07-15T12:00:00.000Z');
    // And back: 14:00 CEST in July → 14:00 CET in January.
    expect(addMonths(at('2026-07-15T12:00:00Z'), 6).toISOString()).toBe('2027-01-15T13:00:00.000Z');
  });

  it('clamps to the end of a shorter month, and handles 29 February', () => {
    expect(addMonths(at('2026-08-31T10:00:00Z'), 6).toISOString()).toBe('2027-02-28T11:00:00.000Z');
    expect(addMonths(at('2027-08-31T10:00:00Z'), 6).toISOString()).toBe('2028-02-29T11:00:00.000Z');
    expect(addMonths(at('2028-02-29T11:00:00Z'), 12).toISOString()).toBe('2029-02-28T11:00:00.000Z');
    expect(addMonths(at('2028-02-29T11:00:00Z'), 60).toISOString()).toBe('2033-02-28T11:00:00.000Z');
  });

  it('moves a time in the spring gap forward and takes the first of an autumn overlap', () => {
    // 02:30 on 29 March 2026 does not exist in Amsterdam: 03:30 CEST.
    expect(addMonths(at('2025-09-29T00:30:00Z'), 6).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 on 25 October 2026 happens twice: the first (CEST).
    expect(addMonths(at('2026-04-25T00:30:00Z'), 6).toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('never goes back in time, and more months never come earlier', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 120 }),
        (date, months) => {
          const later = addMonths(date, months);
          expect(later.getTime()).toBeGreaterThanOrEqual(date.getTime() - 3_600_000);
          expect(addMonths(date, months + 1).getTime()).toBeGreaterThan(later.getTime());
        },
      ),
    );
  });
});

describe('retention steps (art. 13)', () => {
  const weighing = (status: string, lastProcessedAt = at('2026-01-10T09:00:00Z')): RetainedFile => ({
    kind: 'weighing',
    status,
    lastProcessedAt,
    archivedAt: null,
    destroyedAt: null,
  });

  it('destroys weegploeg data on a subject not put on the agenda after 6 months (art. 13.3)', () => {
    const file = weighing('not_substantial');
    expect(retentionSteps(file, policy)).toEqual([
      // 10:00 CET in January, 10:00 CEST in July.
      { action: 'destroy', at: at('2026-07-10T08:00:00Z'), rule: 'art. 13.3' },
    ]);
    expect(dueStep(file, policy, at('2026-07-10T07:59:59.999Z'))).toBeNull();
    expect(dueStep(file, policy, at('2026-07-10T08:00:00Z'))).toMatchObject({ rule: 'art. 13.3' });
  });

  it('archives an agenda-ed file after a year and destroys it after five (art. 13.1, 13.2)', () => {
    const file = weighing('agendaed');
    expect(retentionSteps(file, policy).map((s) => [s.action, s.at.toISOString(), s.rule])).toEqual([
      ['archive', '2027-01-10T09:00:00.000Z', 'art. 13.2'],
      ['destroy', '2031-01-10T09:00:00.000Z', 'art. 13.1'],
    ]);
    expect(dueStep(file, policy, at('2028-01-01T00:00:00Z'))).toMatchObject({ action: 'archive' });
    const archived = { ...file, archivedAt: at('2027-01-10T09:00:00Z') };
    expect(dueStep(archived, policy, at('2028-01-01T00:00:00Z'))).toBeNull();
    // A job that did not run for years destroys at once, without archiving first.
    expect(dueStep(file, policy, at('2032-01-01T00:00:00Z'))).toMatchObject({
      action: 'destroy',
      rule: 'art. 13.1',
    });
  });

  it('applies the same to a case file, and nothing to a destroyed file', () => {
    const caseFile: RetainedFile = { ...weighing('open'), kind: 'case' };
    expect(retentionSteps(caseFile, policy).map((s) => s.rule)).toEqual(['art. 13.2', 'art. 13.1']);
    expect(retentionSteps({ ...caseFile, destroyedAt: at('2030-01-01T00:00:00Z') }, policy)).toEqual([]);
  });

  it('takes its periods from the covenant policy', () => {
    const strict = { ...policy, notAgendaedMaxMonths: 3 };
    expect(retentionSteps(weighing('open'), strict)[0]!.at.toISOString()).toBe('2026-04-10T08:00:00.000Z');
  });
});
