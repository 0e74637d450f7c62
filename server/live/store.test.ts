import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import type { DatabaseHandle } from '../../db/client';
import { createTestDatabase } from '../../db/testing';
import { yjsSnapshots, yjsUpdates } from '../../db/schema/index';
import { YjsStore } from './store';

const contains = (bytes: Uint8Array, text: string) => Buffer.from(bytes).includes(Buffer.from(text, 'utf8'));

function editsOf(doc: Y.Doc): Uint8Array[] {
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return updates;
}

describe('YjsStore', () => {
  let handle: DatabaseHandle;
  let store: YjsStore;
  beforeAll(async () => {
    handle = await createTestDatabase();
    store = new YjsStore(handle.db);
  });
  afterAll(async () => {
    await handle.close();
  });

  it('commits concurrent appends (grouped) and loads them back into the same state', async () => {
    const doc = new Y.Doc();
    const updates = editsOf(doc);
    const text = doc.getText('analysis');
    for (let i = 0; i < 200; i++) text.insert(text.length, `${i},`);
    await Promise.all(updates.map((update) => store.append('doc-a', update)));
    const rows = await handle.db.select().from(yjsUpdates).where(eq(yjsUpdates.docName, 'doc-a'));
    expect(rows).toHaveLength(200);

    const loaded = new Y.Doc();
    for (const update of (await store.load('doc-a')).updates) Y.applyUpdate(loaded, update);
    expect(loaded.getText('analysis').toJSON()).toBe(text.toJSON());
  });

  it('compacts the log into a snapshot that no longer holds deleted content', async () => {
    const doc = new Y.Doc();
    const updates = editsOf(doc);
    const text = doc.getText('analysis');
    text.insert(0, 'kept; ');
    text.insert(6, 'DELETED-CANARY-77');
    text.delete(6, 'DELETED-CANARY-77'.length);
    text.insert(6, 'also kept');
    for (const update of updates) await store.append('doc-b', update);
    const raw = await handle.db.select().from(yjsUpdates).where(eq(yjsUpdates.docName, 'doc-b'));
    expect(raw.some((row) => contains(row.update, 'DELETED-CANARY-77'))).toBe(true);

    await store.compact('doc-b');
    expect(await handle.db.select().from(yjsUpdates).where(eq(yjsUpdates.docName, 'doc-b'))).toEqual([]);
    const [snapshot] = await handle.db.select().from(yjsSnapshots).where(eq(yjsSnapshots.docName, 'doc-b'));
    expect(contains(snapshot!.state, 'DELETED-CANARY-77')).toBe(false);
    expect(contains(snapshot!.state, 'also kept')).toBe(true);

    // Later edits go to the log again and load on top of the snapshot.
    text.insert(text.length, ' + later');
    await store.append('doc-b', updates[updates.length - 1]!);
    const loaded = new Y.Doc();
    for (const update of (await store.load('doc-b')).updates) Y.applyUpdate(loaded, update);
    expect(loaded.getText('analysis').toJSON()).toBe('kept; also kept + later');
  });

  it('loses nothing when compactions race each other and appends', async () => {
    const doc = new Y.Doc();
    const updates = editsOf(doc);
    const numbers = doc.getArray<number>('numbers');
    for (let i = 0; i < 100; i++) numbers.push([i]);
    await Promise.all(updates.map((update) => store.append('doc-c', update)));
    for (let i = 100; i < 200; i++) numbers.push([i]);
    // Each compaction reads, rebuilds and then writes on condition that the snapshot is still the one it read:
    // the ones that lost the race write nothing, and no row is deleted that is not in the snapshot.
    await Promise.all([
      store.compact('doc-c'),
      store.compact('doc-c'),
      ...updates.slice(100).map((update) => store.append('doc-c', update)),
      store.compact('doc-c'),
    ]);
    const loaded = new Y.Doc();
    for (const update of (await store.load('doc-c')).updates) Y.applyUpdate(loaded, update);
    expect(loaded.getArray('numbers').toJSON()).toEqual(numbers.toJSON());
    await store.compact('doc-c');
    expect(await handle.db.select().from(yjsUpdates).where(eq(yjsUpdates.docName, 'doc-c'))).toEqual([]);
    const compacted = new Y.Doc();
    for (const update of (await store.load('doc-c')).updates) Y.applyUpdate(compacted, update);
    expect(compacted.getArray('numbers').toJSON()).toEqual(numbers.toJSON());
  });
});
