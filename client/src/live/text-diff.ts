/**
 * Pure text logic for binding a plain <textarea> to a Y.Text: the one contiguous change a local edit made, and
 * where a caret goes when a remote change arrives. No DOM, no Yjs: unit-tested in text-diff.test.ts.
 */

/** One contiguous replacement: remove `remove` characters at `index`, then insert `insert` there. */
export interface TextChange {
  index: number;
  remove: number;
  insert: string;
}

/**
 * The single change that turns `before` into `after` (an input event changes one contiguous range: typing,
 * deleting, pasting over a selection, autocorrect). `caret` is the caret in `after` (selectionEnd after the
 * edit): the change never reaches past it, so typing "a" at the start of "aa" is an insert at 0, not at 2. Where
 * the caret is unknown, the longest common prefix wins.
 */
export function diffText(before: string, after: string, caret?: number): TextChange | null {
  if (before === after) return null;
  const shorter = Math.min(before.length, after.length);
  let prefix = 0;
  let suffix = 0;
  const commonPrefix = (limit: number) => {
    while (prefix < limit && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  };
  const commonSuffix = (limit: number) => {
    while (
      suffix < limit &&
      before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
    ) {
      suffix++;
    }
  };
  if (caret === undefined) {
    commonPrefix(shorter);
    commonSuffix(shorter - prefix);
  } else {
    // The text after the caret is untouched by the edit, so the common suffix covers at most that much.
    commonSuffix(Math.min(shorter, after.length - clamp(caret, after.length)));
    commonPrefix(shorter - suffix);
  }
  // Never split a surrogate pair: an emoji is inserted or removed whole.
  if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--;
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--;
  return {
    index: prefix,
    remove: before.length - prefix - suffix,
    insert: after.slice(prefix, after.length - suffix),
  };
}

/** Applies a change to a string (the inverse of diffText, for tests and local bookkeeping). */
export function applyChange(text: string, change: TextChange): string {
  return text.slice(0, change.index) + change.insert + text.slice(change.index + change.remove);
}

/** A Y.Text delta as Yjs reports it in a YTextEvent (`event.delta`); only string inserts occur in plain text. */
export type TextDelta = ReadonlyArray<{ insert?: unknown; retain?: number; delete?: number }>;

/**
 * Where a position in the old text lands after a remote change. Text inserted before the position pushes it
 * right; text inserted exactly at it leaves it in place (the local user keeps typing where they were); a
 * deleted range that contained it pulls it to the range's start.
 */
export function transformPosition(delta: TextDelta, position: number): number {
  let oldIndex = 0; // position in the old text
  let shift = 0;
  for (const op of delta) {
    if (oldIndex > position) break;
    if (op.retain !== undefined) {
      oldIndex += op.retain;
    } else if (op.insert !== undefined) {
      const length = typeof op.insert === 'string' ? op.insert.length : 1;
      if (oldIndex < position) shift += length;
    } else if (op.delete !== undefined) {
      if (oldIndex < position) shift -= Math.min(op.delete, position - oldIndex);
      oldIndex += op.delete;
    }
  }
  return position + shift;
}

/**
 * Maps a local change, made against a text that has since received remote changes (deltas, in order), to an
 * index in the current text. Used when an IME composition held back remote changes from the textarea.
 */
export function rebaseChange(change: TextChange, deltas: readonly TextDelta[]): TextChange {
  let start = change.index;
  let end = change.index + change.remove;
  for (const delta of deltas) {
    start = transformPosition(delta, start);
    end = Math.max(start, transformPosition(delta, end));
  }
  return { index: start, remove: end - start, insert: change.insert };
}

function clamp(value: number, max: number): number {
  return Math.max(0, Math.min(max, value));
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;
