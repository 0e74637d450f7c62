import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import type { DatabaseHandle } from '../../db/client';
import { createTestDatabase } from '../../db/testing';
import { meetings, yjsSnapshots, yjsUpdates } from '../../db/schema/index';
import { docName } from '../../shared/index';
import { newWeighingItem, startTestServer, type TestServer } from '../testing/harness';
import { deleteDocuments } from '../services/live-documents';
import { FencedWriteError, YjsStore } from './store';

const contains = (bytes: Uint8Array, text: string) => Buffer.from(bytes).includes(Buffer.from(text, 'utf8'));

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

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

  /** A client's edits, stored one by one and applied to the server's document (garbage-collecting, as loaded). */
  async function written(name: string, edit: (text: Y.Text) => void, server: Y.Doc, client: Y.Doc) {
    const updates = editsOf(client);
    edit(client.getText('analysis'));
    let seq = 0;
    for (const update of updates) {
      seq = await store.append(name, update);
      Y.applyUpdate(server, update);
    }
    return seq;
  }
  const logOf = async (name: string) =>
    (await handle.db.select().from(yjsUpdates).where(eq(yjsUpdates.docName, name))).map((row) => row.seq);

  it('folds the log up to the seq the document has applied, without the deleted content, and keeps what came after', async () => {
    const [server, client] = [new Y.Doc({ gc: true }), new Y.Doc()];
    const upto = await written(
      'mem-a',
      (text) => {
        text.insert(0, 'kept; ');
        text.insert(6, 'DELETED-CANARY-78');
        text.delete(6, 'DELETED-CANARY-78'.length);
      },
      server,
      client,
    );
    const state = Y.encodeStateAsUpdate(server);
    // Committed after the state was taken: stays in the log.
    const later = await written('mem-a', (text) => text.insert(text.length, 'later'), server, client);
    expect(await store.compactFrom('mem-a', state, upto)).toBe(true);

    expect(await logOf('mem-a')).toEqual([later]);
    const [snapshot] = await handle.db.select().from(yjsSnapshots).where(eq(yjsSnapshots.docName, 'mem-a'));
    expect(snapshot).toMatchObject({ uptoSeq: upto });
    expect(contains(snapshot!.state, 'DELETED-CANARY-78')).toBe(false);
    expect(contains(snapshot!.state, 'kept; ')).toBe(true);
    const loaded = await store.loadDocument('mem-a');
    expect(loaded?.doc.getText('analysis').toJSON()).toBe('kept; later');
    expect(loaded?.seq).toBe(later);

    // Already covered, or nothing in the log up to that seq: nothing is written.
    expect(await store.compactFrom('mem-a', state, upto)).toBe(false);
    expect(await store.compactFrom('never-written', new Uint8Array([0, 0]), 5)).toBe(false);
    expect(
      await handle.db.select().from(yjsSnapshots).where(eq(yjsSnapshots.docName, 'never-written')),
    ).toEqual([]);
  });

  /** A document with 60 stored edits and the state of its server-side copy, as the registry would hold it. */
  async function storedDocument(name: string) {
    const [server, client] = [new Y.Doc({ gc: true }), new Y.Doc()];
    let upto = 0;
    for (let i = 0; i < 60; i++)
      upto = await written(name, (text) => text.insert(text.length, `${i},`), server, client);
    return { state: Y.encodeStateAsUpdate(server), upto, client };
  }

  // Rounds, because the interleaving differs each time: on PostgreSQL two compactions that deleted the same rows in
  // different orders (one by seq, one by id) deadlocked in about one run in three.
  it('loses nothing and never deadlocks when compactions from memory race each other, a rebuild and appends', async () => {
    for (let round = 0; round < 6; round++) {
      const name = `mem-b${round}`;
      const { state, upto, client } = await storedDocument(name);
      const updates = editsOf(client);
      for (let i = 60; i < 120; i++)
        client.getText('analysis').insert(client.getText('analysis').length, `${i},`);
      const results = await Promise.all([
        store.compactFrom(name, state, upto),
        store.compactFrom(name, state, upto),
        store.compact(name),
        ...updates.map((update) => store.append(name, update)),
      ]);
      // At most one compaction from memory wrote: the other found the snapshot changed, or already covering.
      expect(results.slice(0, 2).filter((wrote) => wrote === true).length).toBeLessThanOrEqual(1);
      const loaded = await store.loadDocument(name);
      expect(loaded?.doc.getText('analysis').toJSON()).toBe(client.getText('analysis').toJSON());
    }
  });

  // Art. 13: a destroyed file's documents are gone for good; no compaction running at that moment may write them back.
  it('leaves nothing of a document destroyed while both kinds of compaction run on it', async () => {
    for (let round = 0; round < 6; round++) {
      const name = `destroyed-${round}/analysis`;
      const { state, upto } = await storedDocument(name);
      await Promise.all([
        store.compactFrom(name, state, upto),
        store.compact(name),
        handle.db.transaction((tx) => deleteDocuments(tx, `destroyed-${round}/`)),
      ]);
      expect(await logOf(name)).toEqual([]);
      expect(await handle.db.select().from(yjsSnapshots).where(eq(yjsSnapshots.docName, name))).toEqual([]);
      expect(await store.loadDocument(name)).toBeNull();
    }
  });
});

