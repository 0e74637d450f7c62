import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  AGENDA_KEYS,
  MEASURE_KEYS,
  PLAN_MEASURES_ARRAY,
  agendaEntryMap,
  awarenessField,
  criterionText,
  orderForMove,
  readAgenda,
  readMeasure,
  validDueDate,
} from './content';

/** Exchanges everything two documents have, both ways (as the server would, eventually). */
function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

const ID_1 = '11111111-1111-4111-8111-111111111111';
const ID_2 = '22222222-2222-4222-8222-222222222222';

describe('live content model', () => {
  it('keeps what two people type at once in the same, not yet existing criterion field', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.getText(criterionText('c1')).insert(0, 'politie: ');
    b.getText(criterionText('c1')).insert(0, 'gemeente: ');
    sync(a, b);
    const merged = a.getText(criterionText('c1')).toJSON();
    expect(merged).toBe(b.getText(criterionText('c1')).toJSON());
    expect(merged).toContain('politie: ');
    expect(merged).toContain('gemeente: ');
  });

  it('(why top-level types) a nested text created twice under one map key loses one side', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const textA = new Y.Text('politie');
    a.getMap('criteria').set('c1', textA);
    const textB = new Y.Text('gemeente');
    b.getMap('criteria').set('c1', textB);
    sync(a, b);
    const merged = (a.getMap('criteria').get('c1') as Y.Text).toJSON();
    expect(['politie', 'gemeente']).toContain(merged);
  });

  it('merges concurrent measures and concurrent edits of one measure', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const measure = new Y.Map<unknown>();
    measure.set(MEASURE_KEYS.id, ID_1);
    measure.set(MEASURE_KEYS.description, new Y.Text('Gesprek met ouders'));
    a.getArray(PLAN_MEASURES_ARRAY).push([measure]);
    sync(a, b);
    const other = new Y.Map<unknown>();
    other.set(MEASURE_KEYS.id, ID_2);
    b.getArray(PLAN_MEASURES_ARRAY).push([other]);
    (a.getArray<Y.Map<unknown>>(PLAN_MEASURES_ARRAY).get(0).get(MEASURE_KEYS.description) as Y.Text).insert(
      0,
      'Eerste ',
    );
    b.getArray<Y.Map<unknown>>(PLAN_MEASURES_ARRAY).get(0).set(MEASURE_KEYS.dueDate, '2027-01-15');
    sync(a, b);
    const measures = a.getArray<Y.Map<unknown>>(PLAN_MEASURES_ARRAY).toArray();
    expect(measures).toHaveLength(2);
    const first = measures.find((m) => m.get(MEASURE_KEYS.id) === ID_1)!;
    expect((first.get(MEASURE_KEYS.description) as Y.Text).toJSON()).toBe('Eerste Gesprek met ouders');
    expect(readMeasure(first, new Set())).toEqual({
      id: ID_1,
      ownerPartyId: null,
      dueDate: '2027-01-15',
      status: 'planned',
    });
  });

  it('reads whatever a document holds defensively', () => {
    const parties = new Set(['party-1']);
    expect(readMeasure(new Map([[MEASURE_KEYS.id, 'not-an-id']]), parties)).toBeNull();
    expect(
      readMeasure(
        new Map<string, unknown>([
          [MEASURE_KEYS.id, ID_1],
          [MEASURE_KEYS.ownerPartyId, 'someone-else'],
          [MEASURE_KEYS.dueDate, '2027-02-30x'],
          [MEASURE_KEYS.status, 'exploded'],
        ]),
        parties,
      ),
    ).toEqual({ id: ID_1, ownerPartyId: null, dueDate: null, status: 'planned' });
    expect(validDueDate('2027-02-28')).toBe(true);
    expect(validDueDate('2027-13-01')).toBe(false);
    expect(awarenessField({ field: 'goal' })).toBe('goal');
    expect(awarenessField({ field: 'x'.repeat(500) })).toBeNull();
    expect(awarenessField({ field: { nested: true } })).toBeNull();
    expect(awarenessField(null)).toBeNull();
  });

  it('orders the agenda from the document, falling back to the planned position', () => {
    const doc = new Y.Doc();
    const items = [
      { id: 'a', position: 1 },
      { id: 'b', position: 2 },
      { id: 'c', position: 3 },
    ];
    const read = () => readAgenda(items, (id) => doc.getMap(agendaEntryMap(id)));
    expect(read().map((e) => e.itemId)).toEqual(['a', 'b', 'c']);
    // Move c to the top: one value written.
    doc.getMap(agendaEntryMap('c')).set(AGENDA_KEYS.order, orderForMove(read(), 2, 0));
    expect(read().map((e) => e.itemId)).toEqual(['c', 'a', 'b']);
    // Move c down one place: between a and b.
    doc.getMap(agendaEntryMap('c')).set(AGENDA_KEYS.order, orderForMove(read(), 0, 1));
    expect(read().map((e) => e.itemId)).toEqual(['a', 'c', 'b']);
    // Move a to the end.
    doc.getMap(agendaEntryMap('a')).set(AGENDA_KEYS.order, orderForMove(read(), 0, 2));
    expect(read().map((e) => e.itemId)).toEqual(['c', 'b', 'a']);
    // Garbage reads as absent.
    doc.getMap(agendaEntryMap('b')).set(AGENDA_KEYS.minutes, -5);
    doc.getMap(agendaEntryMap('b')).set(AGENDA_KEYS.status, 'whatever');
    expect(read().find((e) => e.itemId === 'b')).toMatchObject({ minutes: null, status: 'pending' });
  });
});
