import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DatabaseHandle } from '../../db/client';
import { createTestDatabase } from '../../db/testing';
import { DocRegistry } from './registry';
import { YjsStore } from './store';

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
    source.getText('t').insert(0, 'stored');
    await store.append('doc', Y.encodeStateAsUpdate(source));

    const registry = new DocRegistry(
      store,
      (error) => {
        throw error;
      },
      50,
    );
    const [a, b] = await Promise.all([registry.open('doc'), registry.open('doc')]);
    expect(a).toBe(b);
    expect(a.doc.getText('t').toJSON()).toBe('stored');
    const peer = { membershipId: 'm', send: () => undefined, close: () => undefined };
    a.peers.add(peer);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(registry.size).toBe(1);
    registry.detach(a, peer);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(registry.size).toBe(0);
    // Unloading compacted the log into a snapshot; the next open loads the same content.
    const again = await registry.open('doc');
    expect(again).not.toBe(a);
    expect(again.doc.getText('t').toJSON()).toBe('stored');
    await registry.closeAll();
  });

  it('discards the documents under a prefix at once, closing their peers, and keeps the others', async () => {
    const registry = new DocRegistry(store, (error) => {
      throw error;
    });
    const gone = await registry.open('meeting/m/item/i/analysis');
    const kept = await registry.open('meeting/m/item/j/analysis');
    const closed: number[] = [];
    gone.peers.add({ membershipId: 'm', send: () => undefined, close: (code) => void closed.push(code) });
    expect(await registry.discard(['meeting/m/item/i/'])).toBe(1);
    expect(closed).toEqual([4403]);
    expect(registry.holds('meeting/m/item/i/analysis')).toBe(false);
    expect(registry.holds('meeting/m/item/j/analysis')).toBe(true);
    expect(kept.peers.size).toBe(0);
    await registry.closeAll();
  });
});
