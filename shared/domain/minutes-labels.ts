import { formatCalendarDate, formatInstantDate, type Language } from './dates';
import type { FileEffect } from './file-effects';
import { CASE_ADVICE_NAMES, ITEM_OUTCOME_NAMES, VOTE_NAMES, WEIGHING_OUTCOME_NAMES } from './vocabulary';

/**
 * What the frozen minutes say about an item's outcome, in Dutch or English, for renderings that cannot use the
 * client's messages (the minutes PDF). Pure: ids are never shown; the names of outcomes are those of the one
 * vocabulary (vocabulary.ts), the dates those of every screen (dates.ts).
 */

/** A calendar date (YYYY-MM-DD) as its day, an instant by its day in Dutch time. */
const dayOf = (value: string, language: Language) =>
  /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? formatCalendarDate(value, language)
    : formatInstantDate(value, language);

export const outcomeLabel = (outcome: string, language: Language): string =>
  (ITEM_OUTCOME_NAMES[language] as Record<string, string>)[outcome] ?? outcome;

export const voteLabel = (vote: string, language: Language): string =>
  (VOTE_NAMES[language] as Record<string, string>)[vote] ?? vote;

/** What was put to the participants in a consent round. */
export function proposalLabel(value: unknown, language: Language): string {
  const en = language === 'en';
  if (typeof value !== 'object' || value === null) return en ? 'Proposal' : 'Voorstel';
  const proposal = value as Record<string, unknown>;
  if (proposal.kind === 'weighing') {
    const name = (WEIGHING_OUTCOME_NAMES[language] as Record<string, string>)[String(proposal.outcome)];
    return name ? `${name} (art. 7.4)` : en ? 'Decision of the weegploeg' : 'Weegploegbesluit';
  }
  if (proposal.advice === 'close') return `${CASE_ADVICE_NAMES[language].close} (art. 9.4)`;
  if (proposal.advice === 'continue' && typeof proposal.nextReviewDate === 'string') {
    const date = dayOf(proposal.nextReviewDate, language);
    return en
      ? `${CASE_ADVICE_NAMES.en.continue}; next review on ${date} (art. 9.4)`
      : `${CASE_ADVICE_NAMES.nl.continue}; volgende evaluatie op ${date} (art. 9.4)`;
  }
  return en ? 'Proposal' : 'Voorstel';
}

/** What an agreed outcome did to the files. */
export function effectLabel(effect: FileEffect, language: Language): string {
  const en = language === 'en';
  const day = (value: string) => dayOf(value, language);
  switch (effect.kind) {
    case 'case_file_copy':
      return en
        ? 'The relevant data were copied to the case file (art. 8.5)'
        : 'De relevante gegevens zijn naar het casusoverlegbestand gekopieerd (art. 8.5)';
    case 'case_agenda_entry':
      if (effect.scheduledAt)
        return en
          ? `Put on the agenda of the casusoverleg of ${day(effect.scheduledAt)}`
          : `Geagendeerd voor het casusoverleg van ${day(effect.scheduledAt)}`;
      return en
        ? 'No casusoverleg scheduled yet: the executor puts the case on an agenda'
        : 'Nog geen casusoverleg gepland: de uitvoerder agendeert de casus';
    case 'notification_duty':
      return en
        ? 'Duty to inform the subject started (art. 11)'
        : 'Informatieplicht jegens de betrokkene gestart (art. 11)';
    case 'next_review':
      return en
        ? `Next review on ${day(effect.nextReviewOn)}`
        : `Volgende evaluatie op ${day(effect.nextReviewOn)}`;
    case 'closure':
      return en
        ? 'Plan of approach closed; recorded in both files (art. 8.2f, 10.2h)'
        : 'Plan van aanpak afgesloten; vastgelegd in beide bestanden (art. 8.2f, 10.2h)';
    case 'carried_over':
      if (effect.scheduledAt)
        return en
          ? `Carried over to the meeting of ${day(effect.scheduledAt)}`
          : `Doorgeschoven naar het overleg van ${day(effect.scheduledAt)}`;
      return en
        ? 'No next meeting scheduled yet: the executor puts the item on an agenda'
        : 'Nog geen volgend overleg gepland: de uitvoerder agendeert het punt';
  }
}
