import { and, asc, eq, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Database } from '../../db/client';
import { yjsSetAside, yjsSnapshots, yjsUpdates } from '../../db/schema/index';
import { replay } from './replay';

/** A stored update and where it is kept: the snapshot, or a row of the log. */
export interface StoredUpdate {
  source: { kind: 'snapshot'; uptoId: number } | { kind: 'log'; id: number };
  update: Uint8Array;
}

/** Told when updates of a document were set aside on load (for the audit log). */
export type SetAsideListener = (docName: string, count: number, reason: string) => void;

interface Pending {
  docName: string;
  update: Uint8Array;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * The durable store of the Yjs documents: an append log with snapshots. `append` resolves only once the update
 * is committed; callers broadcast after that (persist before acknowledge). Appends that arrive while a commit is
 * in flight are written together in the next one (group commit), so durability costs one round trip per batch,
 * not per update. The database is the source of truth: any instance can load any document.
 */
export class YjsStore {
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly db: Database,
    private readonly maxBatch = 500,
    private readonly onSetAside: SetAsideListener = () => undefined,
  ) {}

  append(docName: string, update: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ docName, update, resolve, reject });
      // The first flush starts after this turn of the event loop, so the updates of every frame that arrived in it
      // share one commit; later ones gather while a commit is in flight and go in the next.
      this.flushing ??= new Promise<void>((start) => setImmediate(start)).then(() => this.flush());
    });
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          await this.insert(batch);
          for (const pending of batch) pending.resolve();
        } catch (error) {
          for (const pending of batch) pending.reject(error);
        }
      }
    } finally {
      this.flushing = null;
    }
  }

  /**
   * Bytes go to the database as bytes (a Buffer: node-postgres sends a lone one as a binary parameter and an array of
   * them as a bytea[] literal, PGlite takes both), not as hex text decoded by SQL. One row, the common case when a
   * meeting is quiet, is a plain two-parameter insert; several are one statement of constant text whatever the batch
   * size: two array parameters, unnested in order (the identity column numbers the rows in the order they were
   * appended), much cheaper per row than a VALUES list of two parameters per row.
   *
   * Measured (a throwaway script, 2 loaded cores, µs per batch of 1 / per row in a batch of 200): PGlite: hex text
   * 3000-3500 / 236-251, bytea[] 2500-2900 / 70-84, single row 1660-1720; PostgreSQL: hex text 6700-7000 / 20-37,
   * bytea[] 4700 / 30-42, single row 2900-3200. So hex is faster nowhere that matters here.
   */
  private insert(batch: Pending[]): Promise<unknown> {
    if (batch.length === 1) {
      const [{ docName, update }] = batch as [Pending];
      return this.db.execute(
        sql`insert into ${yjsUpdates} (doc_name, update) values (${docName}, ${bytes(update)})`,
      );
    }
    const names = batch.map((pending) => pending.docName);
    const updates = batch.map((pending) => bytes(pending.update));
    return this.db.execute(sql`
      insert into ${yjsUpdates} (doc_name, update)
      select doc_name, update
      from unnest(${sql.param(names)}::text[], ${sql.param(updates)}::bytea[]) with ordinality as u(doc_name, update, n)
      order by n`);
  }

  /** Waits until everything appended so far is committed (or failed). */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /** The stored state of a document as updates to apply in order: the snapshot, then the log after it. */
  async load(
    docName: string,
  ): Promise<{ updates: Uint8Array[]; entries: StoredUpdate[]; logLength: number }> {
    const [snapshot] = await this.db
      .select({ state: hex(yjsSnapshots.state), uptoId: yjsSnapshots.uptoId })
      .from(yjsSnapshots)
      .where(eq(yjsSnapshots.docName, docName));
    const log = await this.db
      .select({ id: yjsUpdates.id, update: hex(yjsUpdates.update) })
      .from(yjsUpdates)
      .where(eq(yjsUpdates.docName, docName))
      .orderBy(asc(yjsUpdates.id));
    const entries: StoredUpdate[] = [
      ...(snapshot
        ? [
            {
              source: { kind: 'snapshot' as const, uptoId: snapshot.uptoId },
              update: fromHex(snapshot.state),
            },
          ]
        : []),
      ...log.map((row) => ({ source: { kind: 'log' as const, id: row.id }, update: fromHex(row.update) })),
    ];
    return { updates: entries.map((entry) => entry.update), entries, logLength: log.length };
  }

  /**
   * The document as stored, always: an update that cannot be applied is moved aside (kept, not deleted), reported,
   * and the document opens with the rest. Null when nothing is stored.
   */
  async loadDocument(docName: string): Promise<{ doc: Y.Doc; entries: StoredUpdate[] } | null> {
    const { entries } = await this.load(docName);
    if (entries.length === 0) return null;
    return { doc: await this.replayKeeping(docName, entries), entries };
  }

  private async replayKeeping(docName: string, entries: StoredUpdate[]): Promise<Y.Doc> {
    const { doc, skipped, reason } = replay(entries.map((entry) => entry.update));
    if (skipped.length > 0) {
      await this.setAside(
        docName,
        skipped.map((i) => entries[i]!),
        reason ?? 'Error',
      );
      this.onSetAside(docName, skipped.length, reason ?? 'Error');
    }
    return doc;
  }

  /** Moves stored updates out of the document's log (or snapshot) into `live.yjs_set_aside`, in one transaction. */
  private async setAside(docName: string, entries: StoredUpdate[], reason: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.insert(yjsSetAside).values(
        entries.map((entry) => ({
          docName,
          source: entry.source.kind,
          update: sql`decode(${toHex(entry.update)}, 'hex')` as unknown as Uint8Array,
          reason,
        })),
      );
      const ids = entries.flatMap((entry) => (entry.source.kind === 'log' ? [entry.source.id] : []));
      if (ids.length > 0)
        await tx.delete(yjsUpdates).where(sql`${yjsUpdates.id} = any(${sql.param(ids)}::bigint[])`);
      for (const entry of entries)
        if (entry.source.kind === 'snapshot')
          await tx
            .delete(yjsSnapshots)
            .where(and(eq(yjsSnapshots.docName, docName), eq(yjsSnapshots.uptoId, entry.source.uptoId)));
    });
  }

  /**
   * Folds a document's log into its snapshot. The state is rebuilt in a garbage-collecting Y.Doc, so deleted
   * content does not survive in the snapshot; exactly the log rows that were read are deleted (an update
   * committed meanwhile stays in the log, and re-applying one already folded in is harmless).
   *
   * Reading and rebuilding happen outside any transaction (on PGlite a transaction holds the whole database, and
   * appends would wait for the rebuild); the transaction only writes the snapshot, on condition that it is still
   * the one that was read, and deletes the rows folded in. Should another compaction (this or another instance)
   * have written the snapshot meanwhile, nothing is written and the log stays for the next compaction.
   */
  async compact(docName: string, now = new Date()): Promise<void> {
    const [snapshot] = await this.db
      .select({
        state: hex(yjsSnapshots.state),
        uptoId: yjsSnapshots.uptoId,
        updatedAt: yjsSnapshots.updatedAt,
      })
      .from(yjsSnapshots)
      .where(eq(yjsSnapshots.docName, docName));
    const log = await this.db
      .select({ id: yjsUpdates.id, update: hex(yjsUpdates.update) })
      .from(yjsUpdates)
      .where(eq(yjsUpdates.docName, docName))
      .orderBy(asc(yjsUpdates.id));
    if (log.length === 0) return;
    const doc = await this.replayKeeping(docName, [
      ...(snapshot
        ? [
            {
              source: { kind: 'snapshot' as const, uptoId: snapshot.uptoId },
              update: fromHex(snapshot.state),
            },
          ]
        : []),
      ...log.map((row) => ({ source: { kind: 'log' as const, id: row.id }, update: fromHex(row.update) })),
    ]);
    const state = sql`decode(${toHex(Y.encodeStateAsUpdate(doc))}, 'hex')`;
    doc.destroy();
    const uptoId = log[log.length - 1]!.id;
    const ids = log.map((row) => row.id);
    await this.db.transaction(async (tx) => {
      const written = snapshot
        ? await tx
            .update(yjsSnapshots)
            .set({ state, uptoId, updatedAt: now })
            .where(
              and(
                eq(yjsSnapshots.docName, docName),
                eq(yjsSnapshots.uptoId, snapshot.uptoId),
                eq(yjsSnapshots.updatedAt, snapshot.updatedAt),
              ),
            )
            .returning({ docName: yjsSnapshots.docName })
        : await tx
            .insert(yjsSnapshots)
            .values({ docName, state, uptoId, updatedAt: now })
            .onConflictDoNothing()
            .returning({ docName: yjsSnapshots.docName });
      if (written.length === 0) return;
      await tx.delete(yjsUpdates).where(sql`${yjsUpdates.id} = any(${sql.param(ids)}::bigint[])`);
    });
  }
}

/**
 * Binary values read back travel as hex text (loading and compaction, off the hot path): both drivers handle it
 * natively and fast, where PGlite's own bytea parsing goes byte by byte through strings. Appends send bytes (above).
 */
const hex = (column: typeof yjsSnapshots.state | typeof yjsUpdates.update) =>
  sql<string>`encode(${column}, 'hex')`;
const toHex = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
const fromHex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));
/** The same bytes as a Buffer, without a copy: what both drivers take for bytea. */
const bytes = (update: Uint8Array) => Buffer.from(update.buffer, update.byteOffset, update.byteLength);
