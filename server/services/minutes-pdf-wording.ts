import type { Language } from '../../shared/index';

/** What the minutes PDF says around the record's content, in each language (names come from the vocabulary). */
export interface MinutesWording {
  documentTitle: (kind: string, day: string) => string;
  header: string;
  untitled: string;
  kind: string;
  scheduled: string;
  frozen: string;
  dutchTime: string;
  verified: (hash: string) => string;
  notVerified: (hash: string) => string;
  confidentiality: string;
  noItems: string;
  itemNotAdmitted: (position: number) => string;
  itemDestroyed: (position: number) => string;
  itemArchived: (position: number) => string;
  present: string;
  noCompartments: string;
  notShown: string;
  disclosed: string;
  rectified: (at: string, field: string, reason: string) => string;
  remarkMasked: (rule: string) => string;
  outcome: string;
  round: (round: number, agreed: boolean) => string;
  noVotes: string;
  decision: string;
  grounds: string;
  takenBy: string;
  effect: string;
  further: string;
}

export const MINUTES_WORDING: Readonly<Record<Language, MinutesWording>> = {
  nl: {
    documentTitle: (kind, day) => `Vastgesteld verslag — ${kind} van ${day}`,
    header: 'Casustafel — vastgesteld verslag',
    untitled: '(zonder titel)',
    kind: 'Soort overleg',
    scheduled: 'Gepland',
    frozen: 'Vastgesteld',
    dutchTime: 'Nederlandse tijd',
    verified: (hash) => `Record-hash ${hash} — integriteit gecontroleerd`,
    notVerified: (hash) =>
      `WAARSCHUWING: de integriteit van dit verslag is NIET bevestigd. Inhoud of gegevens wijken af van record-hash ${hash}; vertrouw niet op dit verslag en meld dit bij de uitvoerder.`,
    confidentiality:
      'Vertrouwelijk. U bent verplicht tot geheimhouding van de persoonsgegevens in dit verslag (art. 14 convenant). ' +
      'Dit exemplaar is persoonlijk aan u verstrekt en toont alleen wat u mag inzien (art. 10.4, 10.5); geef het niet door.',
    noItems: 'Geen agendapunten.',
    itemNotAdmitted: (p) => `Agendapunt ${p}: niet toegankelijk voor u`,
    itemDestroyed: (p) => `Agendapunt ${p}: gegevens vernietigd na afloop van de bewaartermijn (art. 13)`,
    itemArchived: (p) =>
      `Agendapunt ${p}: dossier in het niet-actieve archief, alleen voor de kernpartijen (art. 13.2)`,
    present: 'Aanwezig',
    noCompartments: 'Geen onderdelen die u mag inzien.',
    notShown: 'Niet weer te geven.',
    disclosed: 'Met instemming van de partijen aan uw organisatie verstrekt (art. 10.5 convenant).',
    rectified: (at, field, reason) => `Gecorrigeerd op ${at} (art. 12), veld ${field}: ${reason}`,
    remarkMasked: (rule) => `toelichting afgeschermd (${rule})`,
    outcome: 'Uitkomst',
    round: (round, agreed) => `Instemmingsronde ${round}${agreed ? ' (vastgesteld)' : ''}`,
    noVotes: 'Geen stemmen.',
    decision: 'Besluit van de weegploeg',
    grounds: 'Motivering',
    takenBy: 'Genomen door',
    effect: 'Gevolg',
    further: 'Aanvullende gegevens',
  },
  en: {
    documentTitle: (kind, day) => `Adopted minutes — ${kind} of ${day}`,
    header: 'Casustafel — adopted minutes',
    untitled: '(untitled)',
    kind: 'Kind of meeting',
    scheduled: 'Scheduled',
    frozen: 'Adopted',
    dutchTime: 'Dutch time',
    verified: (hash) => `Record hash ${hash} — integrity checked`,
    notVerified: (hash) =>
      `WARNING: the integrity of these minutes is NOT confirmed. Content or data differ from record hash ${hash}; do not rely on these minutes and report this to the executor.`,
    confidentiality:
      'Confidential. You are bound to keep the personal data in these minutes confidential (art. 14 of the covenant). ' +
      'This copy was issued to you personally and shows only what you may see (art. 10.4, 10.5); do not pass it on.',
    noItems: 'No agenda items.',
    itemNotAdmitted: (p) => `Agenda item ${p}: not accessible to you`,
    itemDestroyed: (p) => `Agenda item ${p}: data destroyed at the end of the retention period (art. 13)`,
    itemArchived: (p) =>
      `Agenda item ${p}: file in the non-active archive, for the core parties only (art. 13.2)`,
    present: 'Present',
    noCompartments: 'No parts you may see.',
    notShown: 'Cannot be shown.',
    disclosed: 'Disclosed to your organisation with the consent of the parties (art. 10.5 of the covenant).',
    rectified: (at, field, reason) => `Corrected on ${at} (art. 12), field ${field}: ${reason}`,
    remarkMasked: (rule) => `remark masked (${rule})`,
    outcome: 'Outcome',
    round: (round, agreed) => `Consent round ${round}${agreed ? ' (agreed)' : ''}`,
    noVotes: 'No votes.',
    decision: 'Decision of the weegploeg',
    grounds: 'Grounds',
    takenBy: 'Taken by',
    effect: 'Effect',
    further: 'Further data',
  },
};
