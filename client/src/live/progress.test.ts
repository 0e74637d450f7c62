import { describe, expect, it } from 'vitest';
import { itemProgress, nextItem, timeUse, usedSeconds } from './progress';

describe('agenda progress', () => {
  it('an outcome says more than the agenda status; the item under discussion is "in bespreking"', () => {
    expect(itemProgress({ status: 'pending', outcome: null, current: false })).toBe('pending');
    expect(itemProgress({ status: 'pending', outcome: null, current: true })).toBe('discussing');
    expect(itemProgress({ status: 'pending', outcome: 'agreed', current: true })).toBe('agreed');
    expect(itemProgress({ status: 'discussing', outcome: 'carried_over', current: false })).toBe(
      'carried_over',
    );
    // What the organisers set stays, as long as there is no outcome.
    expect(itemProgress({ status: 'deferred', outcome: null, current: true })).toBe('deferred');
    expect(itemProgress({ status: 'done', outcome: null, current: false })).toBe('done');
  });

  it('time used: earlier turns, plus the running turn of the current item', () => {
    const since = '2026-12-01T09:00:00.000Z';
    const now = Date.parse('2026-12-01T09:12:30.000Z');
    expect(usedSeconds({ earlier: 60, current: false, since, now })).toBe(60);
    expect(usedSeconds({ earlier: 60, current: true, since, now })).toBe(60 + 750);
    expect(usedSeconds({ earlier: 60, current: true, since: null, now })).toBe(60);
    // A clock behind the server's never makes time go backwards.
    expect(usedSeconds({ earlier: 60, current: true, since, now: now - 3_600_000 })).toBe(60);
  });

  it('time used against time planned: whole minutes, over once past the plan', () => {
    expect(timeUse(810, 20)).toEqual({ used: 13, planned: 20, over: false });
    expect(timeUse(1200, 20)).toEqual({ used: 20, planned: 20, over: false });
    expect(timeUse(1201, 20)).toEqual({ used: 20, planned: 20, over: true });
    expect(timeUse(59, null)).toEqual({ used: 0, planned: null, over: false });
  });

  it('the next item: the first without an outcome after the current one, else one skipped before it', () => {
    const order = ['a', 'b', 'c', 'd'];
    const decided = (ids: string[]) => (id: string) => ids.includes(id);
    expect(nextItem(order, null, decided([]))).toBe('a');
    expect(nextItem(order, null, decided(['a']))).toBe('b');
    expect(nextItem(order, 'b', decided([]))).toBe('c');
    expect(nextItem(order, 'b', decided(['c']))).toBe('d');
    expect(nextItem(order, 'd', decided(['c']))).toBe('a');
    expect(nextItem(order, 'd', decided(['a', 'b', 'c']))).toBeNull();
    // An item no longer on the agenda: start from the top.
    expect(nextItem(order, 'x', decided([]))).toBe('a');
  });
});
