import type { Compartment } from '../../../shared/live/compartments';
import {
  AGENDA_STATUSES,
  ANALYSIS_TEXT,
  CONCLUSIONS_TEXT,
  MEASURE_STATUSES,
  NOTES_TEXT,
  PLAN_GOAL_TEXT,
  PLAN_MEASURES_ARRAY,
  type AgendaStatus,
  type MeasureStatus,
} from '../../../shared/live/content';
import { isCalendarDate } from '../../../shared/domain/consent';
import { WEIGHING_OUTCOMES, type WeighingOutcome } from '../../../shared/domain/weighing';
import type { Language } from '../../../shared/domain/dates';
import { maskedLabelIn } from '../../../shared/domain/vocabulary';
import { formatDate } from '../utils/format';

/**
 * Pure formatting of a frozen record (vastgesteld verslag, `MeetingRecordView`) for the minutes screen. Nothing
 * here calls i18n: texts are returned as message descriptors (an i18n key with parameters, or a literal text from
 * the record itself), which `resolveMessage` turns into the reader's language. The record is read defensively:
 * its content is whatever the meeting typed, so a value of an unexpected shape is shown as it is, never dropped.
 */

/** A text to show: an i18n key with parameters (which may be messages themselves), or a text from the record. */
export type Message = { key: string; params?: Record<string, string | number | Message> } | { text: string };

type Translate = (key: string, params?: Record<string, unknown>) => string;

/** The message in the reader's language (`t` from vue-i18n). */
export function resolveMessage(t: Translate, message: Message): string {
  if ('text' in message) return message.text;
  if (!message.params) return t(message.key);
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(message.params))
    params[name] = typeof value === 'object' ? resolveMessage(t, value) : value;
  return t(message.key, params);
}

// ---------- hash ----------

/** The start of a record's hash, enough to compare by eye; the full hash stays available to copy. */
export function shortHash(hash: string, length = 12): string {
  return hash.length <= length ? hash : `${hash.slice(0, length)}…`;
}

// ---------- compartments and their fields ----------

/** The heading of a compartment: the live screen's label, so the minutes name things as the meeting did. */
export function compartmentTitle(compartment: Compartment): Message {
  return { key: compartment === 'agenda' ? 'compartments.agenda' : `live.fields.${compartment}` };
}

/**
 * A masked compartment's line, "Afgeschermd — persoonsgegevens": the policy's label (which usually says
 * "Afgeschermd — …" already), or "Afgeschermd" when the policy names no category.
 */
export function maskedLabel(label: string | null, language: Language): Message {
  if (label === null || label.trim() === '') return { key: 'live.masked.fallback' };
  if (/^afgeschermd\b/i.test(label.trim())) return { text: maskedLabelIn(label, language) };
  return { key: 'minutes.compartment.maskedLabel', params: { label } };
}

/** What the minutes know about a criterion of the referentiekader, by id. */
export interface CriterionLabel {
  code: string;
  title: string;
}

/**
 * Criterion labels from the first source that knows each id: the decision's findings (frozen with the record),
 * then the covenant's current framework. A criterion neither knows is shown as "Criterium".
 */
export function criterionLabels(
  ...sources: readonly (readonly { id?: string; criterionId?: string; code: string; title: string }[])[]
): Map<string, CriterionLabel> {
  const labels = new Map<string, CriterionLabel>();
  for (const source of sources)
    for (const criterion of source) {
      const id = criterion.criterionId ?? criterion.id;
      if (id && !labels.has(id)) labels.set(id, { code: criterion.code, title: criterion.title });
    }
  return labels;
}

const CRITERION = 'criterion/';
const AGENDA_ENTRY = 'item/';

/** Field keys with a label of their own on the live screen (shared/live/content.ts). */
const FIELD_LABELS: Record<string, string> = {
  [ANALYSIS_TEXT]: 'live.fields.analysisOverall',
  [CONCLUSIONS_TEXT]: 'live.fields.conclusions',
  [NOTES_TEXT]: 'live.fields.notes',
  identity: 'live.fields.identity',
  signals: 'live.fields.signals',
  network: 'live.fields.network',
  [PLAN_GOAL_TEXT]: 'live.plan.goal',
  [PLAN_MEASURES_ARRAY]: 'live.plan.measures',
};

