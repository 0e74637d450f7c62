import * as Y from 'yjs';
import type { MeetingRecordView } from '../../../shared/api/records';
import type { Compartment, DocAddress } from '../../../shared/live/compartments';
import { MEASURE_KEYS, PLAN_MEASURES_ARRAY } from '../../../shared/live/content';

/**
 * Late edits: what a client changed in a live document that the frozen record of the meeting does not hold. Once
 * the meeting is frozen the server takes nothing more (close code 4409); a client that edited offline, or whose
 * edits raced the freeze, compares its documents with the record and tells the user which changes were not taken,
 * with the text, so nothing typed disappears unseen. Pure (real Y.Docs in, plain values out): unit-tested in
 * late-edits.test.ts.
 *
 * The content model is shared/live/content.ts; the record holds a compartment's content the way the freeze reads
 * it (server/live/freeze.ts): per top-level name, texts as strings, `measures` as an array of plain objects, and
 * agenda entries `item/<id>` as plain objects.
 */

/** A measure of the plan of approach as plain values (its description as text). */
export interface MeasureSnapshot {
  id: string;
  description: string;
  ownerPartyId: string | null;
  dueDate: string | null;
  status: string | null;
}

export type LateEdit =
  | {
      kind: 'text';
      /** The top-level name: `analysis`, `criterion/<id>`, `goal`, `conclusions`, `notes`, … */
      name: string;
      /** The text as this client has it: what was not taken. */
      local: string;
      /** The text the record holds instead. */
      frozen: string;
    }
  | {
      kind: 'measure';
      name: `measure/${string}`;
      measureId: string;
      /** Added here and not in the record; removed here but still in the record; or changed here. */
      change: 'added' | 'removed' | 'changed';
      local: MeasureSnapshot | null;
      frozen: MeasureSnapshot | null;
      /** The measure's values that differ (`description`, `ownerPartyId`, `dueDate`, `status`). */
      differs: (keyof MeasureSnapshot)[];
    }
  | {
      kind: 'entry';
      /** An agenda entry `item/<id>` (order, minutes, status). */
      name: string;
      local: Record<string, unknown>;
      frozen: Record<string, unknown> | null;
    };

type RootKind = 'text' | 'measures' | 'map';

/** How the freeze reads a top-level name (server/live/freeze.ts contentOf): the same rule here. */
function rootKind(name: string): RootKind {
  if (name === PLAN_MEASURES_ARRAY) return 'measures';
  if (name.startsWith('item/')) return 'map';
  return 'text';
}

/** The key under which a change to one measure is remembered (see trackLocalEdits). */
export const measureKey = (measureId: string) => `measure/${measureId}` as const;

const stringOrNull = (value: unknown) => (typeof value === 'string' ? value : null);

function measureFromMap(map: Y.Map<unknown>): MeasureSnapshot | null {
  const id = map.get(MEASURE_KEYS.id);
  if (typeof id !== 'string') return null;
  const description = map.get(MEASURE_KEYS.description);
  return {
    id,
    description:
      description instanceof Y.Text
        ? description.toJSON()
        : typeof description === 'string'
          ? description
          : '',
    ownerPartyId: stringOrNull(map.get(MEASURE_KEYS.ownerPartyId)),
    dueDate: stringOrNull(map.get(MEASURE_KEYS.dueDate)),
    status: stringOrNull(map.get(MEASURE_KEYS.status)),
  };
}

function measureFromJson(value: unknown): MeasureSnapshot | null {
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  if (typeof record.id !== 'string') return null;
  return {
    id: record.id,
    description: typeof record.description === 'string' ? record.description : '',
    ownerPartyId: stringOrNull(record.ownerPartyId),
    dueDate: stringOrNull(record.dueDate),
    status: stringOrNull(record.status),
  };
}

const MEASURE_VALUES: (keyof MeasureSnapshot)[] = ['description', 'ownerPartyId', 'dueDate', 'status'];

