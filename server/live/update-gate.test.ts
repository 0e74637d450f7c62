import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  AGENDA_KEYS,
  MEASURE_KEYS,
  NOTES_TEXT,
  PLAN_GOAL_TEXT,
  PLAN_MEASURES_ARRAY,
  agendaEntryMap,
} from '../../shared/index';
import { checkUpdate } from './update-gate';
import { encodeWireUpdate, throwingUpdate, type WireUpdate } from '../testing/yjs-frames';

const ITEM = '0b7c0a52-31a6-4c39-9d37-6f4f0b2f6a11';
const MEASURE = '5d0c3e0e-8a53-4a5d-9b1b-0f2b0d9c4e21';

/** A notes document holding "hello" written by client 7, as the server has it. */
function notesDoc(): Y.Doc {
  const doc = new Y.Doc({ gc: true });
  doc.clientID = 7;
  doc.getText(NOTES_TEXT).insert(0, 'hello');
  return doc;
}

/** What a real client sends for an edit of its copy of `server`. */
function edit(server: Y.Doc, change: (doc: Y.Doc) => void, clientID = 9): Uint8Array {
  const client = new Y.Doc();
  client.clientID = clientID;
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const before = Y.encodeStateVector(client);
  change(client);
  return Y.encodeStateAsUpdate(client, before);
}

/** Whether Yjs itself throws or leaves something pending when the update is applied to a copy. */
function yjsVerdict(doc: Y.Doc, update: Uint8Array): 'applies' | 'throws' | 'pending' {
  const copy = new Y.Doc({ gc: true });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  try {
    Y.applyUpdate(copy, update);
  } catch {
    return 'throws';
  }
  return copy.store.pendingStructs || copy.store.pendingDs ? 'pending' : 'applies';
}

const wire = (update: WireUpdate) => encodeWireUpdate(update);

describe('update gate: what a well-behaved client writes goes through', () => {
  it('typing and deleting in a text', () => {
    const doc = notesDoc();
    const typed = edit(doc, (d) => d.getText(NOTES_TEXT).insert(5, ' world'));
    expect(checkUpdate(doc, 'notes', typed)).toEqual({ ok: true });
    const deleted = edit(doc, (d) => d.getText(NOTES_TEXT).delete(0, 5));
    expect(checkUpdate(doc, 'notes', deleted)).toEqual({ ok: true });
  });

  it("an agenda entry's order, minutes and status", () => {
    const doc = new Y.Doc({ gc: true });
    const update = edit(doc, (d) => {
      const entry = d.getMap(agendaEntryMap(ITEM));
      entry.set(AGENDA_KEYS.order, 1.5);
      entry.set(AGENDA_KEYS.minutes, 20);
      entry.set(AGENDA_KEYS.status, 'discussing');
    });
    expect(checkUpdate(doc, 'agenda', update)).toEqual({ ok: true });
  });

  it('a measure with its description, edited and removed again, and the goal', () => {
    const doc = new Y.Doc({ gc: true });
    const added = edit(doc, (d) => {
      const measure = new Y.Map<unknown>();
      measure.set(MEASURE_KEYS.id, MEASURE);
      measure.set(MEASURE_KEYS.description, new Y.Text('begeleiding'));
      measure.set(MEASURE_KEYS.ownerPartyId, null);
      measure.set(MEASURE_KEYS.dueDate, '2027-01-31');
      measure.set(MEASURE_KEYS.status, 'planned');
      d.getArray(PLAN_MEASURES_ARRAY).push([measure]);
      d.getText(PLAN_GOAL_TEXT).insert(0, 'doel');
    });
    expect(checkUpdate(doc, 'plan', added)).toEqual({ ok: true });
    Y.applyUpdate(doc, added);
    const described = edit(doc, (d) => {
      const measure = d.getArray<Y.Map<unknown>>(PLAN_MEASURES_ARRAY).get(0);
      (measure.get(MEASURE_KEYS.description) as Y.Text).insert(0, 'intensieve ');
      measure.set(MEASURE_KEYS.status, 'in_progress');
    });
    expect(checkUpdate(doc, 'plan', described)).toEqual({ ok: true });
    Y.applyUpdate(doc, described);
    const stale = new Y.Doc();
    stale.clientID = 11;
    Y.applyUpdate(stale, Y.encodeStateAsUpdate(doc));
    const removed = edit(doc, (d) => d.getArray(PLAN_MEASURES_ARRAY).delete(0, 1));
    expect(checkUpdate(doc, 'plan', removed)).toEqual({ ok: true });
    Y.applyUpdate(doc, removed);
    // Typing into a description another participant just removed: Yjs makes it garbage; that is no offence.
    const before = Y.encodeStateVector(stale);
    const description = stale
      .getArray<Y.Map<unknown>>(PLAN_MEASURES_ARRAY)
      .get(0)
      .get(MEASURE_KEYS.description);
    (description as Y.Text).insert(0, 'te laat ');
    const late = Y.encodeStateAsUpdate(stale, before);
    expect(yjsVerdict(doc, late)).toBe('applies');
    expect(checkUpdate(doc, 'plan', late)).toEqual({ ok: true });
  });

  it('a whole state sent again (reconnection), and an update from several clients at once', () => {
    const doc = notesDoc();
    expect(checkUpdate(doc, 'notes', Y.encodeStateAsUpdate(doc))).toEqual({ ok: true });
    const a = new Y.Doc();
    a.clientID = 20;
    Y.applyUpdate(a, Y.encodeStateAsUpdate(doc));
    a.getText(NOTES_TEXT).insert(0, 'A');
    const b = new Y.Doc();
    b.clientID = 21;
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    b.getText(NOTES_TEXT).insert(1, 'B');
    // b's update depends on a's, and both travel together.
    const both = Y.encodeStateAsUpdate(b, Y.encodeStateVector(doc));
    expect(checkUpdate(doc, 'notes', both)).toEqual({ ok: true });
  });
});

