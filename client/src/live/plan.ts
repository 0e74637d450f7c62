import * as Y from 'yjs';
import {
  MEASURE_KEYS,
  PLAN_MEASURES_ARRAY,
  readMeasure,
  type MeasureFields,
  type MeasureStatus,
} from '../../../shared/live/content';

/**
 * The integral plan of approach in its live document (compartment `plan`): goal plus measures per party (art. 1e).
 * Each measure is a Y.Map in the top-level array, created whole with its own description Y.Text; owner, due date
 * and status are plain values (last writer wins). Unit-tested in plan.test.ts against real Y.Docs.
 */

/** A measure as the screen shows it: its sanitised values, and the Y.Text its description is typed into. */
export interface LiveMeasure extends MeasureFields {
  description: Y.Text | null;
}

/** The plain values a participant may set on a measure (the description is typed, not set). */
export type MeasureValues = {
  ownerPartyId: string | null;
  dueDate: string | null;
  status: MeasureStatus;
};

function measuresArray(doc: Y.Doc): Y.Array<unknown> | null {
  if (!doc.share.has(PLAN_MEASURES_ARRAY)) return null;
  try {
    return doc.getArray<unknown>(PLAN_MEASURES_ARRAY);
  } catch {
    return null;
  }
}

/**
 * The measures in their order. Elements that are not a measure (no valid id, not a map) are skipped, and so is a
 * second measure with an id already seen: ids must be unique for the screen to tell measures apart.
 */
export function readMeasures(doc: Y.Doc | null, partyIds: ReadonlySet<string>): LiveMeasure[] {
  const array = doc ? measuresArray(doc) : null;
  if (!array) return [];
  const seen = new Set<string>();
  const measures: LiveMeasure[] = [];
  for (const element of array.toArray()) {
    if (!(element instanceof Y.Map)) continue;
    const map = element as Y.Map<unknown>;
    const fields = readMeasure(new Map(map.entries()), partyIds);
    if (!fields || seen.has(fields.id)) continue;
    seen.add(fields.id);
    const description = map.get(MEASURE_KEYS.description);
    measures.push({ ...fields, description: description instanceof Y.Text ? description : null });
  }
  return measures;
}

/** Adds a measure at the end: planned, no owner, no due date, an empty description. Returns its id. */
export function addMeasure(doc: Y.Doc, id: string = crypto.randomUUID()): string {
  doc.transact(() => {
    const measure = new Y.Map<unknown>();
    measure.set(MEASURE_KEYS.id, id);
    measure.set(MEASURE_KEYS.description, new Y.Text());
    measure.set(MEASURE_KEYS.ownerPartyId, null);
    measure.set(MEASURE_KEYS.dueDate, null);
    measure.set(MEASURE_KEYS.status, 'planned');
    doc.getArray<unknown>(PLAN_MEASURES_ARRAY).push([measure]);
  });
  return id;
}

function indexOf(array: Y.Array<unknown>, id: string): number {
  return array
    .toArray()
    .findIndex((element) => element instanceof Y.Map && element.get(MEASURE_KEYS.id) === id);
}

/** Removes the measure; false when it is not (or no longer) there. */
export function removeMeasure(doc: Y.Doc, id: string): boolean {
  let removed = false;
  doc.transact(() => {
    const array = doc.getArray<unknown>(PLAN_MEASURES_ARRAY);
    const index = indexOf(array, id);
    if (index < 0) return;
    array.delete(index, 1);
    removed = true;
  });
  return removed;
}

/** Sets one plain value of a measure; false when the measure is gone. */
export function setMeasureValue<K extends keyof MeasureValues>(
  doc: Y.Doc,
  id: string,
  key: K,
  value: MeasureValues[K],
): boolean {
  let set = false;
  doc.transact(() => {
    const array = doc.getArray<unknown>(PLAN_MEASURES_ARRAY);
    const measure = array.get(indexOf(array, id));
    if (!(measure instanceof Y.Map)) return;
    (measure as Y.Map<unknown>).set(MEASURE_KEYS[key], value);
    set = true;
  });
  return set;
}
