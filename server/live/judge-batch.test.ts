import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { judgeBatch } from './judge-batch';
import { checkUpdate } from './update-gate';

/** The updates a client sends for `count` keystrokes, each its own transaction building on the one before. */
function keystrokes(doc: Y.Doc, count: number, root = 'notes'): Uint8Array[] {
  const updates: Uint8Array[] = [];
  const listener = (update: Uint8Array) => updates.push(update);
  doc.on('update', listener);
  for (let i = 0; i < count; i++) doc.getText(root).insert(doc.getText(root).length, `k${i};`);
  doc.off('update', listener);
  return updates;
}

const textOf = (update: Uint8Array | null) => {
  const doc = new Y.Doc();
  if (update) Y.applyUpdate(doc, update);
  return doc.getText('notes').toJSON();
};

describe('judging one connection s updates together', () => {
  it('takes frames that build on each other, which the document alone could not judge one by one', () => {
    const server = new Y.Doc({ gc: true });
    const updates = keystrokes(new Y.Doc(), 5);
    // The second keystroke alone depends on the first, which the server does not hold yet.
    expect(checkUpdate(server, 'notes', updates[1]!).ok).toBe(false);
    const judged = judgeBatch(server, 'notes', updates);
    expect(judged).toMatchObject({ accepted: 5, stop: null });
    expect(textOf(judged.update)).toBe('k0;k1;k2;k3;k4;');
  });

  it('keeps the frames before a refused one, and neither it nor those after it', () => {
    const server = new Y.Doc({ gc: true });
    const writer = new Y.Doc();
    const before = keystrokes(writer, 2);
    const bad = keystrokes(writer, 1, 'not-a-field');
    const after = keystrokes(writer, 2);
    const judged = judgeBatch(server, 'notes', [...before, ...bad, ...after]);
    expect(judged.accepted).toBe(2);
    expect(judged.stop).toMatchObject({ kind: 'refused' });
    expect(textOf(judged.update)).toBe('k0;k1;');
  });

  it('tells a frame that is no update at all from a refused one', () => {
    const server = new Y.Doc({ gc: true });
    const good = keystrokes(new Y.Doc(), 1);
    const judged = judgeBatch(server, 'notes', [...good, new Uint8Array([1, 2, 3, 250, 255])]);
    expect(judged).toMatchObject({ accepted: 1, stop: { kind: 'malformed' } });
    expect(textOf(judged.update)).toBe('k0;');
  });

  it('accepts a batch that changes nothing without anything to store', () => {
    const server = new Y.Doc({ gc: true });
    const empty = Y.encodeStateAsUpdate(new Y.Doc());
    expect(judgeBatch(server, 'notes', [empty, empty])).toEqual({ update: null, accepted: 2, stop: null });
  });
});
