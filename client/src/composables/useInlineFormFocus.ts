import { nextTick, ref, watch } from 'vue';

/**
 * An inline form that opens from a button and closes back into it: when it opens, `onOpen` prepares it (and moves
 * the focus into it); when the user closed it (cancel or done), the focus returns to the button, which is there
 * again once the form is gone, so a keyboard user is back where they started.
 */
export function useInlineFormFocus(isOpen: () => boolean, onOpen: () => Promise<void>) {
  const button = ref<HTMLButtonElement | null>(null);
  let returnFocus = false;
  watch(isOpen, async (open) => {
    if (open) await onOpen();
    else if (returnFocus) {
      returnFocus = false;
      await nextTick();
      button.value?.focus();
    }
  });
  /** Call as the form closes by the user's doing: the focus goes back to the button. */
  const returnFocusOnClose = () => {
    returnFocus = true;
  };
  return { button, returnFocusOnClose };
}
