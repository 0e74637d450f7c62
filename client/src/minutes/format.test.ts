import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import en from '../i18n/en';
import nl from '../i18n/nl';
import {
  itemAnchor,
  compartmentFields,
  compartmentTitle,
  criterionLabels,
  effectLine,
  effectMeetingIds,
  fieldLabel,
  isSoleText,
  maskedLabel,
  outcomeMessage,
  proposalMessage,
  recordMeasures,
  resolveMessage,
  shortHash,
  type Message,
} from './format';

const i18n = createI18n({ legacy: false, locale: 'nl', fallbackLocale: 'nl', messages: { nl, en } });
const dutch = (message: Message) =>
  resolveMessage((key, params) => i18n.global.t(key, params ?? {}), message);

const C1 = '00000000-0000-4000-8000-0000000000c1';
const C2 = '00000000-0000-4000-8000-0000000000c2';
const UNKNOWN = '00000000-0000-4000-8000-0000000000c9';
const MEETING = '00000000-0000-4000-8000-0000000000e1';
const CASE_FILE = '00000000-0000-4000-8000-0000000000f1';

describe('hash', () => {
  it('shortens a hash, keeping short ones whole', () => {
    expect(shortHash('a'.repeat(64))).toBe(`${'a'.repeat(12)}…`);
    expect(shortHash('abc')).toBe('abc');
  });
});

describe('compartments and fields', () => {
  const criteria = criterionLabels(
    [{ criterionId: C1, code: 'G1', title: 'Ideologische uitingen' }],
    [
      { id: C1, code: 'X9', title: 'Later hernoemd' },
      { id: C2, code: 'G2', title: 'Contacten' },
    ],
  );

  it('takes criterion labels from the decision first, then from the framework', () => {
    expect(criteria.get(C1)).toEqual({ code: 'G1', title: 'Ideologische uitingen' });
    expect(criteria.get(C2)).toEqual({ code: 'G2', title: 'Contacten' });
  });

  it('labels fields as the live screen does, criteria by code and title or generically', () => {
    expect(dutch(compartmentTitle('analysis'))).toBe('Analyse aan de hand van het referentiekader');
    expect(dutch(compartmentTitle('agenda'))).toBe('Agenda');
    expect(dutch(fieldLabel('analysis', criteria))).toBe('Algehele analyse');
    expect(dutch(fieldLabel('goal', criteria))).toBe('Doel van de aanpak');
    expect(dutch(fieldLabel('measures', criteria))).toBe('Maatregelen');
    expect(dutch(fieldLabel(`criterion/${C1}`, criteria))).toBe('G1 Ideologische uitingen');
    expect(dutch(fieldLabel(`criterion/${UNKNOWN}`, criteria))).toBe('Criterium');
    expect(dutch(fieldLabel(`item/${C1}`, criteria))).toBe('Agendapunt');
    expect(dutch(fieldLabel('something', criteria))).toBe('something');
  });

  it('orders the analysis: known criteria by code, unknown ones after, then the overall analysis', () => {
    const fields = compartmentFields(
      {
        analysis: 'Alles samen',
        [`criterion/${UNKNOWN}`]: 'onbekend',
        [`criterion/${C2}`]: 'twee',
        [`criterion/${C1}`]: 'een',
      },
      criteria,
    );
    expect(fields.map((f) => f.key)).toEqual([
      `criterion/${C1}`,
      `criterion/${C2}`,
      `criterion/${UNKNOWN}`,
      'analysis',
    ]);
    expect(fields[0]).toMatchObject({ kind: 'text', text: 'een' });
  });

  it('reads the plan: goal first, then the measures with their frozen values', () => {
    const fields = compartmentFields(
      {
        measures: [
          {
            id: 'm1',
            description: 'Gesprek met school',
            ownerPartyId: 'p1',
            dueDate: '2027-02-01',
            status: 'in_progress',
          },
          { id: 'm2', description: 3, dueDate: '2027-02-31', status: 'weird' },
          'not a measure',
        ],
        goal: 'Terugdringen van risico',
      },
      criteria,
    );
    expect(fields.map((f) => f.kind)).toEqual(['text', 'measures']);
    expect(fields[1]).toMatchObject({
      kind: 'measures',
      measures: [
        {
          id: 'm1',
          description: 'Gesprek met school',
          ownerPartyId: 'p1',
          dueDate: '2027-02-01',
          status: 'in_progress',
        },
        { id: 'm2', description: '', ownerPartyId: null, dueDate: null, status: 'planned' },
      ],
    });
    expect(recordMeasures('nope')).toEqual([]);
  });

  it('keeps values of unknown shapes visible, and reads agenda entries', () => {
    const fields = compartmentFields(
      { [`item/${C1}`]: { order: 1, minutes: 20, status: 'done' }, extra: { a: 1 } },
      criteria,
    );
    expect(fields).toEqual([
      {
        kind: 'agenda',
        key: `item/${C1}`,
        label: { key: 'minutes.fields.agendaEntry' },
        status: 'done',
        minutes: 20,
      },
      { kind: 'value', key: 'extra', label: { text: 'extra' }, text: '{\n  "a": 1\n}' },
    ]);
  });

  it('shows a single-text compartment without a second label', () => {
    expect(isSoleText('notes', compartmentFields({ notes: 'x' }, criteria))).toBe(true);
    expect(isSoleText('plan', compartmentFields({ goal: 'x' }, criteria))).toBe(false);
  });

  it('names a masked compartment by its category', () => {
    expect(dutch(maskedLabel('Afgeschermd — persoonsgegevens', 'nl'))).toBe('Afgeschermd — persoonsgegevens');
    expect(dutch(maskedLabel('persoonsgegevens', 'nl'))).toBe('Afgeschermd — persoonsgegevens');
    expect(dutch(maskedLabel(null, 'nl'))).toBe('Afgeschermd');
    // The model policy's labels in English; a region's own label stays as written.
    expect(dutch(maskedLabel('Afgeschermd — persoonsgegevens', 'en'))).toBe('Masked — personal data');
    expect(dutch(maskedLabel('Afgeschermd — eigen categorie', 'en'))).toBe('Afgeschermd — eigen categorie');
  });
});

