import { and, eq, lte, sql, type SQL } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Database, Executor } from '../../db/client';
import { yjsHeads, yjsSetAside, yjsSnapshots, yjsUpdates } from '../../db/schema/index';
import { parseDocName } from '../../shared/index';
import { DocKeys, type StoredBytes } from './doc-keys';
import { replay } from './replay';

/** A stored update and where it is kept: the snapshot, or a row of the log. */
export interface StoredUpdate {
  source: { kind: 'snapshot'; uptoId: number } | { kind: 'log'; id: number };
  /** The last seq it holds (the snapshot: the last one folded in). */
  seq?: number;
  update: Uint8Array;
}

/** Told when updates of a document were set aside on load (for the audit log). */
export type SetAsideListener = (docName: string, count: number, reason: string) => void;

/**
 * The database refused the write: its meeting accepts no edits (the freeze fence was raised). Nothing of it was
 * stored; with several instances this is how an instance that has not yet closed its connections learns it.
 */
export class FencedWriteError extends Error {
  override readonly name = 'FencedWriteError';
  constructor(readonly docName: string) {
    super('the meeting of this document accepts no edits (fenced)');
  }
}

/** A document's stored state from some point on: what to apply, and the last seq it holds. */
export interface StoredSince {
  updates: Uint8Array[];
  /** The highest seq read (the argument when nothing newer is stored). */
  seq: number;
}

interface Pending {
  docName: string;
  update: Uint8Array;
  /** The bytes to store (doc-keys.ts): sealed with the key of the document's file, once the flush has it. */
  stored?: StoredBytes;
  resolve: (seq: number) => void;
  reject: (error: unknown) => void;
}

export interface YjsStoreOptions {
  /**
   * Refuse, in the write itself, updates to documents of a meeting that accepts no edits (several instances: an
   * instance whose connections are not closed yet must not commit after the fence; see the migration's
   * live.meetings_refusing_edits).
   */
  fenceInDatabase?: boolean;
  /**
   * Statements in flight at once. With more than one (PostgreSQL, a pool of connections) each statement carries
   * one document, so a document never waits for another one's commit. With one (PGlite: a single connection, on
   * which statements queue anyway) a statement carries every document that waits, one commit for all.
   */
  lanes?: number;
  /**
   * Send the one-document insert as a named statement, prepared once per connection (PostgreSQL). Not on PGlite:
   * its one session outlives the driver's bookkeeping of what was prepared (after a failed statement the driver
   * prepared it again and the session refused the name), so there it goes unnamed, the same text.
   */
  prepared?: boolean;
}

interface Row {
  kind: 'snapshot' | 'log';
  id: string | number;
  seq: string | number;
  update: string;
  file_id: string | null;
}

/**
 * The durable store of the Yjs documents: an append log with snapshots. `append` resolves only once the update
 * is committed; callers broadcast after that (persist before acknowledge). The database is the source of truth:
 * any instance can load any document.
 *
 * Commits run per document, several at once: a document's appends wait only for a commit of the same document
 * that is in flight, and then go together in its next one (group commit: durability costs one round trip per
 * batch, not per update). A meeting's analysis does not wait for another meeting's commit, which is what kept the
 * latency of a single global queue at two or three commits under load. At most `lanes` statements are in flight
 * (the pool serves reads and the rest of the application too).
 */
export class YjsStore {
  /** Appends not yet in a statement, per document, in the order they were made. */
  private readonly waiting = new Map<string, Pending[]>();
  /** Documents with a statement in flight: their next appends wait for it (a document's seqs follow its order). */
  private readonly inFlight = new Set<string>();
  private running = 0;
  private scheduled = false;
  private readonly lanes: number;
  /** The driver's pool, for the prepared insert (see insert). */
  private readonly pool: Queryable | null;
  /** Every append not settled yet (see drain). */
  private readonly outstanding = new Set<Promise<void>>();
  private readonly keys: DocKeys;

