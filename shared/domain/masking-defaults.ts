import type { Compartment } from '../live/compartments';
import type { AccessLevel, MaskingPolicy, MaskingRule, RuleParticipant } from './masking';
import type { MeetingKind } from './meetings';

const PERSONAL = 'Afgeschermd — persoonsgegevens';
const CASE_DATA = 'Afgeschermd — gegevens uit het casusoverlegbestand';

type Row = Partial<Record<RuleParticipant, AccessLevel | [AccessLevel, string, string?]>>;

/** One compartment's rules for one meeting kind, as a row of the policy table. */
function row(meetingKind: MeetingKind, compartment: Compartment, cells: Row, rule: string): MaskingRule[] {
  return Object.entries(cells).map(([participant, cell]) => {
    const [access, cellRule, label] = Array.isArray(cell) ? cell : [cell, rule];
    return {
      meetingKind,
      compartment,
      participant: participant as RuleParticipant,
      access,
      rule: cellRule,
      ...(label ? { label } : {}),
    };
  });
}

/**
 * The model convenant as a masking policy.
 *
 * Weegploeg: "zijn gegevens uit het digitaal bestand uitsluitend toegankelijk voor kernpartijen" (art. 8.4); the
 * weegploeg file holds NAW, signals, the analysis and the decision (art. 8.2), so no plan, network or party
 * contributions. Case parties and external partners do not take part (art. 1m) and see nothing.
 *
 * Casusoverleg: parties (core and case) have access "voor zover dit noodzakelijk is voor het doel van het
 * casusoverleg" (art. 10.4). External partners "ontvangen het plan van aanpak" and other data only when disclosed
 * with consent (art. 10.5): they see that the case file's other fields exist, never what is in them; the social
 * network and achterblijvers and the chair's notes are not shown to them at all.
 */
export const MODEL_MASKING_POLICY: MaskingPolicy = {
  version: 1,
  rules: [
    ...row('weighing', 'agenda', { organiser: 'write', core: 'read' }, 'art. 8.4'),
    ...row('weighing', 'identity', { organiser: 'write', core: 'read' }, 'art. 8.4'),
    ...row('weighing', 'signals', { organiser: 'write', core: 'read' }, 'art. 8.4'),
    ...row('weighing', 'analysis', { organiser: 'write', core: 'write' }, 'art. 8.2d'),
    ...row('weighing', 'conclusions', { organiser: 'write', core: 'write' }, 'art. 8.2e'),
    ...row('weighing', 'notes', { organiser: 'write', core: 'read' }, 'art. 5'),

    ...row('case', 'agenda', { organiser: 'write', core: 'read', case: 'read', external: 'read' }, 'art. 5'),
    ...row(
      'case',
      'identity',
      { organiser: 'write', core: 'read', case: 'read', external: ['masked', 'art. 10.5', PERSONAL] },
      'art. 10.4',
    ),
    ...row(
      'case',
      'signals',
      { organiser: 'write', core: 'read', case: 'read', external: ['masked', 'art. 10.5', CASE_DATA] },
      'art. 10.4',
    ),
    ...row(
      'case',
      'analysis',
      { organiser: 'write', core: 'write', case: 'write', external: ['masked', 'art. 10.5', CASE_DATA] },
      'art. 10.4',
    ),
    ...row(
      'case',
      'plan',
      { organiser: 'write', core: 'write', case: 'write', external: ['write', 'art. 10.5'] },
      'art. 10.4',
    ),
    ...row(
      'case',
      'network',
      { organiser: 'write', core: 'write', case: 'write', external: ['hidden', 'art. 10.2f–g, 10.5'] },
      'art. 10.2f–g',
    ),
    ...row(
      'case',
      'conclusions',
      { organiser: 'write', core: 'write', case: 'write', external: ['masked', 'art. 10.5', CASE_DATA] },
      'art. 10.4',
    ),
    ...row(
      'case',
      'notes',
      { organiser: 'write', core: 'read', case: 'read', external: ['hidden', 'art. 10.5'] },
      'art. 5',
    ),
  ],
};
