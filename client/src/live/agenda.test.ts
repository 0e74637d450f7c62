import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { agendaEntryMap } from '../../../shared/live/content';
import {
  moveAgendaItem,
  parseMinutes,
  readLiveAgenda,
  sameItems,
  setAgendaMinutes,
  setAgendaStatus,
} from './agenda';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';
const items = [
  { id: A, position: 1 },
  { id: B, position: 2 },
  { id: C, position: 3 },
];
const order = (doc: Y.Doc | null) => readLiveAgenda(doc, items).map((entry) => entry.itemId);

/** Two documents that exchange every update, as two browsers through the server. */
function pair(): [Y.Doc, Y.Doc] {
  const one = new Y.Doc();
  const two = new Y.Doc();
  one.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'remote') Y.applyUpdate(two, update, 'remote');
  });
  two.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'remote') Y.applyUpdate(one, update, 'remote');
  });
  return [one, two];
}

describe('the live agenda', () => {
  it('is the planned order, pending and without time, until someone changes it', () => {
    expect(order(null)).toEqual([A, B, C]);
    const doc = new Y.Doc();
    expect(readLiveAgenda(doc, items)).toEqual([
      { itemId: A, order: 1, minutes: null, status: 'pending' },
      { itemId: B, order: 2, minutes: null, status: 'pending' },
      { itemId: C, order: 3, minutes: null, status: 'pending' },
    ]);
    // Reading created nothing in the document: a read-only participant never writes.
    expect(Y.encodeStateAsUpdate(doc)).toEqual(Y.encodeStateAsUpdate(new Y.Doc()));
  });

  it('moves an item up and down with one write, and not past either end', () => {
    const doc = new Y.Doc();
    let updates = 0;
    doc.on('update', () => updates++);
    expect(moveAgendaItem(doc, readLiveAgenda(doc, items), C, -1)).toBe(true);
    expect(updates).toBe(1);
    expect(order(doc)).toEqual([A, C, B]);
    expect(moveAgendaItem(doc, readLiveAgenda(doc, items), C, -1)).toBe(true);
    expect(order(doc)).toEqual([C, A, B]);
    expect(moveAgendaItem(doc, readLiveAgenda(doc, items), C, -1)).toBe(false);
    expect(moveAgendaItem(doc, readLiveAgenda(doc, items), B, 1)).toBe(false);
    expect(moveAgendaItem(doc, readLiveAgenda(doc, items), A, 1)).toBe(true);
    expect(order(doc)).toEqual([C, B, A]);
  });

  it('sets and clears minutes and status, and another document sees them', () => {
    const [chair, member] = pair();
    setAgendaMinutes(chair, B, 25);
    setAgendaStatus(chair, B, 'discussing');
    expect(readLiveAgenda(member, items)[1]).toEqual({
      itemId: B,
      order: 2,
      minutes: 25,
      status: 'discussing',
    });
    setAgendaMinutes(chair, B, null);
    expect(readLiveAgenda(member, items)[1]?.minutes).toBeNull();
  });

  it('merges concurrent moves of different items', () => {
    const [one, two] = pair();
    // Both act on the same view before either sees the other's change.
    const before = readLiveAgenda(one, items);
    one.transact(() => moveAgendaItem(one, before, A, 1));
    two.transact(() => moveAgendaItem(two, before, C, -1));
    expect(order(one)).toEqual(order(two));
  });

  it('ignores content of the wrong type', () => {
    const doc = new Y.Doc();
    const map = doc.getMap(agendaEntryMap(A));
    map.set('order', 'first');
    map.set('minutes', 999);
    map.set('status', 'finished');
    expect(readLiveAgenda(doc, items)[0]).toEqual({ itemId: A, order: 1, minutes: null, status: 'pending' });
  });
});

describe('parseMinutes', () => {
  it('accepts whole minutes from 0 to 240, and empty (no time)', () => {
    expect(parseMinutes('0')).toEqual({ valid: true, minutes: 0 });
    expect(parseMinutes(' 45 ')).toEqual({ valid: true, minutes: 45 });
    expect(parseMinutes('240')).toEqual({ valid: true, minutes: 240 });
    expect(parseMinutes('')).toEqual({ valid: true, minutes: null });
  });

  it('refuses anything else', () => {
    for (const value of ['241', '-1', '1.5', '1e2', 'tien', '12 min'])
      expect(parseMinutes(value), value).toEqual({ valid: false });
    // What a number input reports for text it cannot read.
    expect(parseMinutes('', true)).toEqual({ valid: false });
  });
});

describe('sameItems', () => {
  it('notices an added or reordered item', () => {
    const agenda = [{ id: 'a' }, { id: 'b' }];
    expect(sameItems(['a', 'b'], agenda)).toBe(true);
    expect(sameItems(['a', 'b', 'c'], agenda)).toBe(false);
    expect(sameItems(['b', 'a'], agenda)).toBe(false);
  });
});