describe('update gate: what would not apply is refused before it is stored', () => {
  it('a reference to a later clock of the same client, which makes Yjs throw', () => {
    const doc = notesDoc();
    const bogus = throwingUpdate(9);
    expect(yjsVerdict(doc, bogus)).toBe('throws');
    expect(checkUpdate(doc, 'notes', bogus).ok).toBe(false);
  });

  it('a reference to content nobody has (a missing parent or origin)', () => {
    const doc = notesDoc();
    for (const struct of [
      {
        kind: 'item' as const,
        origin: { client: 3, clock: 40 },
        content: { kind: 'string' as const, text: 'x' },
      },
      {
        kind: 'item' as const,
        parent: { client: 3, clock: 0 },
        content: { kind: 'string' as const, text: 'x' },
      },
    ]) {
      const update = wire({ clients: [{ client: 9, clock: 0, structs: [struct] }] });
      expect(yjsVerdict(doc, update)).toBe('pending');
      expect(checkUpdate(doc, 'notes', update).ok).toBe(false);
    }
  });

  it('a long chain of clients that each wait for the next is taken in one pass, and a loop in it is refused', () => {
    const doc = notesDoc();
    const chain = (loop: boolean): WireUpdate => ({
      clients: Array.from({ length: 300 }, (_, i) => ({
        client: 100 + i,
        clock: 0,
        structs: [
          i === 299 && !loop
            ? {
                kind: 'item' as const,
                origin: { client: 7, clock: 4 },
                content: { kind: 'string' as const, text: 'x' },
              }
            : {
                kind: 'item' as const,
                origin: { client: i === 299 ? 100 : 101 + i, clock: 0 },
                content: { kind: 'string' as const, text: 'x' },
              },
        ],
      })),
    });
    expect(yjsVerdict(doc, wire(chain(false)))).toBe('applies');
    expect(checkUpdate(doc, 'notes', wire(chain(false)))).toEqual({ ok: true });
    expect(yjsVerdict(doc, wire(chain(true)))).toBe('pending');
    expect(checkUpdate(doc, 'notes', wire(chain(true))).ok).toBe(false);
  });

  it('two structs that wait for each other', () => {
    const doc = notesDoc();
    const update = wire({
      clients: [
        {
          client: 9,
          clock: 0,
          structs: [
            { kind: 'item', origin: { client: 10, clock: 0 }, content: { kind: 'string', text: 'x' } },
          ],
        },
        {
          client: 10,
          clock: 0,
          structs: [
            { kind: 'item', origin: { client: 9, clock: 0 }, content: { kind: 'string', text: 'y' } },
          ],
        },
      ],
    });
    expect(yjsVerdict(doc, update)).toBe('pending');
    expect(checkUpdate(doc, 'notes', update).ok).toBe(false);
  });

  it('a gap: skip structs, or a first clock beyond what the document has of that client', () => {
    const doc = notesDoc();
    const skip = wire({
      clients: [
        {
          client: 9,
          clock: 0,
          structs: [
            { kind: 'skip', length: 3 },
            { kind: 'item', parent: NOTES_TEXT, content: { kind: 'string', text: 'x' } },
          ],
        },
      ],
    });
    expect(checkUpdate(doc, 'notes', skip).ok).toBe(false);
    const gap = wire({
      clients: [
        {
          client: 7,
          clock: 9,
          structs: [{ kind: 'item', parent: NOTES_TEXT, content: { kind: 'string', text: 'x' } }],
        },
      ],
    });
    expect(yjsVerdict(doc, gap)).toBe('pending');
    expect(checkUpdate(doc, 'notes', gap).ok).toBe(false);
  });

  it('a huge delete range, or one of content that does not exist', () => {
    const doc = notesDoc();
    for (const len of [2 ** 40, 6]) {
      const update = wire({ clients: [], deletes: [{ client: 7, ranges: [{ clock: 0, len }] }] });
      expect(yjsVerdict(doc, update)).toBe('pending');
      expect(checkUpdate(doc, 'notes', update).ok).toBe(false);
    }
    const fine = wire({ clients: [], deletes: [{ client: 7, ranges: [{ clock: 0, len: 5 }] }] });
    expect(checkUpdate(doc, 'notes', fine)).toEqual({ ok: true });
  });

  it('bytes that are no update at all', () => {
    expect(checkUpdate(notesDoc(), 'notes', new Uint8Array([1, 2, 3, 250, 255])).ok).toBe(false);
  });
});

