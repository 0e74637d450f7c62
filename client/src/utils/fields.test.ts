import { describe, expect, it } from 'vitest';
import { fieldMatches, normaliseField } from './fields';

describe('normaliseField', () => {
  it('strips the body prefix in every spelling the server may use', () => {
    expect(normaliseField('body.reporter.name')).toBe('reporter.name');
    expect(normaliseField('/body/reporter/name')).toBe('reporter.name');
    expect(normaliseField('body.findings[2].grounds')).toBe('findings.2.grounds');
    expect(normaliseField('/findings/0/finding')).toBe('findings.0.finding');
    expect(normaliseField('description')).toBe('description');
  });
});

describe('fieldMatches', () => {
  it('matches the input itself and inputs inside a blamed object', () => {
    expect(fieldMatches('reporter.name', 'reporter.name')).toBe(true);
    expect(fieldMatches('subject', 'subject.name')).toBe(true);
    expect(fieldMatches('reporter.name', 'reporter.contact')).toBe(false);
    expect(fieldMatches('subject', 'subjectName')).toBe(false);
    expect(fieldMatches(null, 'description')).toBe(false);
  });
});
