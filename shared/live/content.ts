/**
 * The shape of the live documents' content, defined once for client and server. Every collaborative value is a
 * *top-level* Yjs type (or an element of a top-level array): two people who create the same nested type under the
 * same map key at the same time would each make their own, and one of them would silently lose what they typed.
 * Top-level types are addressed by name and always merge.
 *
 * Readers here never trust a document's content: a value of the wrong type or out of range reads as absent.
 * This module holds names and pure readers only; it does not import yjs, so both sides pass in what they read.
 */

/** Agenda document (compartment `agenda`, one per meeting): one top-level Y.Map per agenda item. */
export const agendaEntryMap = (itemId: string) => `item/${itemId}`;

/** Progress of an agenda item as the chair records it (agenda status). */
export const AGENDA_STATUSES = ['pending', 'discussing', 'done', 'deferred'] as const;
export type AgendaStatus = (typeof AGENDA_STATUSES)[number];

/** Time per item, in whole minutes. */
export const AGENDA_MINUTES = { min: 0, max: 240 } as const;

export interface AgendaEntry {
  itemId: string;
  /** Sort key; concurrent moves of different items merge, of the same item the last one wins. */
  order: number;
  minutes: number | null;
  status: AgendaStatus;
}

/** Keys of an agenda entry's Y.Map. */
export const AGENDA_KEYS = { order: 'order', minutes: 'minutes', status: 'status' } as const;

const isStatus = (value: unknown): value is AgendaStatus =>
  typeof value === 'string' && (AGENDA_STATUSES as readonly string[]).includes(value);

export const validMinutes = (value: unknown): value is number =>
  typeof value === 'number' &&
  Number.isInteger(value) &&
  value >= AGENDA_MINUTES.min &&
  value <= AGENDA_MINUTES.max;

/**
 * The agenda in its live order. The items themselves come from the meeting (the executor puts files on the
 * agenda); the document only adds order, time and status. Items the document does not mention keep their planned
 * position, after the ones it has ordered; entries for items not on the agenda are ignored.
 */
export function readAgenda(
  items: readonly { id: string; position: number }[],
  entryOf: (itemId: string) => ReadonlyMap<string, unknown> | null,
): AgendaEntry[] {
  const entries = items.map((item) => {
    const map = entryOf(item.id);
    const order = map?.get(AGENDA_KEYS.order);
    const minutes = map?.get(AGENDA_KEYS.minutes);
    const status = map?.get(AGENDA_KEYS.status);
    return {
      itemId: item.id,
      order: typeof order === 'number' && Number.isFinite(order) ? order : item.position,
      minutes: validMinutes(minutes) ? minutes : null,
      status: isStatus(status) ? status : 'pending',
    };
  });
  return entries.sort((a, b) => a.order - b.order || a.itemId.localeCompare(b.itemId));
}

/**
 * The order value that moves `entries[from]` to index `to` (the others keep theirs): halfway between its new
 * neighbours, so a move writes one value and concurrent moves of other items do not conflict.
 */
export function orderForMove(entries: readonly AgendaEntry[], from: number, to: number): number {
  const others = entries.filter((_, i) => i !== from);
  const before = others[to - 1]?.order;
  const after = others[to]?.order;
  if (before === undefined && after === undefined) return 0;
  if (before === undefined) return after! - 1;
  if (after === undefined) return before + 1;
  return (before + after) / 2;
}

/** Compartment `notes` (per item): the chair's notes, one Y.Text. */
export const NOTES_TEXT = 'notes';

/**
 * Compartment `analysis` (per item): one Y.Text per criterion of the reference framework (art. 7.3: the signals
 * are weighed against objective criteria), and one for the overall analysis.
 */
export const criterionText = (criterionId: string) => `criterion/${criterionId}`;
export const ANALYSIS_TEXT = 'analysis';

/** Compartment `conclusions` (per item): the conclusion drafted in the meeting, one Y.Text. */
export const CONCLUSIONS_TEXT = 'conclusions';

/**
 * Compartment `plan` (per item): the integral plan of approach, "goal plus measures per party" (art. 1e). The goal
 * is a Y.Text; measures are Y.Maps in the top-level Y.Array `measures`, each with its own description Y.Text
 * (created with the measure, so never contested) and plain values for owner, due date and status.
 */
export const PLAN_GOAL_TEXT = 'goal';
export const PLAN_MEASURES_ARRAY = 'measures';
export const MEASURE_KEYS = {
  id: 'id',
  description: 'description',
  ownerPartyId: 'ownerPartyId',
  dueDate: 'dueDate',
  status: 'status',
} as const;

export const MEASURE_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export type MeasureStatus = (typeof MEASURE_STATUSES)[number];

export interface MeasureFields {
  id: string;
  ownerPartyId: string | null;
  dueDate: string | null;
  status: MeasureStatus;
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const MEASURE_ID = /^[0-9a-f-]{36}$/;

export const validDueDate = (value: unknown): value is string =>
  typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));

/** A measure's plain fields, or null when it has no valid id (such an element is not shown). */
export function readMeasure(
  map: ReadonlyMap<string, unknown>,
  partyIds: ReadonlySet<string>,
): MeasureFields | null {
  const id = map.get(MEASURE_KEYS.id);
  if (typeof id !== 'string' || !MEASURE_ID.test(id)) return null;
  const owner = map.get(MEASURE_KEYS.ownerPartyId);
  const dueDate = map.get(MEASURE_KEYS.dueDate);
  const status = map.get(MEASURE_KEYS.status);
  return {
    id,
    ownerPartyId: typeof owner === 'string' && partyIds.has(owner) ? owner : null,
    dueDate: validDueDate(dueDate) ? dueDate : null,
    status:
      typeof status === 'string' && (MEASURE_STATUSES as readonly string[]).includes(status)
        ? (status as MeasureStatus)
        : 'planned',
  };
}

/**
 * Awareness: what a participant is working on, so others see who edits which field. A client sets only `field`;
 * the server drops anything else and stamps `user` from the session (awareness-stamp on the server).
 */
export interface LiveAwarenessUser {
  name: string;
  organisation: string;
  role: string;
}
export interface LiveAwarenessState {
  /** A field key: a text name above, or `measure/<id>/<key>`; null when not editing. */
  field: string | null;
  user?: LiveAwarenessUser;
}
export const AWARENESS_FIELD_MAX = 120;
export const measureField = (measureId: string, key: keyof typeof MEASURE_KEYS) =>
  `measure/${measureId}/${key}`;

/** The field a client says it is editing, or null when the claim is not a short string. */
export function awarenessField(state: Record<string, unknown> | null): string | null {
  const field = state?.field;
  return typeof field === 'string' && field.length > 0 && field.length <= AWARENESS_FIELD_MAX ? field : null;
}