/** The label of a field of a compartment's content, by its Yjs name. */
export function fieldLabel(key: string, criteria: ReadonlyMap<string, CriterionLabel>): Message {
  const known = FIELD_LABELS[key];
  if (known) return { key: known };
  if (key.startsWith(CRITERION)) {
    const criterion = criteria.get(key.slice(CRITERION.length));
    return criterion
      ? { text: `${criterion.code} ${criterion.title}`.trim() }
      : { key: 'minutes.fields.criterion' };
  }
  if (key.startsWith(AGENDA_ENTRY)) return { key: 'minutes.fields.agendaEntry' };
  return { text: key };
}

/** A measure of the plan of approach as frozen (its description Y.Text as a string). */
export interface RecordMeasure {
  id: string;
  description: string;
  ownerPartyId: string | null;
  dueDate: string | null;
  status: MeasureStatus;
}

export type MinutesField =
  | { kind: 'text'; key: string; label: Message; text: string }
  | { kind: 'measures'; key: string; label: Message; measures: RecordMeasure[] }
  | { kind: 'agenda'; key: string; label: Message; status: AgendaStatus | null; minutes: number | null }
  /** A value of a shape the screen does not know: shown as JSON rather than hidden. */
  | { kind: 'value'; key: string; label: Message; text: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The measures of a frozen plan, in their order; an element that is not an object is skipped. */
export function recordMeasures(value: unknown): RecordMeasure[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).map((measure, index) => {
    const { id, description, ownerPartyId, dueDate, status } = measure;
    return {
      id: typeof id === 'string' && id !== '' ? id : `#${index + 1}`,
      description: typeof description === 'string' ? description : '',
      ownerPartyId: typeof ownerPartyId === 'string' ? ownerPartyId : null,
      dueDate: isCalendarDate(dueDate) ? dueDate : null,
      status:
        typeof status === 'string' && (MEASURE_STATUSES as readonly string[]).includes(status)
          ? (status as MeasureStatus)
          : 'planned',
    };
  });
}

/** Order of the fields within a compartment: the file's texts, the criteria, the analysis, goal and measures. */
function rank(key: string): number {
  const order = [
    'identity',
    'signals',
    'network',
    CRITERION,
    ANALYSIS_TEXT,
    PLAN_GOAL_TEXT,
    PLAN_MEASURES_ARRAY,
    CONCLUSIONS_TEXT,
    NOTES_TEXT,
    AGENDA_ENTRY,
  ];
  const index = order.findIndex((prefix) => (prefix.endsWith('/') ? key.startsWith(prefix) : key === prefix));
  return index === -1 ? order.length : index;
}

/**
 * The fields of a compartment's frozen content, labelled and in reading order. Criteria the minutes know are
 * ordered by their code; the others after them.
 */
export function compartmentFields(
  content: Record<string, unknown>,
  criteria: ReadonlyMap<string, CriterionLabel>,
): MinutesField[] {
  const codeOf = (key: string) => criteria.get(key.slice(CRITERION.length))?.code ?? '\uffff';
  const keys = Object.keys(content).sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.startsWith(CRITERION) && b.startsWith(CRITERION)
        ? codeOf(a).localeCompare(codeOf(b), 'nl', { numeric: true })
        : 0) ||
      a.localeCompare(b),
  );
  return keys.map((key): MinutesField => {
    const value = content[key];
    const label = fieldLabel(key, criteria);
    if (typeof value === 'string') return { kind: 'text', key, label, text: value };
    if (key === PLAN_MEASURES_ARRAY && Array.isArray(value))
      return { kind: 'measures', key, label, measures: recordMeasures(value) };
    if (key.startsWith(AGENDA_ENTRY) && isObject(value)) {
      const { status, minutes } = value;
      return {
        kind: 'agenda',
        key,
        label,
        status:
          typeof status === 'string' && (AGENDA_STATUSES as readonly string[]).includes(status)
            ? (status as AgendaStatus)
            : null,
        minutes: typeof minutes === 'number' && Number.isFinite(minutes) ? minutes : null,
      };
    }
    return { kind: 'value', key, label, text: JSON.stringify(value, null, 2) ?? String(value) };
  });
}