describe('update gate: only the structure of the compartment (no free text around the masking policy)', () => {
  const refused = (compartment: Parameters<typeof checkUpdate>[1], change: (doc: Y.Doc) => void) => {
    const doc = new Y.Doc({ gc: true });
    return checkUpdate(doc, compartment, edit(doc, change));
  };

  it('free text in the agenda document, in a name or a value', () => {
    expect(refused('agenda', (d) => d.getText('remarks').insert(0, 'Canary-agenda-text')).ok).toBe(false);
    expect(refused('agenda', (d) => d.getMap(agendaEntryMap(ITEM)).set('note', 'Canary')).ok).toBe(false);
    expect(
      refused('agenda', (d) => d.getMap(agendaEntryMap(ITEM)).set(AGENDA_KEYS.status, 'Canary')).ok,
    ).toBe(false);
    expect(refused('agenda', (d) => d.getMap(agendaEntryMap(ITEM)).set(AGENDA_KEYS.minutes, 9000)).ok).toBe(
      false,
    );
    expect(refused('agenda', (d) => d.getMap('item/Canary').set(AGENDA_KEYS.order, 1)).ok).toBe(false);
  });

  it("another compartment's fields, formatting, embeds and nested types in a text", () => {
    expect(refused('notes', (d) => d.getText(PLAN_GOAL_TEXT).insert(0, 'x')).ok).toBe(false);
    expect(refused('notes', (d) => d.getText(NOTES_TEXT).insert(0, 'x', { comment: 'Canary' })).ok).toBe(
      false,
    );
    expect(refused('notes', (d) => d.getText(NOTES_TEXT).insertEmbed(0, { text: 'Canary' })).ok).toBe(false);
    expect(refused('notes', (d) => d.getMap(NOTES_TEXT).set('x', 'Canary')).ok).toBe(false);
  });

  it('a measure with a key, value or element the plan does not have', () => {
    expect(
      refused('plan', (d) => {
        const measure = new Y.Map<unknown>();
        measure.set('remark', 'Canary');
        d.getArray(PLAN_MEASURES_ARRAY).push([measure]);
      }).ok,
    ).toBe(false);
    expect(refused('plan', (d) => d.getArray(PLAN_MEASURES_ARRAY).push(['Canary'])).ok).toBe(false);
    expect(
      refused('plan', (d) => {
        const measure = new Y.Map<unknown>();
        measure.set(MEASURE_KEYS.dueDate, 'next week, after the hearing of Canary');
        d.getArray(PLAN_MEASURES_ARRAY).push([measure]);
      }).ok,
    ).toBe(false);
  });
});
