import { nextTick, ref, type Ref } from 'vue';

/**
 * The one form open on a card in a register (or none). Once it is gone (done or cancelled) the focus returns to
 * the card's heading (bind `heading` to it), where the reader continues at the item, whose facts say what
 * changed. `done` passes the updated item on (to the card's `updated` event) and closes the form.
 */
export function useCardForm<F extends string, T>(updated: (item: T) => void) {
  const form = ref(null) as Ref<F | null>;
  const heading = ref<{ focus: () => void } | null>(null);

  async function close(): Promise<void> {
    form.value = null;
    await nextTick();
    heading.value?.focus();
  }

  async function done(item: T): Promise<void> {
    updated(item);
    await close();
  }

  return { form, heading, close, done };
}
