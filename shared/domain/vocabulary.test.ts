import { describe, expect, it } from 'vitest';
import { capacityIn, maskedLabelIn, nameOf, WEIGHING_OUTCOME_NAMES } from './vocabulary';

describe('one vocabulary', () => {
  it('names a weegploeg outcome as the covenant does (art. 7.4), in both languages', () => {
    expect(WEIGHING_OUTCOME_NAMES.nl.not_substantial).toBe('Signalen onvoldoende substantieel');
    expect(nameOf(WEIGHING_OUTCOME_NAMES.en, 'more_information')).toBe('First gather more information');
    expect(nameOf(WEIGHING_OUTCOME_NAMES.en, 'something_new')).toBe('something_new');
  });

  it('shows known job titles and masked labels in English, and what it does not know as written', () => {
    expect(capacityIn('Behandelaar ', 'en')).toBe('therapist');
    expect(capacityIn('officier van justitie', 'en')).toBe('public prosecutor');
    expect(capacityIn('behandelaar', 'nl')).toBe('behandelaar');
    expect(capacityIn('teamleider Veiligheidshuis', 'en')).toBe('teamleider Veiligheidshuis');
    expect(maskedLabelIn('Afgeschermd — gegevens uit het casusoverlegbestand', 'en')).toBe(
      'Masked — data from the case file',
    );
    expect(maskedLabelIn('Afgeschermd — persoonsgegevens', 'nl')).toBe('Afgeschermd — persoonsgegevens');
  });
});
