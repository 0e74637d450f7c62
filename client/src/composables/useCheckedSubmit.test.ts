import { describe, expect, it, vi } from 'vitest';
import { effectScope, reactive } from 'vue';
import { ApiError } from '../api/http';
import { useCheckedSubmit, type Problems } from './useCheckedSubmit';

/**
 * A stand-in for the rendered form (the unit tests run without a DOM): its inputs by `data-field`, and the status
 * region; it records which of them got the focus.
 */
function fakeForm(inputs: readonly string[]) {
  const focused: string[] = [];
  const element = (name: string) => ({ dataset: { field: name }, focus: () => focused.push(name) });
  const form = {
    querySelector(selector: string) {
      if (selector === '[data-form-status]') return element('status');
      const input = /^\[data-field="(.+)"\]$/.exec(selector)?.[1];
      return input !== undefined && inputs.includes(input) ? element(input) : null;
    },
    querySelectorAll: (selector: string) => (selector === '[data-field]' ? inputs.map(element) : []),
  };
  return { form: form as unknown as HTMLFormElement, focused };
}

type Field = 'name' | 'date' | 'form';

/** A form with a name and a date, both required; "form" is a problem of the form as a whole. */
function setup(options: { inputs?: Partial<Record<Field, string>>; send?: () => Promise<void> } = {}) {
  const draft = reactive({ name: '', date: '', same: false });
  const send = vi.fn(options.send ?? (async () => undefined));
  const check = (): Problems<Field> => ({
    name: draft.name ? undefined : 'name.required',
    date: draft.date ? undefined : 'date.required',
    form: draft.same ? 'form.unchanged' : undefined,
  });
  const scope = effectScope();
  const form = scope.run(() =>
    useCheckedSubmit({ check, order: ['name', 'date', 'form'], send, inputs: options.inputs }),
  )!;
  const dom = fakeForm(Object.values({ name: 'name', date: 'date', ...options.inputs }));
  form.formRef.value = dom.form;
  return { draft, send, form, focused: dom.focused, stop: () => scope.stop() };
}

describe('useCheckedSubmit', () => {
  it('shows no problems before the first attempt, then those the check finds, as they are fixed', async () => {
    const { draft, form, stop } = setup();
    expect(form.problems.value).toEqual({});
    expect(form.marked('name')).toBe(false);

    await form.submit();
    expect(form.attempted.value).toBe(true);
    expect(form.problems.value).toMatchObject({ name: 'name.required', date: 'date.required' });
    expect(form.marked('name')).toBe(true);

    draft.name = 'Kees';
    expect(form.problems.value.name).toBeUndefined();
    expect(form.marked('name')).toBe(false);
    expect(form.marked('date')).toBe(true);
    stop();
  });

  it('sends nothing while there is a problem, and focuses the first field with one, in form order', async () => {
    const { draft, send, form, focused, stop } = setup();
    expect(await form.submit()).toBe(false);
    expect(focused).toEqual(['name']);

    draft.name = 'Kees';
    expect(await form.submit()).toBe(false);
    expect(focused).toEqual(['name', 'date']);
    expect(send).not.toHaveBeenCalled();
    stop();
  });

  it("focuses the field's own input where its name differs, and the status for the form as a whole", async () => {
    const { draft, form, focused, stop } = setup({ inputs: { name: 'subject.name' } });
    await form.submit();
    expect(focused).toEqual(['subject.name']);

    draft.name = 'Kees';
    draft.date = '2026-01-15';
    draft.same = true;
    await form.submit();
    expect(focused).toEqual(['subject.name', 'status']);
    stop();
  });

  it('sends once the check is satisfied, busy meanwhile, and says it succeeded', async () => {
    let finish: () => void = () => undefined;
    const { draft, send, form, stop } = setup({
      send: () => new Promise<void>((resolve) => (finish = resolve)),
    });
    draft.name = 'Kees';
    draft.date = '2026-01-15';
    const sent = form.submit();
    expect(form.busy.value).toBe(true);
    // A second submit while the first is under way sends nothing.
    expect(await form.submit()).toBe(false);
    finish();
    expect(await sent).toBe(true);
    expect(send).toHaveBeenCalledTimes(1);
    expect(form.busy.value).toBe(false);
    expect(form.error.value).toBeNull();
    stop();
  });

  it("keeps the server's refusal, marks the field it names and focuses its input", async () => {
    const refusal = new ApiError({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: 'body/subject/name must be shorter',
      field: 'body.subject.name',
    });
    const { draft, form, focused, stop } = setup({
      inputs: { name: 'subject.name' },
      send: () => Promise.reject(refusal),
    });
    draft.name = 'Kees';
    draft.date = '2026-01-15';
    expect(await form.submit()).toBe(false);
    expect(form.error.value).toBe(refusal);
    expect(form.marked('name')).toBe(true);
    expect(form.marked('date')).toBe(false);
    expect(focused).toEqual(['subject.name']);
    stop();
  });

  it('starts afresh on reset: no problems shown, no error', async () => {
    const { draft, form, stop } = setup({ send: () => Promise.reject(new Error('down')) });
    await form.submit();
    expect(form.problems.value.name).toBe('name.required');
    draft.name = 'Kees';
    draft.date = '2026-01-15';
    await form.submit();
    expect(form.error.value).toBeInstanceOf(Error);
    draft.name = '';
    form.reset();
    expect(form.attempted.value).toBe(false);
    expect(form.problems.value).toEqual({});
    expect(form.error.value).toBeNull();
    stop();
  });
});
