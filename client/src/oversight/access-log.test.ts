import { describe, expect, it } from 'vitest';
import {
  actionMessage,
  defaultFilter,
  filterProblems,
  flagExplanation,
  flagsAttribute,
  resultMessage,
  searchOf,
  toQuery,
} from './access-log';

describe('access-log filter', () => {
  it('defaults to the last 30 days and sends only the filters that are set', () => {
    const filter = defaultFilter('2026-03-31');
    expect(filter).toEqual({
      from: '2026-03-01',
      to: '2026-03-31',
      subjectReference: '',
      result: '',
      flagged: false,
    });
    expect(toQuery(filter)).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    expect(toQuery({ ...filter, subjectReference: ' PGA-1 ', result: 'denied', flagged: true })).toEqual({
      from: '2026-03-01',
      to: '2026-03-31',
      subjectReference: 'PGA-1',
      result: 'denied',
      flagged: 'true',
    });
  });

  it('checks the period', () => {
    expect(filterProblems(defaultFilter('2026-03-31'))).toEqual({});
    expect(filterProblems({ ...defaultFilter('2026-03-31'), from: '2026-04-01' })).toEqual({
      from: 'oversight.log.fromAfterTo',
    });
    expect(filterProblems({ ...defaultFilter('2026-03-31'), from: '', to: '2026-02-30' })).toEqual({
      from: 'oversight.log.dateRequired',
      to: 'oversight.log.dateRequired',
    });
  });

  it('builds the query string in a fixed order, encoded', () => {
    expect(searchOf({})).toBe('');
    expect(searchOf({ flagged: 'true', from: '2026-03-01', subjectReference: 'A&B', format: 'csv' })).toBe(
      '?from=2026-03-01&subjectReference=A%26B&flagged=true&format=csv',
    );
  });
});

describe('an access-log entry', () => {
  it('names the action and the object, or shows unknown values as they are', () => {
    expect(actionMessage({ action: 'read', objectType: 'weighing_file' })).toEqual({
      key: 'oversight.log.actionOn',
      params: {
        action: { key: 'oversight.log.actions.read' },
        object: { key: 'oversight.log.objects.weighing_file' },
      },
    });
    expect(actionMessage({ action: 'teleport', objectType: 'spaceship' })).toEqual({
      key: 'oversight.log.actionOn',
      params: { action: { text: 'teleport' }, object: { text: 'spaceship' } },
    });
  });

  it('gives the result with the rule it rests on', () => {
    expect(resultMessage({ result: 'denied', rule: 'art. 8.4' })).toEqual({
      key: 'oversight.log.withRule',
      params: { result: { key: 'oversight.log.results.denied' }, rule: 'art. 8.4' },
    });
    expect(resultMessage({ result: 'allowed', rule: null })).toEqual({
      key: 'oversight.log.results.allowed',
    });
    expect(resultMessage({ result: 'done', rule: null })).toEqual({ text: 'done' });
  });

  it('lists flags in a fixed order and explains the many-subjects threshold', () => {
    expect(flagsAttribute(['many_subjects', 'outside_meeting'])).toBe('outside_meeting many_subjects');
    expect(flagsAttribute([])).toBe('');
    expect(flagExplanation('many_subjects')).toEqual({
      key: 'oversight.log.flagExplanations.many_subjects',
      params: { count: 10, minutes: 10 },
    });
  });
});
