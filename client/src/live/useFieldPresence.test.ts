import { describe, expect, it } from 'vitest';
import { effectScope, nextTick, shallowRef } from 'vue';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { useFieldPresence } from './useFieldPresence';

/** A remote participant's awareness state arriving as the server relays it (stamped with `user`). */
function receive(awareness: Awareness, field: string | null, name: string): void {
  const remote = new Awareness(new Y.Doc());
  remote.setLocalState({ field, user: { name, organisation: 'Politie', role: 'member' } });
  applyAwarenessUpdate(awareness, encodeAwarenessUpdate(remote, [remote.clientID]), 'server');
  remote.destroy();
}

describe('useFieldPresence', () => {
  it('tells the others which field this user edits, and only that', () => {
    const awareness = new Awareness(new Y.Doc());
    awareness.setLocalState({ field: null });
    const scope = effectScope();
    const presence = scope.run(() => useFieldPresence(shallowRef(awareness)))!;
    presence.focus('criterion/a');
    expect(awareness.getLocalState()).toEqual({ field: 'criterion/a' });
    // Focus moved on before the old field's blur arrived: the old blur changes nothing.
    presence.focus('goal');
    presence.blur('criterion/a');
    expect(awareness.getLocalState()).toEqual({ field: 'goal' });
    presence.blur('goal');
    expect(awareness.getLocalState()).toEqual({ field: null });
    scope.stop();
    awareness.destroy();
  });

  it('lists who else edits a field, as their states arrive and change', async () => {
    const awareness = new Awareness(new Y.Doc());
    awareness.setLocalState({ field: null });
    const scope = effectScope();
    const presence = scope.run(() => useFieldPresence(shallowRef(awareness)))!;
    presence.focus('notes');
    expect(presence.editorsOf('notes')).toEqual([]); // not oneself
    receive(awareness, 'notes', 'Dirk Visser');
    await nextTick();
    expect(presence.editorsOf('notes').map((e) => e.name)).toEqual(['Dirk Visser']);
    expect(presence.editorsOf('analysis')).toEqual([]);
    scope.stop();
    awareness.destroy();
  });

  it('starts afresh when the document (and its awareness) is replaced', async () => {
    const first = new Awareness(new Y.Doc());
    const second = new Awareness(new Y.Doc());
    second.setLocalState({ field: null });
    const current = shallowRef<Awareness | null>(first);
    const scope = effectScope();
    const presence = scope.run(() => useFieldPresence(current))!;
    receive(first, 'notes', 'Dirk Visser');
    await nextTick();
    expect(presence.editorsOf('notes')).toHaveLength(1);
    presence.focus('notes');
    current.value = second;
    await nextTick();
    expect(presence.editorsOf('notes')).toEqual([]);
    // The focus belonged to the old document: focusing the same key again announces it in the new one.
    presence.focus('notes');
    expect(second.getLocalState()).toEqual({ field: 'notes' });
    scope.stop();
    first.destroy();
    second.destroy();
  });
});
