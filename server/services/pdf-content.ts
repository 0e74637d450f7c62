import { formatCalendarDate, formatInstant, maskedLabelIn, type Language } from '../../shared/index';
import type { PdfWording } from './pdf-wording';

/**
 * Record content as blocks of text for a PDF (pure, never throws on odd shapes): each top-level string as a
 * paragraph under its key as a small heading, arrays and objects (plan measures, agenda entries) as indented
 * "key: value" lines. Internal ids never reach the page: a party is named, a criterion by its code and title, an
 * agenda entry by its place on the agenda, and an entry's own id is left out.
 */

/** What the PDF knows to name things by, besides the words of its language. */
export interface Naming {
  language: Language;
  words: PdfWording;
  /** Party id → name as at the freeze (owners of measures). */
  parties: ReadonlyMap<string, string>;
  /** Criterion id → "G1 Ideologische uitingen" (the analysis per criterion of the referentiekader). */
  criteria: ReadonlyMap<string, string>;
  /** Agenda item id → its place on the agenda. */
  items: ReadonlyMap<string, number>;
}

export type Block =
  | { kind: 'label'; depth: number; text: string }
  | { kind: 'paragraph'; depth: number; text: string }
  | { kind: 'line'; depth: number; text: string };

export const MAX_DEPTH = 8;
const MAX_ENTRIES = 500;

/** Keys that hold an internal id and nothing a reader needs. */
const HIDDEN_KEYS = new Set(['id', 'itemId', 'meetingId', 'caseFileId', 'weighingFileId', 'decisionId']);

export function keyLabel(key: string, naming: Naming): string {
  const { words } = naming;
  if (Object.hasOwn(words.keys, key)) return words.keys[key]!;
  if (key.startsWith('criterion/')) {
    const name = naming.criteria.get(key.slice('criterion/'.length));
    return name ? `${words.criterion} ${name}` : words.criterion;
  }
  if (key.startsWith('item/')) {
    const place = naming.items.get(key.slice('item/'.length));
    return place === undefined ? words.agendaItem : `${words.agendaItem} ${place}`;
  }
  return key;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function scalarText(key: string | null, value: unknown, naming: Naming): string {
  const { words } = naming;
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') {
    if (value.trim() === '') return words.empty;
    if (key === 'ownerPartyId') return naming.parties.get(value) ?? words.unknownParty;
    const labels = key !== null && Object.hasOwn(words.values, key) ? words.values[key]! : null;
    if (labels && Object.hasOwn(labels, value)) return labels[value]!;
    return DATE_ONLY.test(value) ? formatCalendarDate(value, naming.language) : value;
  }
  if (typeof value === 'boolean') return value ? words.yes : words.no;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return formatInstant(value, naming.language);
  return `(${typeof value})`;
}

const isScalar = (value: unknown) => value === null || typeof value !== 'object' || value instanceof Date;

export function entriesOf(value: object): [string, unknown][] {
  try {
    return Array.isArray(value)
      ? value.map((v, i): [string, unknown] => [String(i), v])
      : Object.entries(value as Record<string, unknown>).filter(([key]) => !HIDDEN_KEYS.has(key));
  } catch {
    return [];
  }
}

interface Walk {
  naming: Naming;
  out: Block[];
  seen: WeakSet<object>;
}

/** One value under `key` as indented "key: value" lines (nested values one level deeper). */
function valueLines(walk: Walk, key: string, value: unknown, depth: number, rawKey: string | null): void {
  const { out, seen, naming } = walk;
  // An array element is headed by its number ("Maatregel 1", "2."), a field by "key:".
  const head = rawKey === null ? key : `${key}:`;
  if (isScalar(value)) {
    out.push({ kind: 'line', depth, text: `${head} ${scalarText(rawKey, value, naming)}` });
    return;
  }
  const object = value as object;
  if (depth >= MAX_DEPTH || seen.has(object)) {
    out.push({ kind: 'line', depth, text: `${head} …` });
    return;
  }
  seen.add(object);
  const entries = entriesOf(object);
  if (entries.length === 0) {
    const nothing = Array.isArray(object) ? naming.words.none : naming.words.empty;
    out.push({ kind: 'line', depth, text: `${head} ${nothing}` });
    return;
  }
  out.push({ kind: 'line', depth, text: head });
  childLines(walk, rawKey, object, entries, depth + 1);
}

function childLines(
  walk: Walk,
  parentKey: string | null,
  parent: object,
  entries: [string, unknown][],
  depth: number,
): void {
  const { words } = walk.naming;
  const array = Array.isArray(parent);
  for (const [index, [key, child]] of entries.slice(0, MAX_ENTRIES).entries()) {
    if (array) {
      const name = parentKey === 'measures' ? words.measure(index + 1) : `${index + 1}.`;
      valueLines(walk, name, child, depth, null);
    } else valueLines(walk, keyLabel(key, walk.naming), child, depth, key);
  }
  if (entries.length > MAX_ENTRIES)
    walk.out.push({ kind: 'line', depth, text: words.more(entries.length - MAX_ENTRIES) });
}

export function contentBlocks(content: unknown, naming: Naming): Block[] {
  const walk: Walk = { naming, out: [], seen: new WeakSet<object>() };
  const { out, seen } = walk;
  if (isScalar(content)) {
    if (content !== null && content !== undefined)
      out.push({ kind: 'paragraph', depth: 0, text: scalarText(null, content, naming) });
    return out;
  }
  for (const [key, value] of entriesOf(content as object).slice(0, MAX_ENTRIES)) {
    out.push({ kind: 'label', depth: 0, text: keyLabel(key, naming) });
    if (isScalar(value)) out.push({ kind: 'paragraph', depth: 0, text: scalarText(key, value, naming) });
    else {
      const object = value as object;
      seen.add(object);
      const entries = entriesOf(object);
      if (entries.length === 0)
        out.push({
          kind: 'paragraph',
          depth: 0,
          text: Array.isArray(object) ? naming.words.none : naming.words.empty,
        });
      else childLines(walk, key, object, entries, 1);
    }
  }
  return out;
}

/** "Afgeschermd — <label> (<rule>)"; labels of the model policy already start with "Afgeschermd". */
export function maskedLine(compartment: string, label: string | null, rule: string, naming: Naming): string {
  const { words } = naming;
  const what = maskedLabelIn(
    label?.trim() || words.compartments[compartment] || compartment,
    naming.language,
  );
  const text = /^(afgeschermd|masked)\b/i.test(what) ? what : `${words.masked} — ${what}`;
  return `${text} (${rule})`;
}

/** Naming with nothing known but the words: for content that refers to no party, criterion or item. */
export function plainNaming(language: Language, words: PdfWording): Naming {
  return { language, words, parties: new Map(), criteria: new Map(), items: new Map() };
}
