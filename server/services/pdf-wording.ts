import {
  CASE_ADVICE_NAMES,
  COMPARTMENT_TITLES,
  ITEM_OUTCOME_NAMES,
  VOTE_NAMES,
  type Language,
} from '../../shared/index';

/**
 * The words of Casustafel's PDFs in each language the screens speak. Names of outcomes, votes and findings come
 * from the one vocabulary in shared/domain/vocabulary.ts; what is here is only what a PDF says around them.
 */
export interface PdfWording {
  /** The document's language tag (the PDF's /Lang, read out by screen readers). */
  tag: string;
  kinds: Readonly<Record<string, string>>;
  compartments: Readonly<Record<string, string>>;
  keys: Readonly<Record<string, string>>;
  values: Readonly<Record<string, Readonly<Record<string, string>>>>;
  empty: string;
  none: string;
  yes: string;
  no: string;
  measure: (n: number) => string;
  more: (n: number) => string;
  criterion: string;
  agendaItem: string;
  unknownParty: string;
  masked: string;
  footer: (reader: string, at: string, reference: string) => string;
  page: (index: number, count: number) => string;
  confidential: string;
}

const NL: PdfWording = {
  tag: 'nl-NL',
  kinds: { weighing: 'Weegploeg', case: 'Casusoverleg' },
  compartments: COMPARTMENT_TITLES.nl,
  keys: {
    analysis: 'Algehele analyse',
    conclusions: 'Conclusies van het overleg',
    notes: 'Aantekeningen van de voorzitter',
    identity: 'Persoonsgegevens van het subject',
    signals: 'Beschrijving van de signalen',
    network: 'Achterblijvers en sociaal netwerk',
    goal: 'Doel van de aanpak',
    measures: 'Maatregelen',
    description: 'Omschrijving',
    ownerPartyId: 'Uitvoerende partij',
    dueDate: 'Uiterlijk gereed op',
    status: 'Status',
    order: 'Volgorde',
    minutes: 'Tijd (minuten)',
    outcome: 'Uitkomst',
    rounds: 'Instemmingsrondes',
    round: 'Ronde',
    proposal: 'Voorstel',
    agreed: 'Ingestemd',
    votes: 'Stemmen',
    vote: 'Stem',
    remark: 'Toelichting',
    advice: 'Advies',
    nextReviewDate: 'Volgende evaluatie',
    decision: 'Besluit',
    grounds: 'Gronden',
    effects: 'Gevolgen voor de bestanden',
    name: 'Naam',
    organisation: 'Organisatie',
    kind: 'Soort',
    dateOfBirth: 'Geboortedatum',
    address: 'Adres',
    residence: 'Woonplaats',
  },
  values: {
    status: {
      pending: 'Nog te bespreken',
      discussing: 'In bespreking',
      done: 'Afgerond',
      deferred: 'Uitgesteld',
      planned: 'Gepland',
      in_progress: 'In uitvoering',
      cancelled: 'Vervallen',
    },
    outcome: ITEM_OUTCOME_NAMES.nl,
    vote: VOTE_NAMES.nl,
    advice: CASE_ADVICE_NAMES.nl,
  },
  empty: '(leeg)',
  none: '(geen)',
  yes: 'ja',
  no: 'nee',
  measure: (n) => `Maatregel ${n}`,
  more: (n) => `… en nog ${n}`,
  criterion: 'Criterium',
  agendaItem: 'Agendapunt',
  unknownParty: 'een partij die niet meer bekend is',
  masked: 'Afgeschermd',
  footer: (reader, at, reference) => `Opgevraagd door ${reader} op ${at} — ${reference}`,
  page: (index, count) => `Pagina ${index} van ${count}`,
  confidential: 'VERTROUWELIJK',
};

const EN: PdfWording = {
  tag: 'en-GB',
  kinds: { weighing: 'Weegploeg (weighing team)', case: 'Casusoverleg (case meeting)' },
  compartments: COMPARTMENT_TITLES.en,
  keys: {
    analysis: 'Overall analysis',
    conclusions: 'Conclusions of the meeting',
    notes: 'Notes of the chair',
    identity: 'Personal details of the subject',
    signals: 'Description of the signals',
    network: 'People left behind and social network',
    goal: 'Goal of the approach',
    measures: 'Measures',
    description: 'Description',
    ownerPartyId: 'Carried out by',
    dueDate: 'Due by',
    status: 'Status',
    order: 'Order',
    minutes: 'Time (minutes)',
    outcome: 'Outcome',
    rounds: 'Consent rounds',
    round: 'Round',
    proposal: 'Proposal',
    agreed: 'Agreed',
    votes: 'Votes',
    vote: 'Vote',
    remark: 'Remark',
    advice: 'Advice',
    nextReviewDate: 'Next review',
    decision: 'Decision',
    grounds: 'Grounds',
    effects: 'Effects on the files',
    name: 'Name',
    organisation: 'Organisation',
    kind: 'Kind',
    dateOfBirth: 'Date of birth',
    address: 'Address',
    residence: 'Place of residence',
  },
  values: {
    status: {
      pending: 'To be discussed',
      discussing: 'Under discussion',
      done: 'Done',
      deferred: 'Deferred',
      planned: 'Planned',
      in_progress: 'In progress',
      cancelled: 'Cancelled',
    },
    outcome: ITEM_OUTCOME_NAMES.en,
    vote: VOTE_NAMES.en,
    advice: CASE_ADVICE_NAMES.en,
  },
  empty: '(empty)',
  none: '(none)',
  yes: 'yes',
  no: 'no',
  measure: (n) => `Measure ${n}`,
  more: (n) => `… and ${n} more`,
  criterion: 'Criterion',
  agendaItem: 'Agenda item',
  unknownParty: 'a party no longer known',
  masked: 'Masked',
  footer: (reader, at, reference) => `Requested by ${reader} on ${at} — ${reference}`,
  page: (index, count) => `Page ${index} of ${count}`,
  confidential: 'CONFIDENTIAL',
};

export const PDF_WORDING: Readonly<Record<Language, PdfWording>> = { nl: NL, en: EN };