/**
 * The compartment's one text shown without a label of its own (its heading says it): the single-text
 * compartments of the live screen, when that text is all the compartment holds.
 */
export function isSoleText(compartment: Compartment, fields: readonly MinutesField[]): boolean {
  return fields.length === 1 && fields[0]!.kind === 'text' && fields[0]!.key === compartment;
}

// ---------- consent, outcome, effects ----------

/** What a consent round proposed: the weegploeg's decision, or the plan's advice with its next review date. */
export function proposalMessage(proposal: Record<string, unknown>): Message {
  const { kind, outcome, advice, nextReviewDate } = proposal;
  if (
    kind === 'weighing' &&
    typeof outcome === 'string' &&
    (WEIGHING_OUTCOMES as readonly string[]).includes(outcome)
  )
    return {
      key: 'minutes.proposal.weighing',
      params: { outcome: { key: `outcomes.${outcome as WeighingOutcome}` } },
    };
  if (kind === 'case' && advice === 'continue' && typeof nextReviewDate === 'string')
    return { key: 'minutes.proposal.continue', params: { date: formatDate(nextReviewDate) } };
  if (kind === 'case' && advice === 'close') return { key: 'minutes.proposal.close' };
  return { key: 'minutes.proposal.unknown' };
}

export function outcomeMessage(outcome: string | null): Message {
  return outcome === 'agreed' || outcome === 'carried_over'
    ? { key: `minutes.outcomes.${outcome}` }
    : { key: 'minutes.outcomes.none' };
}

/** What an effect on the files is shown as, and the case file it concerns (for a link, where the reader may). */
export interface EffectLine {
  kind: string;
  message: Message;
  caseFileId: string | null;
}

const idOf = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/**
 * One effect of an agreed outcome on the files (shared/domain/file-effects.ts), in words and without ids. A
 * meeting the reader knows (from their own list of meetings, `meetingDates`: id → date) is named by its date.
 */
export function effectLine(
  effect: Record<string, unknown>,
  meetingDates: ReadonlyMap<string, string> = new Map(),
): EffectLine {
  const kind = typeof effect.kind === 'string' ? effect.kind : '';
  const caseFileId = idOf(effect.caseFileId);
  const meetingId = idOf(effect.meetingId);
  const date = meetingId ? meetingDates.get(meetingId) : undefined;
  const line = (message: Message): EffectLine => ({ kind, message, caseFileId });
  switch (kind) {
    case 'case_file_copy':
      return line({ key: 'minutes.effects.caseFileCopy' });
    case 'case_agenda_entry':
      if (!meetingId) return line({ key: 'minutes.effects.caseAgendaNone' });
      return line(
        date
          ? { key: 'minutes.effects.caseAgendaOn', params: { date } }
          : { key: 'minutes.effects.caseAgenda' },
      );
    case 'notification_duty':
      return line({ key: 'minutes.effects.notificationDuty' });
    case 'next_review':
      return line({
        key: 'minutes.effects.nextReview',
        params: { date: typeof effect.nextReviewOn === 'string' ? formatDate(effect.nextReviewOn) : '—' },
      });
    case 'closure':
      return line({
        key: idOf(effect.weighingFileId) ? 'minutes.effects.closure' : 'minutes.effects.closureCaseFile',
      });
    case 'carried_over':
      if (!meetingId) return line({ key: 'minutes.effects.carriedOverNone' });
      return line(
        date
          ? { key: 'minutes.effects.carriedOverTo', params: { date } }
          : { key: 'minutes.effects.carriedOver' },
      );
    default:
      return line({ key: 'minutes.effects.unknown', params: { kind: kind || '—' } });
  }
}

/** The meetings the record's effects point to (next casusoverleg, next meeting), to name them by date. */
export function effectMeetingIds(
  items: readonly { effects: readonly Record<string, unknown>[] }[],
): string[] {
  const ids = new Set<string>();
  for (const item of items)
    for (const effect of item.effects) {
      const id = idOf(effect.meetingId);
      if (id) ids.add(id);
    }
  return [...ids];
}

/** The anchor of an agenda item in the minutes, so a link (a notice, art. 12.6) opens them at that item. */
export const itemAnchor = (position: number | null): string =>
  position === null ? '' : `#agendapunt-${position}`;
