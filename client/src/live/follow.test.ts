import { describe, expect, it } from 'vitest';
import { looksElsewhere, viewedItemId } from './follow';

const base = { isChair: false, following: true, chairItemId: 'item-2', chosenItemId: 'item-1' };

describe('following the chair', () => {
  it('shows the item under discussion while following', () => {
    expect(viewedItemId(base)).toBe('item-2');
    expect(looksElsewhere(base)).toBe(false);
  });

  it('shows the chosen item when not following, the discussed one until something is chosen', () => {
    expect(viewedItemId({ ...base, following: false })).toBe('item-1');
    expect(looksElsewhere({ ...base, following: false })).toBe(true);
    expect(viewedItemId({ ...base, following: false, chosenItemId: null })).toBe('item-2');
    expect(viewedItemId({ ...base, following: false, chairItemId: null })).toBe('item-1');
  });

  it('always shows the chair the item under discussion', () => {
    expect(viewedItemId({ ...base, isChair: true, following: false })).toBe('item-2');
  });
});
