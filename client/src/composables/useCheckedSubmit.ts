import { computed, getCurrentInstance, nextTick, onMounted, ref } from 'vue';
import { useSubmit } from './useSubmit';

/** What a form's own check found: per field, the message key of what is wrong with it (nothing: no problem). */
export type Problems<F extends string> = Partial<Record<F, string | undefined>>;

export interface CheckedSubmitOptions<F extends string> {
  /** The form's own check of what was entered, run on every submit (and shown once the user tried to send). */
  check: () => Problems<F>;
  /** The fields in the order they stand in the form: the first one with a problem gets the focus. */
  order: readonly F[];
  /** Sends the form once the check finds nothing. An error is kept for display (useSubmit), never thrown. */
  send: () => Promise<void>;
  /** The input (its `data-field`, the server's name for it) of a field, where that differs from the field. */
  inputs?: Partial<Record<F, string>>;
  /** The input (its `data-field`) that gets the focus when the form appears. */
  autofocus?: string;
}

/**
 * A form that checks what was entered before it sends it: on submit the check runs; when it finds a problem,
 * the input of the first field with one gets the focus (or else the form's status region, for a problem of the
 * form as a whole) and nothing is sent; otherwise the form is sent through useSubmit (busy, error, the field the
 * server blamed). Problems show from the first attempt on, and disappear as they are fixed.
 */
export function useCheckedSubmit<F extends string>(options: CheckedSubmitOptions<F>) {
  const submission = useSubmit();
  const { formRef, invalid } = submission;
  /** The user tried to send: from then on, problems are shown. */
  const attempted = ref(false);
  const problems = computed<Problems<F>>(() => (attempted.value ? options.check() : {}));
  const inputOf = (field: F): string => options.inputs?.[field] ?? field;

  /** The field has a problem: found by the check, or named by the server's refusal. */
  function marked(field: F): boolean {
    return problems.value[field] !== undefined || invalid(inputOf(field));
  }

  /** Moves the focus to an input (by its `data-field`), or to the form's status region when there is none. */
  async function focusInput(input: string): Promise<void> {
    await nextTick();
    const form = formRef.value;
    const target =
      form?.querySelector<HTMLElement>(`[data-field="${input}"]`) ??
      form?.querySelector<HTMLElement>('[data-form-status]');
    target?.focus();
  }

  /** Checks and, without problems, sends; true when the form was sent and the server accepted it. */
  async function submit(): Promise<boolean> {
    attempted.value = true;
    const found = options.check();
    const first = options.order.find((field) => found[field] !== undefined);
    if (first !== undefined) {
      await focusInput(inputOf(first));
      return false;
    }
    return submission.run(options.send);
  }

  /** Back to a fresh form: no problems shown, no error. */
  function reset(): void {
    attempted.value = false;
    submission.clearError();
  }

  const autofocus = options.autofocus;
  if (autofocus !== undefined && getCurrentInstance())
    onMounted(() => formRef.value?.querySelector<HTMLElement>(`[data-field="${autofocus}"]`)?.focus());

  return { ...submission, attempted, problems, marked, submit, reset, focusInput };
}
