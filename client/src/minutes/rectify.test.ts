import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../shared/limits';
import { rectifiedMessage, rectifyProblems, toRectifyBody } from './rectify';

describe('a correction of frozen minutes (art. 12)', () => {
  const current = 'Betrokkene woont in Almere';

  it('needs a new text, different from the current one, and a reason', () => {
    expect(
      rectifyProblems({ text: 'Betrokkene woont in Lelystad', reason: 'Verzoek betrokkene' }, current),
    ).toEqual({});
    expect(rectifyProblems({ text: current, reason: '' }, current)).toEqual({
      text: 'minutes.rectify.unchanged',
      reason: 'minutes.rectify.reasonRequired',
    });
    expect(rectifyProblems({ text: '  \n', reason: '   ' }, current)).toEqual({
      text: 'minutes.rectify.textRequired',
      reason: 'minutes.rectify.reasonRequired',
    });
  });

  it('keeps within the limit for long texts', () => {
    const long = 'x'.repeat(LIMITS.longText + 1);
    expect(rectifyProblems({ text: long, reason: long }, current)).toEqual({
      text: 'minutes.rectify.tooLong',
      reason: 'minutes.rectify.tooLong',
    });
    expect(rectifyProblems({ text: 'x'.repeat(LIMITS.longText), reason: 'ok' }, current)).toEqual({});
  });

  it('sends the text as typed and the reason trimmed', () => {
    expect(
      toRectifyBody(
        { itemId: 'i', compartment: 'analysis', field: 'criterion/c1' },
        { text: '  Regel 1\nRegel 2\n', reason: '  Verzoek betrokkene d.d. 20-11-2026 ' },
      ),
    ).toEqual({
      itemId: 'i',
      compartment: 'analysis',
      field: 'criterion/c1',
      correction: '  Regel 1\nRegel 2\n',
      reason: 'Verzoek betrokkene d.d. 20-11-2026',
    });
  });

  it('tells the executor how many parties were sent a notice (art. 12.6)', () => {
    expect(rectifiedMessage(3)).toEqual({ key: 'minutes.rectify.doneNotified', params: { n: 3 } });
    expect(rectifiedMessage(1)).toEqual({ key: 'minutes.rectify.doneNotifiedOne' });
    expect(rectifiedMessage(0)).toEqual({ key: 'minutes.rectify.doneNotifiedNone' });
    expect(rectifiedMessage(undefined)).toEqual({ key: 'minutes.rectify.done' });
  });
});
