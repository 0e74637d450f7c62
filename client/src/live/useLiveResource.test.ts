import { describe, expect, it } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import { useLiveResource } from './useLiveResource';

/** A load whose answers the test hands out one by one, in any order. */
function loads<T>() {
  const waiting: { resolve: (value: T) => void; reject: (error: unknown) => void }[] = [];
  const load = () => new Promise<T>((resolve, reject) => waiting.push({ resolve, reject }));
  return { load, waiting };
}

const settle = async () => {
  for (let i = 0; i < 3; i++) await nextTick();
};

describe('useLiveResource', () => {
  it('loads at once, and again when the key changes (also from null to the first key)', async () => {
    const { load, waiting } = loads<string>();
    const key = ref<string | null>(null);
    const scope = effectScope();
    const resource = scope.run(() => useLiveResource(load, key))!;
    expect(waiting).toHaveLength(1);
    waiting[0]!.resolve('first');
    await settle();
    expect(resource.data.value).toBe('first');
    expect(resource.loading.value).toBe(false);

    key.value = 'a';
    await settle();
    expect(waiting).toHaveLength(2);
    key.value = 'a';
    await settle();
    expect(waiting).toHaveLength(2);
    key.value = null;
    await settle();
    expect(waiting).toHaveLength(2);
    scope.stop();
  });

  it('keeps what it had when a reload fails, and says so', async () => {
    const { load, waiting } = loads<string>();
    const key = ref<string | null>('a');
    const scope = effectScope();
    const resource = scope.run(() => useLiveResource(load, key))!;
    waiting[0]!.resolve('policy');
    await settle();
    key.value = 'b';
    await settle();
    waiting[1]!.reject(new Error('offline'));
    await settle();
    expect(resource.data.value).toBe('policy');
    expect(resource.error.value).toBeInstanceOf(Error);
    void resource.reload();
    waiting[2]!.resolve('again');
    await settle();
    expect(resource.data.value).toBe('again');
    expect(resource.error.value).toBeNull();
    scope.stop();
  });

  it('never lets a stale answer overwrite a newer one', async () => {
    const { load, waiting } = loads<string>();
    const key = ref<string | null>('a');
    const scope = effectScope();
    const resource = scope.run(() => useLiveResource(load, key))!;
    key.value = 'b';
    await settle();
    waiting[1]!.resolve('new');
    await settle();
    waiting[0]!.resolve('old');
    await settle();
    expect(resource.data.value).toBe('new');
    scope.stop();
  });
});
