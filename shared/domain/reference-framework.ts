/**
 * The referentiekader (art. 1g, annex 3) is covenant data. Annex 3 was not published with the model convenant,
 * so Casustafel ships this clearly labelled EXAMPLE framework; the executor replaces or edits it.
 */
export interface ReferenceCriterionInput {
  code: string;
  title: string;
  description: string;
}

export const EXAMPLE_FRAMEWORK_NAME =
  'Voorbeeld-referentiekader (geen officieel kader — door uitvoerder aan te passen)';

export const EXAMPLE_CRITERIA: readonly ReferenceCriterionInput[] = [
  {
    code: 'G1',
    title: 'Uitingen van een extremistisch gedachtegoed',
    description:
      'Het subject uit zich (online of offline) instemmend over een extremistische ideologie, van welke signatuur ook.',
  },
  {
    code: 'G2',
    title: 'Rechtvaardigen of verheerlijken van geweld',
    description: 'Het subject keurt geweld voor ideologische doelen goed, verheerlijkt aanslagen of daders.',
  },
  {
    code: 'G3',
    title: 'Contacten met extremistische netwerken',
    description:
      'Aanwijzingen voor contact met personen of groepen die extremistische activiteiten ontplooien.',
  },
  {
    code: 'G4',
    title: 'Voorbereiding van uitreizen of terugkeer',
    description: 'Aanwijzingen voor voorbereiding van uitreis naar een strijdgebied, of terugkeer daaruit.',
  },
  {
    code: 'G5',
    title: 'Isolatie en breuk met omgeving',
    description:
      'Het subject keert zich af van familie, school, werk of de samenleving, in samenhang met de andere criteria.',
  },
  {
    code: 'G6',
    title: 'Kwetsbaarheid en zorgbehoefte',
    description:
      'Psychische problematiek, verslaving, minderjarigheid of andere factoren die zorg of bescherming vragen.',
  },
];
