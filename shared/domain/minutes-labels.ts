import type { FileEffect } from './file-effects';

/**
 * Dutch wording of what the frozen minutes say about an item's outcome, used by the minutes PDF (and any other
 * rendering that cannot use the client's i18n). Pure: ids are never shown, dates as dd-mm-jjjj.
 */
const AMSTERDAM_DATE = new Intl.DateTimeFormat('nl-NL', {
  timeZone: 'Europe/Amsterdam',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});

/** A date (YYYY-MM-DD) or an instant as dd-mm-jjjj; an instant by its date in Dutch time. */
const dutchDate = (value: string) => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match) return `${match[3]}-${match[2]}-${match[1]}`;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? value : AMSTERDAM_DATE.format(instant);
};

export const OUTCOME_LABELS_NL: Record<string, string> = {
  agreed: 'Vastgesteld',
  carried_over: 'Doorgeschoven naar een volgend overleg',
};

export const VOTE_LABELS_NL: Record<string, string> = { agree: 'Akkoord', object: 'Bezwaar' };

const WEIGHING_PROPOSALS_NL: Record<string, string> = {
  agenda: 'Agenderen voor het casusoverleg (art. 7.4)',
  not_substantial: 'Niet zwaarwegend genoeg voor het casusoverleg (art. 7.4)',
  more_information: 'Eerst meer informatie inwinnen (art. 7.4)',
};

/** What was put to the participants in a consent round. */
export function proposalLabelNl(value: unknown): string {
  if (typeof value !== 'object' || value === null) return 'Voorstel';
  const proposal = value as Record<string, unknown>;
  if (proposal.kind === 'weighing')
    return WEIGHING_PROPOSALS_NL[String(proposal.outcome)] ?? 'Weegploegbesluit';
  if (proposal.advice === 'close') return 'Advies: plan van aanpak afsluiten (art. 9.4)';
  if (proposal.advice === 'continue' && typeof proposal.nextReviewDate === 'string')
    return `Plan van aanpak voortzetten; volgende evaluatie op ${dutchDate(proposal.nextReviewDate)} (art. 9.4)`;
  return 'Voorstel';
}

/** What an agreed outcome did to the files. */
export function effectLabelNl(effect: FileEffect): string {
  switch (effect.kind) {
    case 'case_file_copy':
      return 'De relevante gegevens zijn naar het casusoverlegbestand gekopieerd (art. 8.5)';
    case 'case_agenda_entry':
      return effect.scheduledAt
        ? `Geagendeerd voor het casusoverleg van ${dutchDate(effect.scheduledAt)}`
        : 'Nog geen casusoverleg gepland: de uitvoerder agendeert de casus';
    case 'notification_duty':
      return 'Informatieplicht jegens de betrokkene gestart (art. 11)';
    case 'next_review':
      return `Volgende evaluatie op ${dutchDate(effect.nextReviewOn)}`;
    case 'closure':
      return 'Plan van aanpak afgesloten; vastgelegd in beide bestanden (art. 8.2f, 10.2h)';
    case 'carried_over':
      return effect.scheduledAt
        ? `Doorgeschoven naar het overleg van ${dutchDate(effect.scheduledAt)}`
        : 'Nog geen volgend overleg gepland: de uitvoerder agendeert het punt';
  }
}
