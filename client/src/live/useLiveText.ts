import { onScopeDispose, toValue, watch, type MaybeRefOrGetter, type Ref } from 'vue';
import type * as Y from 'yjs';
import { bindTextarea } from './textarea-binding';

/**
 * Binds a <textarea> (template ref) to a Y.Text of a live document — a top-level text (`doc.getText(name)`) or
 * one inside the document, such as a measure's description — and rebinds when the text is replaced (the
 * document of another agenda item). The textarea is not v-model'd: Yjs is the only source.
 */
export function useLiveText(
  text: MaybeRefOrGetter<Y.Text | null>,
  element: Readonly<Ref<HTMLTextAreaElement | null>>,
) {
  let unbind: (() => void) | null = null;
  watch(
    [() => toValue(text), element],
    ([current, textarea]) => {
      unbind?.();
      unbind = null;
      if (textarea && !current) textarea.value = '';
      if (current && textarea) unbind = bindTextarea(current, textarea);
    },
    { immediate: true, flush: 'post' },
  );
  onScopeDispose(() => unbind?.());
}