  constructor(
    private readonly db: Database,
    private readonly maxBatch = 500,
    private readonly onSetAside: SetAsideListener = () => undefined,
    private readonly options: YjsStoreOptions = {},
  ) {
    this.keys = new DocKeys(db);
    this.lanes = Math.max(1, options.lanes ?? 1);
    this.pool = (db as unknown as { $client?: Queryable }).$client ?? null;
  }

  /** Resolves, once committed, with the update's seq in its document. */
  append(docName: string, update: Uint8Array): Promise<number> {
    const appended = new Promise<number>((resolve, reject) => {
      const queue = this.waiting.get(docName);
      if (queue) queue.push({ docName, update, resolve, reject });
      else this.waiting.set(docName, [{ docName, update, resolve, reject }]);
      this.schedule();
    });
    const settled = appended.then(
      () => undefined,
      () => undefined,
    );
    this.outstanding.add(settled);
    void settled.then(() => this.outstanding.delete(settled));
    return appended;
  }

  /**
   * Starts statements after this turn of the event loop, so the updates of every frame that arrived in it share a
   * commit; while a document's commit is in flight, its updates gather for the next one.
   */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.startReady();
    });
  }

  private startReady(): void {
    while (this.running < this.lanes) {
      const batch: Pending[] = [];
      for (const [docName, queue] of this.waiting) {
        if (this.inFlight.has(docName)) continue;
        const room = this.maxBatch - batch.length;
        if (room <= 0 || (this.lanes > 1 && batch.length > 0)) break;
        const taken = queue.splice(0, room);
        if (queue.length === 0) this.waiting.delete(docName);
        this.inFlight.add(docName);
        batch.push(...taken);
      }
      if (batch.length === 0) break;
      this.running += 1;
      void this.flush(batch)
        .catch((error: unknown) => batch.forEach((entry) => entry.reject(error)))
        .finally(() => {
          this.running -= 1;
          for (const pending of batch) this.inFlight.delete(pending.docName);
          if (this.waiting.size > 0) this.startReady();
        });
    }
  }

  private async flush(pending: Pending[]): Promise<void> {
    const batch = await this.sealed(pending);
    if (batch.length === 0) return;
    try {
      const written = await this.insert(batch);
      // Seqs of one document rise in the order its updates were appended (see insert).
      for (const entry of batch) {
        const seq = written.get(entry.docName)?.shift();
        if (seq === undefined) entry.reject(new FencedWriteError(entry.docName));
        else entry.resolve(seq);
      }
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    }
  }

  /** Seals each update for storing; one whose document cannot be sealed (its file destroyed) is refused alone. */
  private async sealed(batch: Pending[]): Promise<Pending[]> {
    const results = await Promise.allSettled(batch.map((p) => this.keys.seal(p.docName, p.update)));
    return batch.filter((pending, i) => {
      const result = results[i]!;
      if (result.status === 'fulfilled') pending.stored = result.value;
      else pending.reject(result.reason);
      return result.status === 'fulfilled';
    });
  }

  /**
   * Bytes go to the database as bytes (a Buffer: node-postgres sends a lone one as a binary parameter and an array of
   * them as a bytea[] literal, PGlite takes both), not as hex text decoded by SQL. The updates of one document, the
   * common case, are one prepared statement (APPEND_ONE_DOCUMENT: parsed and planned once per connection, not per
   * batch; a named statement is 0.28 ms against 0.38 ms unnamed on PostgreSQL, measured); several documents are one
   * statement of constant text whatever the batch size. Both pass array parameters, unnested in order (the identity
   * column numbers the rows in the order they were appended), much cheaper per row than a VALUES list.
   *
   * Each document's seqs come from its row in `yjs_heads`, raised in the same statement: that row stays locked
   * until the commit, so the writers of one document (on any instance) commit one after the other, in seq order.
   * Heads are taken in document-name order, so two batches cannot deadlock. With `fenceInDatabase` the meetings'
   * rows are locked (shared) and read first, and the updates of a meeting that accepts no edits are left out.
   *
   * Returns the seqs given to each document, ascending (in the order its updates were appended).
   *
   * Measured (a throwaway script, 2 loaded cores, µs per batch of 1 / per row in a batch of 200): PGlite: hex text
   * 3000-3500 / 236-251, bytea[] 2500-2900 / 70-84, single row 1660-1720; PostgreSQL: hex text 6700-7000 / 20-37,
   * bytea[] 4700 / 30-42, single row 2900-3200. So hex is faster nowhere that matters here.
   */
  private async insert(batch: Pending[]): Promise<Map<string, number[]>> {
    let rows: { doc_name: string; seq: string | number }[];
    const docName = batch[0]!.docName;
    if (
      this.pool &&
      !this.options.fenceInDatabase &&
      batch.every((p) => p.docName === docName && p.stored!.fileId === batch[0]!.stored!.fileId)
    ) {
      rows = (
        await this.pool.query({
          ...(this.options.prepared ? { name: 'casustafel_live_append' } : {}),
          text: APPEND_ONE_DOCUMENT,
          values: [docName, batch.map((p) => bytes(p.stored!.bytes)), batch[0]!.stored!.fileId, batch.length],
        })
      ).rows;
    } else {
      const names = batch.map((pending) => pending.docName);
      const updates = batch.map((pending) => bytes(pending.stored!.bytes));
      const files = batch.map((pending) => pending.stored!.fileId);
      const fence = this.options.fenceInDatabase
        ? (() => {
            const meetings = batch.map((pending) => parseDocName(pending.docName)?.meetingId ?? null);
            const distinct = [...new Set(meetings.filter((id): id is string => id !== null))];
            return {
              refused: sql`select live.meetings_refusing_edits(${sql.param(distinct)}::uuid[]) as ids`,
              meetings: sql`${sql.param(meetings)}::uuid[]`,
            };
          })()
        : { refused: sql`select array[]::uuid[] as ids`, meetings: sql`array[]::uuid[]` };
      rows = rowsOf(
        await this.db.execute(sql`
          with refused as (${fence.refused}),
          input as (
            select u.doc_name, u.update, u.file_id, u.n
            from unnest(${sql.param(names)}::text[], ${sql.param(updates)}::bytea[],
                        ${sql.param(files)}::uuid[], ${fence.meetings})
              with ordinality as u(doc_name, update, file_id, meeting, n), refused
            where not coalesce(u.meeting = any(refused.ids), false)),
          counts as (select doc_name, count(*) as c from input group by doc_name),
          heads as (
            insert into ${yjsHeads} as h (doc_name, seq)
            select doc_name, c from counts order by doc_name
            on conflict (doc_name) do update set seq = h.seq + excluded.seq
            returning h.doc_name, h.seq)
          insert into ${yjsUpdates} (doc_name, update, file_id, seq)
          select i.doc_name, i.update, i.file_id, heads.seq - counts.c + row_number() over (partition by i.doc_name order by i.n)
          from input i join counts on counts.doc_name = i.doc_name join heads on heads.doc_name = i.doc_name
          order by i.n
          returning doc_name, seq`),
      );
    }
    const written = new Map<string, number[]>();
    for (const row of rows) {
      const seqs = written.get(row.doc_name) ?? [];
      seqs.push(Number(row.seq));
      written.set(row.doc_name, seqs);
    }
    for (const seqs of written.values()) seqs.sort((a, b) => a - b);
    return written;
  }

  /**
   * Waits until everything appended so far is committed (or failed): a barrier, so the fence of one meeting does not
   * wait for the store to fall idle while other meetings keep writing.
   */
  async drain(): Promise<void> {
    await Promise.all([...this.outstanding]);
  }

  /**
   * The stored state of a document as updates to apply in order: the snapshot, then the log after it, read in one
   * statement (one view of the database: a compaction committing in between cannot hide rows), and the last seq.
   */
  async load(
    docName: string,
  ): Promise<{ updates: Uint8Array[]; entries: StoredUpdate[]; logLength: number; seq: number }> {
    return this.read(docName, 0);
  }

  /**
   * What was stored after seq `after`: the log rows with a higher seq, preceded by the snapshot when it folded in
   * some of them (compacted past `after`). Re-applying what a document already holds is harmless (Yjs updates are
   * idempotent), so this is how an instance catches up with what other instances committed.
   */
  async since(docName: string, after: number): Promise<StoredSince> {
    const { updates, seq } = await this.read(docName, after);
    return { updates, seq: Math.max(seq, after) };
  }

  /** The last seq of each of these documents (none for a document never written). */
  async heads(docNames: readonly string[]): Promise<Map<string, number>> {
    if (docNames.length === 0) return new Map();
    const rows = rowsOf(
      await this.db.execute(
        sql`select doc_name, seq from ${yjsHeads} where doc_name = any(${sql.param([...docNames])}::text[])`,
      ),
    );
    return new Map(rows.map((row) => [row.doc_name, Number(row.seq)]));
  }

  private async read(
    docName: string,
    after: number,
  ): Promise<{ updates: Uint8Array[]; entries: StoredUpdate[]; logLength: number; seq: number }> {
    const rows = rowsOf<Row>(
      await this.db.execute(sql`
        select 'snapshot' as kind, upto_id as id, upto_seq as seq, encode(state, 'hex') as update, file_id,
          0 as part
        from ${yjsSnapshots} where doc_name = ${docName} and upto_seq > ${after}
        union all
        select 'log', id, seq, encode(update, 'hex'), file_id, 1
        from ${yjsUpdates} where doc_name = ${docName} and seq > ${after}
        order by part, seq`),
    );
    const entries: StoredUpdate[] = [];
    for (const row of rows) {
      // A row whose file key is destroyed holds nothing any more (art. 13): it is left out, like a deleted one.
      const update = await this.keys.open(docName, { fileId: row.file_id, bytes: fromHex(row.update) });
      if (update)
        entries.push({
          source:
            row.kind === 'snapshot'
              ? { kind: 'snapshot' as const, uptoId: Number(row.id) }
              : { kind: 'log' as const, id: Number(row.id) },
          seq: Number(row.seq),
          update,
        });
    }
    return {
      updates: entries.map((entry) => entry.update),
      entries,
      logLength: entries.filter((entry) => entry.source.kind === 'log').length,
      seq: entries.reduce((max, entry) => Math.max(max, entry.seq ?? 0), after),
    };
  }

  /**
   * The document as stored, always: an update that cannot be applied is moved aside (kept, not deleted), reported,
   * and the document opens with the rest. Null when nothing is stored.
   */
  async loadDocument(docName: string): Promise<{ doc: Y.Doc; entries: StoredUpdate[]; seq: number } | null> {
    const { entries, seq } = await this.load(docName);
    if (entries.length === 0) return null;
    return { doc: await this.replayKeeping(docName, entries), entries, seq };
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
    const stored = await Promise.all(entries.map((entry) => this.keys.seal(docName, entry.update)));
    await this.db.transaction(async (tx) => {
      await tx.insert(yjsSetAside).values(
        entries.map((entry, i) => ({
          docName,
          source: entry.source.kind,
          update: sql`decode(${toHex(stored[i]!.bytes)}, 'hex')` as unknown as Uint8Array,
          fileId: stored[i]!.fileId,
          reason,
        })),
      );
      const ids = entries.flatMap((entry) => (entry.source.kind === 'log' ? [entry.source.id] : []));
      if (ids.length > 0) {
        const byId = sql`${yjsUpdates.id} = any(${sql.param(ids)}::bigint[])`;
        await lockLogRows(tx, byId);
        await tx.delete(yjsUpdates).where(byId);
      }
      for (const entry of entries)
        if (entry.source.kind === 'snapshot')
          await tx
            .delete(yjsSnapshots)
            .where(and(eq(yjsSnapshots.docName, docName), eq(yjsSnapshots.uptoId, entry.source.uptoId)));
    });
  }

  /**
   * Folds a document's log into a snapshot taken from the document in memory: `state` holds everything stored up to
   * seq `uptoSeq` (the registry encodes its loaded document, a garbage-collecting Y.Doc that has applied every seq up
   * to its own, in the same synchronous step as it reads that seq). Nothing is read back from the log and nothing is
   * rebuilt, which is what made a compaction hold the event loop for milliseconds (and, on PGlite, the database for
   * the read of every row). The state may hold more than `uptoSeq` (committed updates applied out of order); those
   * rows stay in the log, and applying them again is harmless.
   *
   * One transaction: the log rows up to `uptoSeq` are deleted and the snapshot written, on condition that it is
   * still the one read before (another compaction, here or on another instance, wins otherwise and this one writes
   * nothing), and that there were rows to fold (none: nothing to do, or the document was destroyed meanwhile, art.
   * 13, and no snapshot may bring it back). Returns whether it wrote.
   */
  async compactFrom(docName: string, state: Uint8Array, uptoSeq: number, now = new Date()): Promise<boolean> {
    const [snapshot] = await this.db
      .select({
        uptoId: yjsSnapshots.uptoId,
        uptoSeq: yjsSnapshots.uptoSeq,
        updatedAt: yjsSnapshots.updatedAt,
      })
      .from(yjsSnapshots)
      .where(eq(yjsSnapshots.docName, docName));
    if (snapshot && snapshot.uptoSeq >= uptoSeq) return false;
    const sealedState = await this.keys.seal(docName, state);
    return this.db.transaction(async (tx) => {
      // Locked, so a destruction (art. 13) deleting them meanwhile either went first (then they are gone here and
      // nothing is written) or waits for this commit and deletes the snapshot with them.
      const folded = await lockLogRows(
        tx,
        and(eq(yjsUpdates.docName, docName), lte(yjsUpdates.seq, uptoSeq))!,
      );
      if (folded.length === 0) return false;
      const uptoId = Math.max(...folded);
      if (!(await writeSnapshot(tx, docName, snapshot, sealedState, { uptoId, uptoSeq, updatedAt: now })))
        return false;
      await tx
        .delete(yjsUpdates)
        .where(
          and(eq(yjsUpdates.docName, docName), lte(yjsUpdates.seq, uptoSeq), lte(yjsUpdates.id, uptoId)),
        );
      return true;
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
      .select({ uptoId: yjsSnapshots.uptoId, updatedAt: yjsSnapshots.updatedAt })
      .from(yjsSnapshots)
      .where(eq(yjsSnapshots.docName, docName));
    // The snapshot read here is the one the condition below checks: read again with the log, in one statement,
    // the two are one view of the document (a compaction in between makes the condition fail, nothing is lost).
    const { entries } = await this.load(docName);
    const log = entries.filter((entry) => entry.source.kind === 'log');
    if (log.length === 0) return;
    const read = entries.find((entry) => entry.source.kind === 'snapshot');
    if ((read?.source.kind === 'snapshot' ? read.source.uptoId : null) !== (snapshot?.uptoId ?? null)) return;
    const doc = await this.replayKeeping(docName, entries);
    const sealedState = await this.keys.seal(docName, Y.encodeStateAsUpdate(doc));
    doc.destroy();
    const ids = log.map((entry) => (entry.source.kind === 'log' ? entry.source.id : 0));
    const uptoId = Math.max(...ids);
    // Seqs are given in commit order and read as one view, so every seq up to this one was read: all folded in.
    const uptoSeq = Math.max(...log.map((entry) => entry.seq ?? 0));
    await this.db.transaction(async (tx) => {
      const byId = sql`${yjsUpdates.id} = any(${sql.param(ids)}::bigint[])`;
      // A row gone since the read was folded by another compaction, set aside, or destroyed (art. 13): then this
      // rebuild is stale, and a snapshot written from it could bring a destroyed document back. The log stays.
      if ((await lockLogRows(tx, byId)).length !== ids.length) return;
      if (!(await writeSnapshot(tx, docName, snapshot, sealedState, { uptoId, uptoSeq, updatedAt: now })))
        return;
      await tx.delete(yjsUpdates).where(byId);
    });
  }
}

/**
 * Locks the log rows that match, in the order of their id, and returns their ids. Every transaction that deletes
 * log rows (a compaction, either kind; setting updates aside; a destruction, art. 13) locks them this way first, and
 * a snapshot only after them: transactions that take their locks in one order wait for each other and never
 * deadlock. A plain DELETE locks in whatever order its plan reads the rows, and two of them over the same rows (a
 * compaction by id, another by seq) could each hold what the other waits for.
 */
export async function lockLogRows(tx: Executor, where: SQL): Promise<number[]> {
  const rows = await tx
    .select({ id: yjsUpdates.id })
    .from(yjsUpdates)
    .where(where)
    .orderBy(yjsUpdates.id)
    .for('update');
  return rows.map((row) => Number(row.id));
}

/**
 * Writes a document's snapshot on condition that it is still the one `read` (none: that there is none yet), in the
 * caller's transaction; should another compaction have written meanwhile, it wins and nothing is written here. The
 * state goes as bytes (see insert), not as hex text: a snapshot is the largest value the store writes.
 */
async function writeSnapshot(
  tx: Parameters<Parameters<Database['transaction']>[0]>[0],
  docName: string,
  read: { uptoId: number; updatedAt: Date } | undefined,
  sealed: StoredBytes,
  folded: { uptoId: number; uptoSeq: number; updatedAt: Date },
): Promise<boolean> {
  const values = { ...folded, state: bytes(sealed.bytes), fileId: sealed.fileId };
  const written = read
    ? await tx
        .update(yjsSnapshots)
        .set(values)
        .where(
          and(
            eq(yjsSnapshots.docName, docName),
            eq(yjsSnapshots.uptoId, read.uptoId),
            eq(yjsSnapshots.updatedAt, read.updatedAt),
          ),
        )
        .returning({ docName: yjsSnapshots.docName })
    : await tx
        .insert(yjsSnapshots)
        .values({ docName, ...values })
        .onConflictDoNothing()
        .returning({ docName: yjsSnapshots.docName });
  return written.length > 0;
}

/** The driver's pool as the store uses it (a query with a name is prepared once per connection). */
interface Queryable {
  query(config: {
    name?: string;
    text: string;
    values: unknown[];
  }): Promise<{ rows: { doc_name: string; seq: string | number }[] }>;
}

/**
 * The updates of one document in one statement of constant text, prepared once per connection (no statement is
 * built per batch): its head is raised by the number of updates, and they get the seqs below it in their order.
 * All of one document share its file, so one file id serves the batch.
 */
const APPEND_ONE_DOCUMENT = `
  with head as (
    insert into live.yjs_heads as h (doc_name, seq) values ($1, $4)
    on conflict (doc_name) do update set seq = h.seq + excluded.seq
    returning h.seq)
  insert into live.yjs_updates (doc_name, update, file_id, seq)
  select $1, u.update, $3::uuid, head.seq - $4 + u.n
  from head, unnest($2::bytea[]) with ordinality as u(update, n)
  order by u.n
  returning doc_name, seq`;

const rowsOf = <T = { doc_name: string; seq: string | number }>(result: unknown): T[] =>
  (result as { rows: T[] }).rows;

/**
 * Binary values read back travel as hex text (loading and compaction, off the hot path): both drivers handle it
 * natively and fast, where PGlite's own bytea parsing goes byte by byte through strings. Appends send bytes (above).
 */
const toHex = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
const fromHex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));
/** The same bytes as a Buffer, without a copy: what both drivers take for bytea. */
const bytes = (update: Uint8Array) => Buffer.from(update.buffer, update.byteOffset, update.byteLength);
