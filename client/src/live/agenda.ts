import type * as Y from 'yjs';
import {
  AGENDA_KEYS,
  AGENDA_MINUTES,
  agendaEntryMap,
  orderForMove,
  readAgenda,
  type AgendaEntry,
  type AgendaStatus,
} from '../../../shared/live/content';

/**
 * The live agenda: the meeting's items (from the API) in the order, with the time and status, that the agenda
 * document holds. Reading never writes; each write is one value in one transaction, so concurrent changes of
 * different items merge. Unit-tested in agenda.test.ts against real Y.Docs.
 */

/** A top-level Y.Map of the agenda document, or null when the document has none by that name (yet). */
function entryMap(doc: Y.Doc, itemId: string): Y.Map<unknown> | null {
  const name = agendaEntryMap(itemId);
  if (!doc.share.has(name)) return null;
  try {
    return doc.getMap<unknown>(name);
  } catch {
    return null; // defined locally as another type: not an agenda entry
  }
}

/** The agenda in live order; without a document, the planned order. */
export function readLiveAgenda(
  doc: Y.Doc | null,
  items: readonly { id: string; position: number }[],
): AgendaEntry[] {
  return readAgenda(items, (itemId) => {
    const map = doc ? entryMap(doc, itemId) : null;
    return map ? new Map(map.entries()) : null;
  });
}

/** Writes one value of an item's entry (creating the entry's map on first write). */
function write(doc: Y.Doc, itemId: string, key: string, value: unknown): void {
  doc.transact(() => {
    const map = doc.getMap<unknown>(agendaEntryMap(itemId));
    if (value === null) map.delete(key);
    else map.set(key, value);
  });
}

/** Moves an item one place up (-1) or down (+1); false when it is already first or last. */
export function moveAgendaItem(
  doc: Y.Doc,
  entries: readonly AgendaEntry[],
  itemId: string,
  direction: -1 | 1,
): boolean {
  const from = entries.findIndex((entry) => entry.itemId === itemId);
  const to = from + direction;
  if (from < 0 || to < 0 || to >= entries.length) return false;
  write(doc, itemId, AGENDA_KEYS.order, orderForMove(entries, from, to));
  return true;
}

/** Sets (or, with null, clears) the time for an item. */
export function setAgendaMinutes(doc: Y.Doc, itemId: string, minutes: number | null): void {
  write(doc, itemId, AGENDA_KEYS.minutes, minutes);
}

export function setAgendaStatus(doc: Y.Doc, itemId: string, status: AgendaStatus): void {
  write(doc, itemId, AGENDA_KEYS.status, status);
}

export type MinutesInput = { valid: true; minutes: number | null } | { valid: false };

/**
 * What a minutes field holds: empty clears the time; otherwise a whole number from 0 to 240. `badInput` is the
 * input's `validity.badInput` (a number field reports "abc" as an empty value with badInput set).
 */
export function parseMinutes(value: string, badInput = false): MinutesInput {
  if (badInput) return { valid: false };
  const text = value.trim();
  if (text === '') return { valid: true, minutes: null };
  if (!/^\d+$/.test(text)) return { valid: false };
  const minutes = Number(text);
  return minutes >= AGENDA_MINUTES.min && minutes <= AGENDA_MINUTES.max
    ? { valid: true, minutes }
    : { valid: false };
}

/** Whether the agenda the screen shows has exactly these items (ids by planned position, from the server). */
export function sameItems(ids: readonly string[], agenda: readonly { id: string }[]): boolean {
  return ids.length === agenda.length && ids.every((id, i) => agenda[i]?.id === id);
}
