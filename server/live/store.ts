import { asc, eq, inArray } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Database } from '../../db/client';
import { yjsSnapshots, yjsUpdates } from '../../db/schema/index';

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
  ) {}

  append(docName: string, update: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ docName, update, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          await this.db.insert(yjsUpdates).values(batch.map(({ docName, update }) => ({ docName, update })));
          for (const pending of batch) pending.resolve();
        } catch (error) {
          for (const pending of batch) pending.reject(error);
        }
      }
    } finally {
      this.flushing = null;
    }
  }

  /** Waits until everything appended so far is committed (or failed). */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /** The stored state of a document as updates to apply in order: the snapshot, then the log after it. */
  async load(docName: string): Promise<{ updates: Uint8Array[]; logLength: number }> {
    const [snapshot] = await this.db.select().from(yjsSnapshots).where(eq(yjsSnapshots.docName, docName));
    const log = await this.db
      .select({ update: yjsUpdates.update })
      .from(yjsUpdates)
      .where(eq(yjsUpdates.docName, docName))
      .orderBy(asc(yjsUpdates.id));
    return {
      updates: [...(snapshot ? [snapshot.state] : []), ...log.map((row) => row.update)],
      logLength: log.length,
    };
  }

  /**
   * Folds a document's log into its snapshot. The state is rebuilt in a garbage-collecting Y.Doc, so deleted
   * content does not survive in the snapshot; exactly the log rows that were read are deleted (an update
   * committed meanwhile stays in the log, and re-applying one already folded in is harmless).
   */
  async compact(docName: string, now = new Date()): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [snapshot] = await tx
        .select()
        .from(yjsSnapshots)
        .where(eq(yjsSnapshots.docName, docName))
        .for('update');
      const log = await tx
        .select({ id: yjsUpdates.id, update: yjsUpdates.update })
        .from(yjsUpdates)
        .where(eq(yjsUpdates.docName, docName))
        .orderBy(asc(yjsUpdates.id));
      if (log.length === 0) return;
      const doc = new Y.Doc({ gc: true });
      if (snapshot) Y.applyUpdate(doc, snapshot.state);
      for (const row of log) Y.applyUpdate(doc, row.update);
      const state = Y.encodeStateAsUpdate(doc);
      doc.destroy();
      const uptoId = log[log.length - 1]!.id;
      await tx
        .insert(yjsSnapshots)
        .values({ docName, state, uptoId, updatedAt: now })
        .onConflictDoUpdate({ target: yjsSnapshots.docName, set: { state, uptoId, updatedAt: now } });
      await tx.delete(yjsUpdates).where(
        inArray(
          yjsUpdates.id,
          log.map((row) => row.id),
        ),
      );
    });
  }
}
