import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { DatabaseHandle } from '../../db/client';
import { createTestDatabase } from '../../db/testing';
import { DocKeys } from './doc-keys';
import { DocRegistry } from './registry';
import { YjsStore } from './store';
import { eq } from 'drizzle-orm';
import { yjsSetAside, yjsSnapshots, yjsUpdates } from '../../db/schema/index';
import { LIVE_LIMITS } from '../../shared/index';
import { throwingUpdate } from '../testing/yjs-frames';
import { meetingFixture } from '../testing/meeting-fixture';
import { seedDemo } from '../demo/seed';

// A real meeting and its items: an item's documents are stored sealed with its file's key (doc-keys.ts).
let M = '';
let I = '';
let J = '';
let K = '';
let L = '';
let NOTES = '';

/** The updates of `count` keystrokes, each its own transaction building on the one before. */
function keystrokes(doc: Y.Doc, count: number, from = 0): Uint8Array[] {
  const updates: Uint8Array[] = [];
  const listener = (update: Uint8Array) => updates.push(update);
  doc.on('update', listener);
  for (let i = from; i < from + count; i++)
    doc.getText('notes').insert(doc.getText('notes').length, `k${i};`);
  doc.off('update', listener);
  return updates;
}

describe('DocRegistry', () => {
  let handle: DatabaseHandle;
  let store: YjsStore;
  beforeAll(async () => {
    handle = await createTestDatabase();
    await seedDemo(handle.db, 'registry-test-password', { withCases: false });
    const fixture = meetingFixture(handle.db);
    const files = [];
    for (const name of ['Registry-I', 'Registry-J', 'Registry-K', 'Registry-L'])
      files.push(await fixture.newWeighingFile(name));
    const { meetingId, itemIds } = await fixture.meeting('weighing', files);
    M = meetingId;
    [I, J, K, L] = itemIds as [string, string, string, string];
    NOTES = `meeting/${M}/item/${I}/notes`;
    store = new YjsStore(handle.db);
  });
  afterAll(async () => {
    await handle.close();
  });

  it('loads a document once for all its peers, and unloads it when idle', async () => {
    const source = new Y.Doc();
    source.getText('notes').insert(0, 'stored');
    await store.append(NOTES, Y.encodeStateAsUpdate(source));

    const registry = new DocRegistry(
      store,
      (error) => {
        throw error;
      },
      50,
    );
    const [a, b] = await Promise.all([registry.open(NOTES), registry.open(NOTES)]);
    expect(a).toBe(b);
    expect(a.doc.getText('notes').toJSON()).toBe('stored');
    const peer = { membershipId: 'm', send: () => undefined, close: () => undefined };
    a.peers.add(peer);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(registry.size).toBe(1);
    const fromMemory = vi.spyOn(store, 'compactFrom');
    registry.detach(a, peer);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(registry.size).toBe(0);
    // Unloading compacted the log into a snapshot, taken from the document as it left memory (no rebuild).
    expect(fromMemory).toHaveBeenCalledTimes(1);
    fromMemory.mockRestore();
    expect(await handle.db.select().from(yjsUpdates).where(eq(yjsUpdates.docName, NOTES))).toEqual([]);
    expect(await handle.db.select().from(yjsSnapshots).where(eq(yjsSnapshots.docName, NOTES))).toHaveLength(
      1,
    );
    // The next open loads the same content.
    const again = await registry.open(NOTES);
    expect(again).not.toBe(a);
    expect(again.doc.getText('notes').toJSON()).toBe('stored');
    await registry.closeAll();
  });

  it('discards the documents under a prefix at once, closing their peers, and keeps the others', async () => {
    const registry = new DocRegistry(store, (error) => {
      throw error;
    });
    const gone = await registry.open(`meeting/${M}/item/${I}/analysis`);
    const kept = await registry.open(`meeting/${M}/item/${J}/analysis`);
    const closed: number[] = [];
    gone.peers.add({ membershipId: 'm', send: () => undefined, close: (code) => void closed.push(code) });
    expect(await registry.discard([`meeting/${M}/item/${I}/`])).toBe(1);
    expect(closed).toEqual([4403]);
    expect(registry.holds(`meeting/${M}/item/${I}/analysis`)).toBe(false);
    expect(registry.holds(`meeting/${M}/item/${J}/analysis`)).toBe(true);
    expect(kept.peers.size).toBe(0);
    await registry.closeAll();
  });

  it('opens a document whose log holds an update that throws: that one is set aside, the rest applies', async () => {
    const name = `meeting/${M}/item/${J}/notes`;
    const told: { name: string; count: number; reason: string }[] = [];
    const watched = new YjsStore(handle.db, undefined, (docName, count, reason) =>
      told.push({ name: docName, count, reason }),
    );
    const first = new Y.Doc();
    first.clientID = 5;
    first.getText('notes').insert(0, 'voor ');
    await watched.append(name, Y.encodeStateAsUpdate(first));
    // Stored before the update gate existed, say: an origin at a later clock of its own client makes Yjs throw.
    const bogus = throwingUpdate(9);
    expect(() => Y.applyUpdate(new Y.Doc(), bogus)).toThrow();
    await watched.append(name, bogus);
    const second = new Y.Doc();
    second.clientID = 6;
    Y.applyUpdate(second, Y.encodeStateAsUpdate(first));
    second.getText('notes').insert(5, 'na');
    await watched.append(name, Y.encodeStateAsUpdate(second, Y.encodeStateVector(first)));

    const registry = new DocRegistry(watched, (error) => {
      throw error;
    });
    const live = await registry.open(name);
    expect(live.doc.getText('notes').toJSON()).toBe('voor na');
    expect(told).toEqual([{ name, count: 1, reason: 'TypeError' }]);
    const aside = await handle.db.select().from(yjsSetAside).where(eq(yjsSetAside.docName, name));
    // Kept sealed with the file's key, like the log it came from; opened, it is the update that was stored.
    const keys = new DocKeys(handle.db);
    const opened = await Promise.all(
      aside.map((row) => keys.open(name, { fileId: row.fileId, bytes: row.update })),
    );
    expect(aside.map((row, i) => [row.source, Buffer.from(opened[i]!).equals(Buffer.from(bogus))])).toEqual([
      ['log', true],
    ]);
    expect(
      aside.map((row) => [row.fileId !== null, Buffer.from(row.update).includes(Buffer.from(bogus))]),
    ).toEqual([[true, false]]);
    // The log no longer holds it: the next load and a compaction see only what applies.
    expect((await watched.load(name)).entries).toHaveLength(2);
    await watched.compact(name);
    const reloaded = await watched.loadDocument(name);
    expect(reloaded?.doc.getText('notes').toJSON()).toBe('voor na');
    expect(told).toHaveLength(1);
    await registry.closeAll();
  });

  it('writes a batch that builds on itself as one stored row, applied and sent to the other peers only', async () => {
    const name = `meeting/${M}/item/${L}/notes`;
    const registry = new DocRegistry(store, (error) => {
      throw error;
    });
    const live = await registry.open(name);
    const sent: Uint8Array[] = [];
    const echoed: Uint8Array[] = [];
    const writer = {
      membershipId: 'w',
      send: (message: Uint8Array) => void echoed.push(message),
      close: () => undefined,
    };
    live.peers.add(writer);
    live.peers.add({ membershipId: 'r', send: (message) => void sent.push(message), close: () => undefined });
    const outcome = await registry.write(live, keystrokes(new Y.Doc(), 5), writer);
    expect(outcome).toEqual({ written: 5, stored: true, stop: null });
    expect(live.doc.getText('notes').toJSON()).toBe('k0;k1;k2;k3;k4;');
    expect(sent).toHaveLength(1);
    expect(echoed).toHaveLength(0);
    const rows = await handle.db.select().from(yjsUpdates).where(eq(yjsUpdates.docName, name));
    expect(rows).toHaveLength(1);
    // read: the stored document, a Y.Doc of its own.
    const read = await registry.read(name);
    expect(read?.getText('notes').toJSON()).toBe('k0;k1;k2;k3;k4;');
    expect(read).not.toBe(live.doc);
    read?.destroy();
    await registry.closeAll();
  });

  it('counts stored rows in one place and compacts when the log has grown long enough', async () => {
    const name = `meeting/${M}/item/${K}/notes`;
    const registry = new DocRegistry(store, (error) => {
      throw error;
    });
    const live = await registry.open(name);
    const writer = { membershipId: 'w', send: () => undefined, close: () => undefined };
    live.peers.add(writer);
    const fromMemory = vi.spyOn(store, 'compactFrom');
    const rebuilt = vi.spyOn(store, 'compact');
    const typist = new Y.Doc();
    for (let i = 0; i < LIVE_LIMITS.compactAfterUpdates; i++) {
      const [update] = keystrokes(typist, 1, i);
      await registry.write(live, [update!], writer);
    }
    // The compaction is queued off the write path; wait until it folded the log into a snapshot.
    const start = Date.now();
    for (;;) {
      const snapshots = await handle.db.select().from(yjsSnapshots).where(eq(yjsSnapshots.docName, name));
      if (snapshots.length > 0) break;
      if (Date.now() - start > 20_000) expect.fail('no compaction');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const read = await registry.read(name);
    expect(read?.getText('notes').length).toBe(live.doc.getText('notes').length);
    read?.destroy();
    // The document is held: the snapshot is taken from it, up to the seq it has applied; the log is not rebuilt.
    expect(fromMemory).toHaveBeenCalledTimes(1);
    expect(fromMemory.mock.calls[0]![2]).toBeGreaterThanOrEqual(LIVE_LIMITS.compactAfterUpdates);
    expect(rebuilt).not.toHaveBeenCalled();
    fromMemory.mockRestore();
    rebuilt.mockRestore();
    await registry.closeAll();
  });
});
