import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DatabaseHandle } from '../../db/client';
import { createTestDatabase } from '../../db/testing';
import { DocRegistry } from './registry';
import { YjsStore } from './store';
import { eq } from 'drizzle-orm';
import { yjsSetAside } from '../../db/schema/index';
import { throwingUpdate } from '../testing/yjs-frames';

const M = '11111111-1111-4111-8111-111111111111';
const I = '22222222-2222-4222-8222-222222222222';
const J = '33333333-3333-4333-8333-333333333333';
const NOTES = `meeting/${M}/item/${I}/notes`;

describe('DocRegistry', () => {
  let handle: DatabaseHandle;
  let store: YjsStore;
  beforeAll(async () => {
    handle = await createTestDatabase();
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
    registry.detach(a, peer);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(registry.size).toBe(0);
    // Unloading compacted the log into a snapshot; the next open loads the same content.
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
    expect(aside.map((row) => [row.source, Buffer.from(row.update).equals(Buffer.from(bogus))])).toEqual([
      ['log', true],
    ]);
    // The log no longer holds it: the next load and a compaction see only what applies.
    expect((await watched.load(name)).entries).toHaveLength(2);
    await watched.compact(name);
    const reloaded = await watched.loadDocument(name);
    expect(reloaded?.doc.getText('notes').toJSON()).toBe('voor na');
    expect(told).toHaveLength(1);
    await registry.closeAll();
  });
});
