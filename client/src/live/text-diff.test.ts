import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyChange, diffText, rebaseChange, transformPosition, type TextDelta } from './text-diff';

describe('diffText', () => {
  it('finds nothing when nothing changed', () => {
    expect(diffText('analyse', 'analyse')).toBeNull();
  });

  it('finds typing, deleting and replacing a selection', () => {
    expect(diffText('abc', 'abXc', 3)).toEqual({ index: 2, remove: 0, insert: 'X' });
    expect(diffText('abc', 'ac', 1)).toEqual({ index: 1, remove: 1, insert: '' });
    expect(diffText('de weegploeg', 'de casus', 8)).toEqual({ index: 3, remove: 9, insert: 'casus' });
    expect(diffText('', 'geplakt', 7)).toEqual({ index: 0, remove: 0, insert: 'geplakt' });
    expect(diffText('alles weg', '', 0)).toEqual({ index: 0, remove: 9, insert: '' });
  });

  it('uses the caret to place an edit inside a run of equal characters', () => {
    // Typing "a" after the first "a" of "aa": the caret (2) says where, the text alone cannot.
    expect(diffText('aa', 'aaa', 2)).toEqual({ index: 1, remove: 0, insert: 'a' });
    expect(diffText('aa', 'aaa', 1)).toEqual({ index: 0, remove: 0, insert: 'a' });
    // Backspace on the middle "a" of "aaa" leaves the caret at 1.
    expect(diffText('aaa', 'aa', 1)).toEqual({ index: 1, remove: 1, insert: '' });
    // Without a caret: the longest common prefix.
    expect(diffText('aa', 'aaa')).toEqual({ index: 2, remove: 0, insert: 'a' });
  });

  it('tolerates a caret outside the text', () => {
    expect(diffText('ab', 'abc', 99)).toEqual({ index: 2, remove: 0, insert: 'c' });
    expect(diffText('ab', 'xab', -5)).toEqual({ index: 0, remove: 0, insert: 'x' });
  });

  it('never splits a surrogate pair', () => {
    const change = diffText('a😀b', 'a😃b', 3);
    expect(change).toEqual({ index: 1, remove: 2, insert: '😃' });
  });

  it('round-trips: applying the change gives the new text', () => {
    const cases: [string, string, number | undefined][] = [
      ['Subject deelt berichten.', 'Subject deelt openlijk berichten.', 22],
      ['regel 1\nregel 2', 'regel 1\n\nregel 2', 8],
      ['aaaa', 'aa', 1],
      ['abc', 'xyz', 3],
      ['😀😀', '😀', 2],
      ['x', 'xx', undefined],
    ];
    for (const [before, after, caret] of cases) {
      const change = diffText(before, after, caret);
      expect(change && applyChange(before, change)).toBe(after);
    }
  });
});

/** The delta Yjs reports for a remote change, from a real Y.Text. */
function remoteDelta(initial: string, edit: (text: Y.Text) => void): TextDelta {
  const doc = new Y.Doc();
  const text = doc.getText('analysis');
  text.insert(0, initial);
  let delta: TextDelta = [];
  text.observe((event) => {
    delta = event.delta;
  });
  edit(text);
  return delta;
}

describe('transformPosition', () => {
  it('moves a caret right when text is inserted before it, not when inserted after', () => {
    const delta = remoteDelta('hello world', (t) => t.insert(0, '>> '));
    expect(transformPosition(delta, 5)).toBe(8);
    const after = remoteDelta('hello world', (t) => t.insert(11, '!'));
    expect(transformPosition(after, 5)).toBe(5);
  });

  it('leaves a caret in place when text is inserted exactly at it', () => {
    const delta = remoteDelta('hello world', (t) => t.insert(5, ','));
    expect(transformPosition(delta, 5)).toBe(5);
    expect(transformPosition(delta, 6)).toBe(7);
  });

  it('pulls a caret back over deleted text, and to the start of a deleted range that held it', () => {
    const delta = remoteDelta('hello world', (t) => t.delete(0, 6)); // "world"
    expect(transformPosition(delta, 8)).toBe(2);
    expect(transformPosition(delta, 3)).toBe(0);
    expect(transformPosition(delta, 11)).toBe(5);
  });

  it('handles a change with several parts', () => {
    const delta = remoteDelta('abcdef', (t) => {
      t.doc?.transact(() => {
        t.delete(1, 1); // acdef
        t.insert(3, 'XY'); // acdXYef
      });
    });
    // A caret before "e" (4) stays before the inserted "XY" (3); one before "f" (5) follows it (6).
    expect(transformPosition(delta, 4)).toBe(3);
    expect(transformPosition(delta, 5)).toBe(6);
  });
});

describe('rebaseChange', () => {
  it('moves a held-back local change past remote text that arrived meanwhile', () => {
    const remote = remoteDelta('abc', (t) => t.insert(0, 'XX'));
    expect(rebaseChange({ index: 2, remove: 1, insert: 'Z' }, [remote])).toEqual({
      index: 4,
      remove: 1,
      insert: 'Z',
    });
  });
});
