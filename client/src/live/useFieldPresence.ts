import { onScopeDispose, shallowRef, watch, type Ref } from 'vue';
import type { Awareness } from 'y-protocols/awareness';
import type { LiveAwarenessState } from '../../../shared/live/content';
import { editorsByField, type FieldEditor } from './awareness';

/** Who edits which field of one live document, and this user's own focus, told to the others. */
export interface FieldPresence {
  /** The other people editing this field now. */
  editorsOf(field: string): readonly FieldEditor[];
  /** The other people editing any field of this document now, by field. */
  editing(): ReadonlyMap<string, readonly FieldEditor[]>;
  /** This user started editing the field (focus). */
  focus(field: string): void;
  /** This user stopped editing the field (blur); ignored when another field has the focus by now. */
  blur(field: string): void;
}

const NOBODY: readonly FieldEditor[] = Object.freeze([]);

/**
 * Field presence over a document's awareness (replaced along with the document when the item changes). The local
 * state is only `{ field }`; the server adds who we are from the session.
 */
export function useFieldPresence(awareness: Readonly<Ref<Awareness | null>>): FieldPresence {
  const editors = shallowRef(new Map<string, FieldEditor[]>());
  let focused: string | null = null;

  function announce(field: string | null): void {
    const state: LiveAwarenessState = { field };
    awareness.value?.setLocalState(state);
  }

  watch(
    awareness,
    (current, _previous, onCleanup) => {
      editors.value = new Map();
      if (!current) return;
      // A new document starts with nothing focused in it, whatever had the focus in the previous one.
      focused = null;
      const update = () => {
        editors.value = editorsByField(current.getStates(), current.clientID);
      };
      current.on('change', update);
      update();
      onCleanup(() => current.off('change', update));
    },
    { immediate: true },
  );

  onScopeDispose(() => {
    editors.value = new Map();
  });

  return {
    editorsOf: (field) => editors.value.get(field) ?? NOBODY,
    editing: () => editors.value,
    focus(field) {
      if (focused === field) return;
      focused = field;
      announce(field);
    },
    blur(field) {
      if (focused !== field) return;
      focused = null;
      announce(null);
    },
  };
}
