import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PLAN_MEASURES_ARRAY } from '../../../shared/live/content';
import { addMeasure, readMeasures, removeMeasure, setMeasureValue } from './plan';

const POLICE = '00000000-0000-4000-8000-0000000000a1';
const PARTIES = new Set([POLICE]);

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

describe('the plan of approach', () => {
  it('has no measures in an empty document, and reading creates none', () => {
    const doc = new Y.Doc();
    expect(readMeasures(doc, PARTIES)).toEqual([]);
    expect(readMeasures(null, PARTIES)).toEqual([]);
    expect(doc.share.size).toBe(0);
  });

  it('adds a measure with its own description text, and another document sees it', () => {
    const [one, two] = pair();
    const id = addMeasure(one);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const [seen] = readMeasures(two, PARTIES);
    expect(seen).toMatchObject({ id, ownerPartyId: null, dueDate: null, status: 'planned' });
    seen!.description!.insert(0, 'Gesprek met school');
    expect(readMeasures(one, PARTIES)[0]!.description!.toJSON()).toBe('Gesprek met school');
  });

  it('sets owner, due date and status, and removes a measure', () => {
    const [one, two] = pair();
    const first = addMeasure(one);
    const second = addMeasure(two);
    expect(setMeasureValue(two, first, 'ownerPartyId', POLICE)).toBe(true);
    expect(setMeasureValue(two, first, 'dueDate', '2030-06-01')).toBe(true);
    expect(setMeasureValue(two, first, 'status', 'in_progress')).toBe(true);
    expect(readMeasures(one, PARTIES)).toMatchObject([
      { id: first, ownerPartyId: POLICE, dueDate: '2030-06-01', status: 'in_progress' },
      { id: second },
    ]);
    expect(removeMeasure(one, first)).toBe(true);
    expect(readMeasures(two, PARTIES).map((m) => m.id)).toEqual([second]);
    expect(removeMeasure(one, first)).toBe(false);
    expect(setMeasureValue(one, first, 'status', 'done')).toBe(false);
  });

  it('skips what is not a measure, and a second measure with the same id', () => {
    const doc = new Y.Doc();
    const id = addMeasure(doc);
    const array = doc.getArray<unknown>(PLAN_MEASURES_ARRAY);
    array.push(['text', 42]);
    const stray = new Y.Map<unknown>();
    stray.set('id', 'not-an-id');
    const copy = new Y.Map<unknown>();
    copy.set('id', id);
    copy.set('ownerPartyId', 'someone-unknown');
    array.push([stray, copy]);
    const measures = readMeasures(doc, PARTIES);
    expect(measures.map((m) => m.id)).toEqual([id]);
    // An owner that is not a party of the covenant reads as none.
    setMeasureValue(doc, id, 'ownerPartyId', 'someone-unknown');
    expect(readMeasures(doc, PARTIES)[0]!.ownerPartyId).toBeNull();
  });
});
