import type { Compartment } from '../live/compartments';
import type { CaseAdvice, ConsentVote, ItemOutcome } from './consent';
import type { Language } from './dates';
import type { Finding, WeighingOutcome } from './weighing';

/** Per language, the name of each value. */
export type Names<Value extends string> = Readonly<Record<Language, Readonly<Record<Value, string>>>>;

/**
 * One name per outcome, defined once and used by the screens (through the client's messages) and the PDFs alike,
 * so the minutes, the file and the live meeting call the same thing by the same name. The Dutch names follow the
 * covenant's wording (art. 7.4: "onvoldoende substantieel om het subject te agenderen").
 */
export const WEIGHING_OUTCOME_NAMES: Names<WeighingOutcome> = {
  nl: {
    agenda: 'Agenderen voor het casusoverleg',
    not_substantial: 'Signalen onvoldoende substantieel',
    more_information: 'Eerst aanvullende informatie inwinnen',
  },
  en: {
    agenda: 'Put on the agenda of the casusoverleg',
    not_substantial: 'Signals not substantial enough',
    more_information: 'First gather more information',
  },
};

/** The parts of a meeting's documents, each shown (or masked) as a whole: screens, policy table and PDFs. */
export const COMPARTMENT_TITLES: Names<Compartment> = {
  nl: {
    agenda: 'Agenda',
    identity: 'Persoonsgegevens (NAW)',
    signals: 'Signalen',
    analysis: 'Analyse',
    plan: 'Plan van aanpak',
    network: 'Netwerk en achterblijvers',
    conclusions: 'Conclusies',
    notes: 'Aantekeningen voorzitter',
  },
  en: {
    agenda: 'Agenda',
    identity: 'Personal data (NAW)',
    signals: 'Signals',
    analysis: 'Analysis',
    plan: 'Plan of approach',
    network: 'Network and achterblijvers',
    conclusions: 'Conclusions',
    notes: "Chair's notes",
  },
};

/** What the meeting did with an agenda item. */
export const ITEM_OUTCOME_NAMES: Names<ItemOutcome> = {
  nl: { agreed: 'Vastgesteld', carried_over: 'Doorgeschoven' },
  en: { agreed: 'Agreed', carried_over: 'Carried over' },
};

export const VOTE_NAMES: Names<ConsentVote> = {
  nl: { agree: 'Akkoord', object: 'Bezwaar' },
  en: { agree: 'Agree', object: 'Objection' },
};

/** Whether a criterion of the reference framework was found in the signals. */
export const FINDING_NAMES: Names<Finding> = {
  nl: { present: 'Aanwezig', absent: 'Niet aanwezig', unknown: 'Onbekend' },
  en: { present: 'Present', absent: 'Absent', unknown: 'Unknown' },
};

/** The advice of a casusoverleg on a plan of approach (art. 9.4). */
export const CASE_ADVICE_NAMES: Names<CaseAdvice> = {
  nl: { continue: 'Plan van aanpak voortzetten', close: 'Plan van aanpak afsluiten' },
  en: { continue: 'Continue the plan of approach', close: 'Close the plan of approach' },
};

/** A name from one of the tables above, or the value as it came when it is not (yet) in the table. */
export function nameOf(names: Readonly<Record<string, string>>, value: unknown): string {
  return typeof value === 'string' && Object.hasOwn(names, value) ? names[value]! : String(value);
}

/**
 * The category labels of the model masking policy (shared/domain/masking-defaults.ts) in English; a label a region
 * wrote itself is shown as it is, in the language it was written in.
 */
const MASKED_LABELS_EN: Readonly<Record<string, string>> = {
  'Afgeschermd — persoonsgegevens': 'Masked — personal data',
  'Afgeschermd — gegevens uit het casusoverlegbestand': 'Masked — data from the case file',
};

/** A masked compartment's category label in the reader's language, where the model policy's label is known. */
export function maskedLabelIn(label: string, language: Language): string {
  return language === 'en' ? (MASKED_LABELS_EN[label.trim()] ?? label) : label;
}

/**
 * The capacities (job titles) of the covenant's usual participants in English. A capacity is free text the
 * administrator types (art. 15.2c); a known Dutch title is shown in English to an English reader, anything else as
 * it was written. Matched without regard to case or surrounding spaces.
 */
const CAPACITIES_EN: Readonly<Record<string, string>> = {
  'procesregisseur namens de burgemeester': 'process director on behalf of the mayor',
  procesregisseur: 'process director',
  uitvoerder: 'executor',
  'college van b&w': 'municipal executive (college van B&W)',
  burgemeester: 'mayor',
  'vertegenwoordiger korpschef': 'representative of the chief of police',
  wijkagent: 'community police officer',
  'officier van justitie': 'public prosecutor',
  raadsonderzoeker: 'Child Protection Board investigator',
  reclasseringswerker: 'probation officer',
  behandelaar: 'therapist',
  jeugdbeschermer: 'child protection worker',
  'beheerder autorisaties namens de verantwoordelijke':
    'authorisation administrator on behalf of the controller',
  'functionaris gegevensbescherming': 'data protection officer',
  voorzitter: 'chair',
};

/** A capacity in the reader's language where it is a known title (see CAPACITIES_EN), else as written. */
export function capacityIn(capacity: string, language: Language): string {
  if (language !== 'en') return capacity;
  return CAPACITIES_EN[capacity.trim().toLowerCase()] ?? capacity;
}