/** A value as JSON with sorted keys, so equal content compares equal whatever the key order. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (typeof value === 'object' && value !== null)
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stable((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

function localMeasures(doc: Y.Doc): Map<string, MeasureSnapshot> {
  const measures = new Map<string, MeasureSnapshot>();
  let array: Y.Array<unknown>;
  try {
    array = doc.getArray(PLAN_MEASURES_ARRAY);
  } catch {
    return measures;
  }
  for (const element of array.toArray())
    if (element instanceof Y.Map) {
      const measure = measureFromMap(element as Y.Map<unknown>);
      if (measure) measures.set(measure.id, measure);
    }
  return measures;
}

function frozenMeasures(value: unknown): Map<string, MeasureSnapshot> {
  const measures = new Map<string, MeasureSnapshot>();
  if (Array.isArray(value))
    for (const element of value) {
      const measure = measureFromJson(element);
      if (measure) measures.set(measure.id, measure);
    }
  return measures;
}

function measureEdits(doc: Y.Doc, frozen: unknown, only: (key: string) => boolean): LateEdit[] {
  const local = localMeasures(doc);
  const recorded = frozenMeasures(frozen);
  const edits: LateEdit[] = [];
  for (const id of [...new Set([...local.keys(), ...recorded.keys()])].sort()) {
    if (!only(measureKey(id))) continue;
    const mine = local.get(id) ?? null;
    const theirs = recorded.get(id) ?? null;
    const differs = MEASURE_VALUES.filter((key) => (mine?.[key] ?? null) !== (theirs?.[key] ?? null));
    if (mine && theirs && differs.length === 0) continue;
    edits.push({
      kind: 'measure',
      name: measureKey(id),
      measureId: id,
      change: mine === null ? 'removed' : theirs === null ? 'added' : 'changed',
      local: mine,
      frozen: theirs,
      differs,
    });
  }
  return edits;
}

/**
 * The fields of a compartment whose value in the local document differs from the frozen record, with the local
 * value (what was not taken). `frozen` is the compartment's `content` from the record (`{}` when the record holds
 * no document for it). With `touched` (see trackLocalEdits), only the fields this client changed itself count: a
 * field it merely did not receive the latest version of is no late edit of its own.
 */
export function lateEdits(
  doc: Y.Doc,
  frozen: Readonly<Record<string, unknown>>,
  touched?: ReadonlySet<string>,
): LateEdit[] {
  const names = new Set<string>([...doc.share.keys()]);
  // A field the record holds that this document lacks only counts when this client touched it (emptied it).
  for (const name of Object.keys(frozen)) if (!touched || touched.has(name)) names.add(name);
  const touchedMeasures =
    touched === undefined || touched.has(PLAN_MEASURES_ARRAY)
      ? () => true
      : (key: string) => touched.has(key);
  const edits: LateEdit[] = [];
  for (const name of [...names].sort()) {
    const kind = rootKind(name);
    if (kind === 'measures') {
      if (touched && !touched.has(PLAN_MEASURES_ARRAY) && ![...touched].some((k) => k.startsWith('measure/')))
        continue;
      edits.push(...measureEdits(doc, frozen[name], touchedMeasures));
      continue;
    }
    if (touched && !touched.has(name)) continue;
    try {
      if (kind === 'map') {
        const local = doc.getMap(name).toJSON();
        const recorded = frozen[name];
        const theirs =
          typeof recorded === 'object' && recorded !== null ? (recorded as Record<string, unknown>) : null;
        if (stable(local) !== stable(theirs ?? {}))
          edits.push({ kind: 'entry', name, local, frozen: theirs });
        continue;
      }
      const local = doc.getText(name).toJSON();
      const recorded = frozen[name];
      const theirs = typeof recorded === 'string' ? recorded : '';
      if (local !== theirs) edits.push({ kind: 'text', name, local, frozen: theirs });
    } catch {
      // The name holds another type than the content model says: nothing this client could have typed there.
    }
  }
  return edits;
}

/** The measure a nested type belongs to: the Y.Map that is an element of the top-level `measures` array. */
function measureIdOf(map: Y.Map<unknown>): string | null {
  const id = map.get(MEASURE_KEYS.id);
  if (typeof id === 'string') return id;
  // A removed measure's values are gone from `get`, but still in its (not yet collected) items.
  const item = (
    map as unknown as { _map: Map<string, { content?: { getContent?: () => unknown[] } }> }
  )._map?.get(MEASURE_KEYS.id);
  const content = item?.content?.getContent?.();
  const value = content?.[content.length - 1];
  return typeof value === 'string' ? value : null;
}

