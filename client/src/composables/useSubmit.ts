import { computed, nextTick, ref, shallowRef, type ComponentPublicInstance } from 'vue';
import { ApiError } from '../api/http';
import { fieldMatches, normaliseField } from '../utils/fields';

/**
 * State of one form's submission: busy flag, the error, the field the server blamed. On an error the blamed
 * input (tagged `data-field="…"`) gets the focus, or else the form's status region, so keyboard and
 * screen-reader users land where the problem is.
 */
export function useSubmit() {
  const formRef = ref<HTMLFormElement | null>(null);
  const busy = ref(false);
  const error = shallowRef<unknown>(null);
  /** A function ref for a form rendered by a child component (InlineForm's `form-ref`): keeps it in formRef. */
  function setForm(element: Element | ComponentPublicInstance | null): void {
    formRef.value = element instanceof HTMLFormElement ? element : null;
  }

  const blamedField = computed(() =>
    error.value instanceof ApiError && error.value.field ? normaliseField(error.value.field) : null,
  );

  function invalid(path: string): boolean {
    return fieldMatches(blamedField.value, path);
  }

  async function focusProblem(): Promise<void> {
    await nextTick();
    const form = formRef.value;
    if (!form) return;
    const candidates = Array.from(form.querySelectorAll<HTMLElement>('[data-field]'));
    const target =
      candidates.find((element) => invalid(element.dataset.field ?? '')) ??
      form.querySelector<HTMLElement>('[data-form-status]');
    target?.focus();
  }

  /** Runs the submission; returns true when it succeeded. Errors are kept for display, never rethrown. */
  async function run(action: () => Promise<void>): Promise<boolean> {
    if (busy.value) return false;
    busy.value = true;
    error.value = null;
    try {
      await action();
      return true;
    } catch (caught) {
      error.value = caught;
      await focusProblem();
      return false;
    } finally {
      busy.value = false;
    }
  }

  return { formRef, setForm, busy, error, blamedField, invalid, run, clearError: () => (error.value = null) };
}
