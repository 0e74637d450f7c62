import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/http';
import { describeError } from './describe-error';

const apiError = (init: Partial<ConstructorParameters<typeof ApiError>[0]>) =>
  new ApiError({ status: 400, code: 'BAD_REQUEST', message: 'server text', ...init });

describe('describeError (Dutch, the default)', () => {
  it('explains a refusal by its convenant article', () => {
    const text = describeError(apiError({ status: 403, code: 'FORBIDDEN', rule: 'art. 8.4' }));
    expect(text.text).toBe(
      'Geen toegang: alleen kernpartijen mogen het weegploegbestand inzien (art. 8.4 convenant).',
    );
  });

  it('explains refusals around the rights of the subject (art. 11, 12)', () => {
    expect(describeError(apiError({ status: 403, code: 'FORBIDDEN', rule: 'art. 11.3' })).text).toContain(
      'informatieplicht',
    );
    expect(describeError(apiError({ status: 403, code: 'FORBIDDEN', rule: 'art. 12.1' })).text).toBe(
      'Geen toegang: verzoeken van betrokkenen worden door de uitvoerder behandeld (art. 12.1 convenant).',
    );
  });

  it('names an unknown article and keeps the server reason as detail', () => {
    const text = describeError(apiError({ status: 403, code: 'FORBIDDEN', rule: 'art. 99', message: 'why' }));
    expect(text).toEqual({ text: 'Geen toegang op grond van art. 99 van het convenant.', detail: 'why' });
  });

  it('says how long to wait after too many logins', () => {
    expect(describeError(apiError({ status: 429, code: 'LOGIN_THROTTLED', retryAfter: 42 })).text).toContain(
      '42',
    );
  });

  it('falls back to the server message for codes it does not know', () => {
    expect(describeError(apiError({ code: 'SOMETHING_NEW', message: 'new thing' })).text).toBe('new thing');
  });

  it('keeps the rule text of a rule violation as detail', () => {
    const text = describeError(apiError({ status: 422, code: 'RULE_VIOLATION', message: 'all three' }));
    expect(text.detail).toBe('all three');
  });

  it('says an outage is temporary and that the input is kept', () => {
    const text = describeError(apiError({ status: 503, code: 'UNAVAILABLE', message: 'database down' }));
    expect(text).toEqual({
      text: 'De server is tijdelijk niet bereikbaar. Probeer het over een ogenblik opnieuw; wat u hebt ingevuld blijft staan.',
    });
  });
});