/**
 * Remembers which fields this client changed itself (local transactions, not the provider's): top-level names,
 * and `measure/<id>` per measure added, removed or changed (`measures` when a measure's id cannot be told).
 */
export function trackLocalEdits(doc: Y.Doc, isRemote: (origin: unknown) => boolean = () => false) {
  const touched = new Set<string>();
  const handler = (transaction: Y.Transaction) => {
    if (!transaction.local || isRemote(transaction.origin)) return;
    type AnyType = typeof transaction.changed extends Map<infer K, unknown> ? K : never;
    const roots = new Map<AnyType, string>();
    doc.share.forEach((type, name) => roots.set(type, name));
    for (const type of transaction.changed.keys()) {
      let node = type;
      let child: AnyType | null = null;
      while (node._item !== null) {
        child = node;
        node = node._item.parent as AnyType;
      }
      const name = roots.get(node);
      if (name === undefined) continue;
      if (name !== PLAN_MEASURES_ARRAY) {
        touched.add(name);
        continue;
      }
      if (child instanceof Y.Map) {
        const id = measureIdOf(child as Y.Map<unknown>);
        touched.add(id ? measureKey(id) : PLAN_MEASURES_ARRAY);
        continue;
      }
      // The array itself changed: measures were added or removed.
      for (const event of transaction.changedParentTypes.get(node) ?? []) {
        if (event.target !== node) continue;
        for (const item of [...event.changes.added, ...event.changes.deleted]) {
          const element = (item.content as { type?: unknown }).type;
          const id = element instanceof Y.Map ? measureIdOf(element as Y.Map<unknown>) : null;
          touched.add(id ? measureKey(id) : PLAN_MEASURES_ARRAY);
        }
      }
    }
  };
  doc.on('afterTransaction', handler);
  return {
    touched: touched as ReadonlySet<string>,
    stop: () => doc.off('afterTransaction', handler),
  };
}

/** A document this client edited, with what is known of its fate. */
export interface EditedDocument {
  address: DocAddress;
  doc: Y.Doc;
  /** The fields this client changed itself (trackLocalEdits). */
  touched: ReadonlySet<string>;
  /** Local changes were made while not connected and synced, and have not been synced since. */
  unsent: boolean;
  /** The close code that ended its connection for good, if any. */
  endedCode: number | null;
}

/** The late edits of one compartment of one agenda item. */
export interface LateEditGroup {
  itemId: string | null;
  compartment: Compartment;
  edits: LateEdit[];
}

export interface LateEditsReport {
  /** Compartments whose late edits could be compared with the record. */
  groups: LateEditGroup[];
  /** Compartments this client changed but that the record does not show it (masked, not admitted, the agenda). */
  unlisted: { itemId: string | null; compartment: Compartment }[];
}

/**
 * Compares the documents this client edited with the frozen record, as the reader sees it (GET
 * /api/meetings/:id/record): per compartment, the fields whose local value was not taken. A compartment the record
 * holds no document for compares with an empty one; one the record does not show this reader is listed as
 * unlisted (changes not taken, but not shown).
 */
export function compareWithRecord(
  record: Pick<MeetingRecordView, 'items'>,
  documents: readonly EditedDocument[],
): LateEditsReport {
  const groups: LateEditGroup[] = [];
  const unlisted: LateEditsReport['unlisted'] = [];
  for (const document of documents) {
    const { itemId, compartment } = document.address;
    const item = itemId === null ? null : record.items.find((i) => i.itemId === itemId);
    // Not admitted, or destroyed at the end of its retention period (art. 13): nothing to compare with.
    if (!item || !item.admitted || (item as { destroyed?: boolean }).destroyed === true) {
      unlisted.push({ itemId, compartment });
      continue;
    }
    const stored = item.compartments.find((c) => c.compartment === compartment);
    if (stored && stored.access !== 'read') {
      unlisted.push({ itemId, compartment });
      continue;
    }
    const edits = lateEdits(document.doc, stored?.content ?? {}, document.touched);
    if (edits.length > 0) groups.push({ itemId, compartment, edits });
  }
  return { groups, unlisted };
}
