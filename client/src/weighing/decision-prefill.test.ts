import { describe, expect, it } from 'vitest';
import { prefillFromAnalysis } from './decision-prefill';

describe('the proposed decision starts from what the weegploeg typed', () => {
  it('takes the grounds per criterion and overall from the live analysis, and leaves the findings to choose', () => {
    const texts: Record<string, string> = {
      c1: '  Deelt oproepen tot geweld ',
      c2: '',
      overall: 'Integraal nodig',
    };
    const prefill = prefillFromAnalysis(['c1', 'c2'], (id) => texts[id ?? 'overall'] ?? '');
    expect(prefill).toEqual({
      grounds: 'Integraal nodig',
      findings: { c1: { grounds: 'Deelt oproepen tot geweld' }, c2: { grounds: '' } },
    });
  });
});
