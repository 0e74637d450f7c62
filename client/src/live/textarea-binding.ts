import type * as Y from 'yjs';
import { diffText, rebaseChange, transformPosition, type TextChange, type TextDelta } from './text-diff';

/** Transaction origin of edits made in this textarea (so its own changes are not rendered back into it). */
const LOCAL = Symbol('textarea');

/**
 * Binds a plain <textarea> to a Y.Text, both ways. A local input becomes the one contiguous change it made
 * (diffText, guided by the caret); a remote change replaces the textarea's value and moves the local caret and
 * selection along with the text around them (transformPosition). During an IME composition remote changes are
 * held back, so the composition is not broken, and applied when it ends. Returns the unbind function.
 */
export function bindTextarea(text: Y.Text, textarea: HTMLTextAreaElement): () => void {
  /** What the textarea shows of the Y.Text, before the local edit that is being handled. */
  let shown = text.toJSON();
  let composing = false;
  let heldBack: TextDelta[] = [];
  textarea.value = shown;

  function render(place: (start: number, end: number) => [number, number]): void {
    const focused = document.activeElement === textarea;
    const { selectionStart, selectionEnd, selectionDirection, scrollTop } = textarea;
    shown = text.toJSON();
    if (textarea.value !== shown) textarea.value = shown;
    if (focused) {
      const [start, end] = place(selectionStart, selectionEnd);
      textarea.setSelectionRange(start, end, selectionDirection ?? undefined);
    }
    textarea.scrollTop = scrollTop;
  }

  function apply(change: TextChange): void {
    text.doc?.transact(() => {
      if (change.remove > 0) text.delete(change.index, change.remove);
      if (change.insert.length > 0) text.insert(change.index, change.insert);
    }, LOCAL);
  }

  function pushLocal(): void {
    const change = diffText(shown, textarea.value, textarea.selectionEnd);
    if (heldBack.length === 0) {
      if (change) apply(change);
      shown = text.toJSON();
      if (shown !== textarea.value) render((start, end) => [start, end]);
      return;
    }
    // Remote changes arrived during the composition: move the local change past them, then show everything.
    const rebased = change ? rebaseChange(change, heldBack) : null;
    const deltas = heldBack;
    heldBack = [];
    if (rebased) apply(rebased);
    render((start, end) => {
      if (rebased) {
        const caret = rebased.index + rebased.insert.length;
        return [caret, caret];
      }
      let [from, to] = [start, end];
      for (const delta of deltas) [from, to] = [transformPosition(delta, from), transformPosition(delta, to)];
      return [from, to];
    });
  }

  const observer = (event: Y.YTextEvent, transaction: Y.Transaction) => {
    if (transaction.origin === LOCAL) return;
    const delta = event.delta as TextDelta;
    if (composing) {
      heldBack.push(delta);
      return;
    }
    render((start, end) => [transformPosition(delta, start), transformPosition(delta, end)]);
  };
  const onInput = (event: Event) => {
    if (composing || (event instanceof InputEvent && event.isComposing)) return;
    pushLocal();
  };
  const onCompositionStart = () => {
    composing = true;
  };
  const onCompositionEnd = () => {
    composing = false;
    pushLocal();
  };

  text.observe(observer);
  textarea.addEventListener('input', onInput);
  textarea.addEventListener('compositionstart', onCompositionStart);
  textarea.addEventListener('compositionend', onCompositionEnd);
  return () => {
    text.unobserve(observer);
    textarea.removeEventListener('input', onInput);
    textarea.removeEventListener('compositionstart', onCompositionStart);
    textarea.removeEventListener('compositionend', onCompositionEnd);
  };
}
