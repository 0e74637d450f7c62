import { onScopeDispose, watch, type Ref } from 'vue';
import type * as Y from 'yjs';
import { bindTextarea } from './textarea-binding';

/**
 * Binds a <textarea> (template ref) to the Y.Text `name` of a live document, and rebinds when the document is
 * replaced (the chair moved to another agenda item). The textarea is not v-model'd: Yjs is the only source.
 */
export function useLiveText(
  doc: Readonly<Ref<Y.Doc | null>>,
  name: string,
  element: Readonly<Ref<HTMLTextAreaElement | null>>,
) {
  let unbind: (() => void) | null = null;
  watch(
    [doc, element],
    ([currentDoc, textarea]) => {
      unbind?.();
      unbind = null;
      if (textarea && !currentDoc) textarea.value = '';
      if (currentDoc && textarea) unbind = bindTextarea(currentDoc.getText(name), textarea);
    },
    { immediate: true, flush: 'post' },
  );
  onScopeDispose(() => unbind?.());
}