describe('consent and outcome', () => {
  it('says what a round proposed', () => {
    expect(dutch(proposalMessage({ kind: 'weighing', decisionId: C1, outcome: 'agenda' }))).toBe(
      'Besluit van de weegploeg: Agenderen voor het casusoverleg',
    );
    expect(dutch(proposalMessage({ kind: 'case', advice: 'continue', nextReviewDate: '2027-01-15' }))).toBe(
      'Plan van aanpak voortzetten; volgende evaluatie op 15 januari 2027',
    );
    expect(dutch(proposalMessage({ kind: 'case', advice: 'close' }))).toBe(
      'Advies aan de kernpartijen: plan van aanpak afsluiten',
    );
    expect(dutch(proposalMessage({ kind: 'weighing', outcome: 'maybe' }))).toBe(
      'Voorstel in een onbekende vorm',
    );
  });

  it('names the outcome', () => {
    expect(dutch(outcomeMessage('agreed'))).toBe('Vastgesteld');
    expect(dutch(outcomeMessage('carried_over'))).toBe('Doorgeschoven');
    expect(dutch(outcomeMessage(null))).toBe('Geen uitkomst');
  });
});

describe('effects on the files', () => {
  const text = (effect: Record<string, unknown>, dates?: Map<string, string>) =>
    dutch(effectLine(effect, dates).message);

  it('describes every effect without ids', () => {
    expect(text({ kind: 'case_file_copy', caseFileId: CASE_FILE })).toBe(
      'Relevante gegevens gekopieerd naar het casusoverlegbestand (art. 8.5)',
    );
    expect(text({ kind: 'case_agenda_entry', caseFileId: CASE_FILE, meetingId: MEETING })).toBe(
      'Op de agenda van het volgende casusoverleg gezet',
    );
    expect(
      text(
        { kind: 'case_agenda_entry', caseFileId: CASE_FILE, meetingId: MEETING },
        new Map([[MEETING, '15-01-2027']]),
      ),
    ).toBe('Geagendeerd voor het casusoverleg van 15-01-2027');
    expect(text({ kind: 'case_agenda_entry', caseFileId: CASE_FILE, meetingId: null })).toBe(
      'Nog geen casusoverleg gepland: de uitvoerder agendeert',
    );
    expect(text({ kind: 'notification_duty', dutyId: C1 })).toBe('Informatieplicht gestart (art. 11)');
    expect(text({ kind: 'next_review', caseFileId: CASE_FILE, nextReviewOn: '2027-01-15' })).toBe(
      'Volgende evaluatie op 15 januari 2027',
    );
    expect(text({ kind: 'closure', caseFileId: CASE_FILE, weighingFileId: C2 })).toBe(
      'Plan van aanpak afgesloten; vastgelegd in beide bestanden (art. 8.2f, 10.2h)',
    );
    expect(text({ kind: 'closure', caseFileId: CASE_FILE, weighingFileId: null })).toBe(
      'Plan van aanpak afgesloten; vastgelegd in het casusoverlegbestand (art. 10.2h)',
    );
    expect(text({ kind: 'carried_over', meetingId: MEETING })).toBe(
      'Doorgeschoven naar het volgende overleg',
    );
    expect(text({ kind: 'carried_over', meetingId: MEETING }, new Map([[MEETING, '03-03-2027']]))).toBe(
      'Doorgeschoven naar het overleg van 03-03-2027',
    );
    expect(text({ kind: 'carried_over', meetingId: null })).toBe(
      'Doorgeschoven; er is nog geen volgend overleg gepland',
    );
    expect(text({ kind: 'new_kind' })).toBe('Ander gevolg (new_kind)');
  });

  it('keeps the case file for a link, and collects the meetings to name by date', () => {
    expect(
      effectLine({ kind: 'next_review', caseFileId: CASE_FILE, nextReviewOn: '2027-01-15' }),
    ).toMatchObject({
      kind: 'next_review',
      caseFileId: CASE_FILE,
    });
    expect(
      effectMeetingIds([
        {
          effects: [
            { kind: 'carried_over', meetingId: MEETING },
            { kind: 'notification_duty', dutyId: C1 },
          ],
        },
        { effects: [{ kind: 'case_agenda_entry', caseFileId: CASE_FILE, meetingId: MEETING }] },
        { effects: [{ kind: 'carried_over', meetingId: null }] },
      ]),
    ).toEqual([MEETING]);
  });

  it('speaks English too', () => {
    i18n.global.locale.value = 'en';
    try {
      expect(dutch(effectLine({ kind: 'notification_duty', dutyId: C1 }).message)).toBe(
        'Duty to inform started (art. 11)',
      );
    } finally {
      i18n.global.locale.value = 'nl';
    }
  });
});

describe('itemAnchor', () => {
  it('names an agenda item by its position, or nothing without one', () => {
    expect(itemAnchor(2)).toBe('#agendapunt-2');
    expect(itemAnchor(null)).toBe('');
  });
});