describe('YjsStore: the order of a document and the fence in the write', () => {
  let handle: DatabaseHandle;
  let store: YjsStore;
  beforeAll(async () => {
    handle = await createTestDatabase();
    store = new YjsStore(handle.db, undefined, undefined, { lanes: 4 });
  });
  afterAll(async () => {
    await handle.close();
  });

  it('numbers each document 1, 2, 3… in commit order, also in batches that mix documents', async () => {
    const docs = ['seq-a', 'seq-b'].map(() => new Y.Doc());
    const updates = docs.map(editsOf);
    for (let i = 0; i < 30; i++) for (const doc of docs) doc.getText('t').insert(0, `${i};`);
    const seqs = await Promise.all(
      updates[0]!.flatMap((update, i) => [
        store.append('seq-a', update),
        store.append('seq-b', updates[1]![i]!),
      ]),
    );
    expect(seqs.filter((_, i) => i % 2 === 0)).toEqual([...Array(30).keys()].map((i) => i + 1));
    expect(seqs.filter((_, i) => i % 2 === 1)).toEqual([...Array(30).keys()].map((i) => i + 1));
    expect((await store.heads(['seq-a', 'seq-b', 'none'])).get('seq-a')).toBe(30);
  });

  /** A transaction elsewhere that holds a document's head row (its writers wait) until released. */
  async function holdHead(name: string): Promise<{ release: () => Promise<void> }> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = handle.db.transaction(async (tx) => {
      await tx.execute(sql`select seq from live.yjs_heads where doc_name = ${name} for update`);
      locked();
      await released;
    });
    await isLocked;
    return {
      release: async () => {
        release();
        await holder;
      },
    };
  }

  // PostgreSQL only: PGlite has one connection, so a transaction holding a row blocks every other statement.
  it.skipIf(!process.env.DATABASE_URL)(
    'commits a document while the commit of another one is held up, and keeps the order of the held one',
    async () => {
      const doc = new Y.Doc();
      const updates = editsOf(doc);
      for (let i = 0; i < 4; i++) doc.getText('t').insert(0, `${i};`);
      expect(await store.append('lane-held', updates[0]!)).toBe(1);
      // Another writer (as on another instance) holds the document's head row until released.
      const holder = await holdHead('lane-held');
      const held = [store.append('lane-held', updates[1]!), store.append('lane-held', updates[2]!)];
      // Their commit is in flight once it waits for the row (appends of one turn share a statement).
      const waiting = async () =>
        rowsOf<{ n: number }>(
          await handle.db.execute(sql`select count(*)::int as n from pg_locks where not granted`),
        )[0]!.n;
      while ((await waiting()) === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      // With one queue for all documents this waits for the held commit, and the test times out.
      expect(await store.append('lane-free', updates[3]!)).toBe(1);
      await holder.release();
      expect(await Promise.all(held)).toEqual([2, 3]);
    },
  );

  it.skipIf(!process.env.DATABASE_URL)(
    'drains what was appended before the drain, not what another document appends after it',
    async () => {
      const doc = new Y.Doc();
      const updates = editsOf(doc);
      for (let i = 0; i < 3; i++) doc.getText('t').insert(0, `${i};`);
      expect(await store.append('drain-late', updates[0]!)).toBe(1);
      const holder = await holdHead('drain-late');
      const before = store.append('drain-before', updates[1]!);
      const drained = store.drain();
      const after = store.append('drain-late', updates[2]!);
      // The fence of one meeting waits for its own writes; with "until the store is idle" this waits for the held one.
      await drained;
      expect(await before).toBe(1);
      await holder.release();
      expect(await after).toBe(2);
    },
  );

  it('gives what came after a seq, from the snapshot when the log was compacted past it', async () => {
    const doc = new Y.Doc();
    const updates = editsOf(doc);
    for (let i = 0; i < 5; i++) doc.getText('t').insert(0, `${i};`);
    for (const update of updates.splice(0)) await store.append('since', update);
    const after = await store.since('since', 3);
    expect(after.seq).toBe(5);
    expect(after.updates).toHaveLength(2);

    await store.compact('since');
    doc.getText('t').insert(0, 'later;');
    expect(await store.append('since', updates[0]!)).toBe(6);
    const replayed = new Y.Doc();
    const caught = await store.since('since', 3);
    for (const update of caught.updates) Y.applyUpdate(replayed, update);
    // The snapshot (seqs 1-5) and the log after it: a document that was at seq 3 gets everything it missed.
    expect(caught.seq).toBe(6);
    expect(replayed.getText('t').toJSON()).toBe(doc.getText('t').toJSON());
    expect((await store.since('since', 6)).updates).toHaveLength(0);
  });
});

describe('YjsStore with the fence in the database', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses the updates of a meeting that accepts no edits, and commits the rest of the batch', async () => {
    const store = new YjsStore(server.database.db, undefined, undefined, { fenceInDatabase: true });
    const fenced = await newWeighingItem(server, 'Store-Hek');
    const open = await newWeighingItem(server, 'Store-Open');
    const names = [fenced, open].map(({ meetingId, itemId }) =>
      docName({ meetingId, itemId, compartment: 'notes' }),
    );
    const doc = new Y.Doc();
    const updates = editsOf(doc);
    doc.getText('notes').insert(0, 'een');
    doc.getText('notes').insert(0, 'twee');
    expect(await store.append(names[0]!, updates[0]!)).toBe(1);

    await server.database.db
      .update(meetings)
      .set({ state: 'closing' })
      .where(eq(meetings.id, fenced.meetingId));
    const [refused, taken] = await Promise.allSettled([
      store.append(names[0]!, updates[1]!),
      store.append(names[1]!, updates[1]!),
    ]);
    expect(refused).toMatchObject({ status: 'rejected', reason: expect.any(FencedWriteError) });
    expect(taken).toMatchObject({ status: 'fulfilled', value: 1 });
    expect((await store.load(names[0]!)).updates).toHaveLength(1);
    // Without the option (one instance), the fence is the closing of the connections, as before.
    expect(await new YjsStore(server.database.db).append(names[0]!, updates[1]!)).toBe(2);
  });
});
