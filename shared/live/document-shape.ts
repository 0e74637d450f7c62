/**
 * The structure each compartment document may hold, as data: which top-level names exist, of which kind, and
 * what a map entry or array element may be. The server refuses any update that would add something else (close
 * code 4400), so free text can only go where the masking policy already governs it: a field of the compartment,
 * read by those who may read that compartment. Nothing here imports yjs; the server maps Yjs structs onto it.
 */
import type { Compartment } from './compartments';
import {
  AGENDA_KEYS,
  AGENDA_STATUSES,
  ANALYSIS_TEXT,
  CONCLUSIONS_TEXT,
  MEASURE_KEYS,
  MEASURE_STATUSES,
  NOTES_TEXT,
  PLAN_GOAL_TEXT,
  PLAN_MEASURES_ARRAY,
  validDueDate,
  validMinutes,
} from './content';

/** A plain value in a map entry (a Yjs `ContentAny` of one element). */
export interface ValueSlot {
  kind: 'value';
  valid: (value: unknown) => boolean;
}
/** A Y.Text of plain characters: no formatting attributes, embeds or nested types. */
export interface TextShape {
  kind: 'text';
}
/** A Y.Map with a fixed set of keys. */
export interface MapShape {
  kind: 'map';
  entries: Readonly<Record<string, ValueSlot | Shape>>;
}
/** A Y.Array whose elements all have one shape. */
export interface ArrayShape {
  kind: 'array';
  of: Shape;
}
export type Shape = TextShape | MapShape | ArrayShape;

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const UUID_ONLY = new RegExp(`^${UUID}$`);
const AGENDA_ENTRY = new RegExp(`^item/${UUID}$`);
const CRITERION = new RegExp(`^criterion/${UUID}$`);
const MEASURE_FIELD = new RegExp(`^measure/${UUID}/(${Object.values(MEASURE_KEYS).join('|')})$`);

const TEXT: TextShape = { kind: 'text' };
const value = (valid: (value: unknown) => boolean): ValueSlot => ({ kind: 'value', valid });
const orNull = (valid: (value: unknown) => boolean) => (v: unknown) => v === null || valid(v);
const oneOf = (values: readonly string[]) => (v: unknown) => typeof v === 'string' && values.includes(v);
const uuid = (v: unknown) => typeof v === 'string' && UUID_ONLY.test(v);

/** One agenda item's entry in the agenda document: order, time and status only, never text. */
const AGENDA_ENTRY_SHAPE: MapShape = {
  kind: 'map',
  entries: {
    [AGENDA_KEYS.order]: value((v) => typeof v === 'number' && Number.isFinite(v)),
    [AGENDA_KEYS.minutes]: value(orNull(validMinutes)),
    [AGENDA_KEYS.status]: value(oneOf(AGENDA_STATUSES)),
  },
};

/** A measure of the plan of approach (art. 1e): its description is the only text in it. */
const MEASURE_SHAPE: MapShape = {
  kind: 'map',
  entries: {
    [MEASURE_KEYS.id]: value(uuid),
    [MEASURE_KEYS.description]: TEXT,
    [MEASURE_KEYS.ownerPartyId]: value(orNull(uuid)),
    [MEASURE_KEYS.dueDate]: value(orNull(validDueDate)),
    [MEASURE_KEYS.status]: value(oneOf(MEASURE_STATUSES)),
  },
};
const MEASURES_SHAPE: ArrayShape = { kind: 'array', of: MEASURE_SHAPE };

/** The single text of the compartments that hold one (their name is the compartment's, or a fixed one). */
const SINGLE_TEXT: Partial<Record<Compartment, string>> = {
  identity: 'identity',
  signals: 'signals',
  network: 'network',
  conclusions: CONCLUSIONS_TEXT,
  notes: NOTES_TEXT,
};

/** The shape of a top-level name in a compartment's document, or null when the document has no such name. */
export function rootShape(compartment: Compartment, name: string): Shape | null {
  if (SINGLE_TEXT[compartment] !== undefined) return name === SINGLE_TEXT[compartment] ? TEXT : null;
  switch (compartment) {
    case 'agenda':
      return AGENDA_ENTRY.test(name) ? AGENDA_ENTRY_SHAPE : null;
    case 'analysis':
      return name === ANALYSIS_TEXT || CRITERION.test(name) ? TEXT : null;
    case 'plan':
      if (name === PLAN_GOAL_TEXT) return TEXT;
      return name === PLAN_MEASURES_ARRAY ? MEASURES_SHAPE : null;
    default:
      return null;
  }
}

/**
 * Is this a field a participant of this compartment can be editing (awareness)? Only identifiers of the
 * document's own fields: a top-level text or value map, or a measure's field. Anything else, free text above all,
 * is dropped by the server before others see it.
 */
export function isFieldOf(compartment: Compartment, field: string): boolean {
  if (compartment === 'plan' && MEASURE_FIELD.test(field)) return true;
  return rootShape(compartment, field) !== null && field !== PLAN_MEASURES_ARRAY;
}
