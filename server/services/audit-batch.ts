import type { Database } from '../../db/client';
import { statementsNamedOn } from '../../db/statements';
import {
  AUDIT_LOCK_KEY,
  LOCK_AND_READ_HEAD,
  chainRows,
  headOf,
  writeRows,
  type AuditEntry,
  type AuditRow,
  type ChainHead,
  type Pending,
} from './audit';

/**
 * Group commit for audit rows that stand alone (not part of a caller's transaction), such as the live handshakes:
 * appends that arrive while a batch is being written wait and go together into the next batch, which takes the
 * chain's lock once, mostly in a single statement at the head the last batch left (see writeBatch). Under a
 * connection storm this turns thousands of transactions queueing on one advisory lock into a handful; the chain is
 * the same as with one transaction per append. A caller's promise settles when its rows are committed (or the batch
 * failed).
 */
export class AuditBatcher {
  private queue: (Pending & { settle: (error?: Error) => void })[] = [];
  private writing = false;
  /** The running drain loop, if any. */
  private draining: Promise<void> = Promise.resolve();
  /** Transactions written so far (for tests and figures). */
  transactions = 0;
  /** The driver's pool, for a batch in one round trip (see writeBatch); without it, drizzle's transaction. */
  private readonly pool: Pool | null;
  /**
   * The chain's head after this batcher's last batch (undefined: the chain is empty), or null when not known (at
   * first, and after a failure). Only a guess: another writer may have appended since (see writeBatch).
   */
  private head: ChainHead | undefined | null = null;
  /** Batches written at the guessed head in one statement, and batches that needed the lock and a read first. */
  readonly written = { atGuessedHead: 0, underLock: 0 };

  constructor(
    private readonly db: Database,
    private readonly maxRows = 1000,
    /** False: every batch under the lock after reading the head, as before there was a guess (for comparisons). */
    private readonly guessHead = true,
  ) {
    this.pool = (db as unknown as { $client?: Pool }).$client ?? null;
  }

  append(entries: readonly AuditEntry[], now = new Date()): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ entries, now, settle: (error) => (error ? reject(error) : resolve()) });
      if (!this.writing) this.draining = this.drain();
    });
  }

  /** Resolves once every row appended so far is written (or its batch failed): before the database closes. */
  async settled(): Promise<void> {
    while (this.writing || this.queue.length > 0) await this.draining;
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        let rows = 0;
        let take = 0;
        while (take < this.queue.length && (take === 0 || rows < this.maxRows))
          rows += this.queue[take++]!.entries.length;
        const batch = this.queue.splice(0, take);
        try {
          this.transactions += 1;
          if (this.pool) this.head = await this.writeBatch(this.pool, batch);
          else await this.db.transaction((tx) => writeRows(tx, batch));
          for (const pending of batch) pending.settle();
        } catch (error) {
          // Whether anything was written is not known: the next batch reads the head under the lock.
          this.head = null;
          for (const pending of batch)
            pending.settle(error instanceof Error ? error : new Error('audit append failed'));
        }
      }
    } finally {
      this.writing = false;
    }
  }

  /**
   * Writes one batch and returns the chain's new head. Where the head is known from the last batch, the rows are
   * chained to it and sent in one statement that takes the chain's lock and inserts them only if the head is still
   * that one (APPEND_AT_HEAD): one round trip, where a transaction of its own takes four. Another writer (an append
   * inside a transaction, another instance) may have appended since: then nothing is inserted, the statement answers
   * with the head it found, and the rows are chained to that one and sent again, once. Should a row of the other
   * writer have been committed after this statement took its snapshot, the primary key on seq refuses the batch as a
   * whole (23505) and it goes the way that cannot miss: lock, read the head, insert, commit. Either way every row
   * follows the head it was chained to, as with the lock alone.
   */
  private async writeBatch(pool: Pool, groups: readonly Pending[]): Promise<ChainHead | undefined> {
    const named = statementsNamedOn(this.db);
    let head = this.guessHead ? this.head : null;
    for (let attempt = 0; head !== null && attempt < 2; attempt++) {
      const rows = chainRows(head, groups);
      let found: ChainHead | undefined;
      try {
        const result = await pool.query({
          ...(named ? { name: 'casustafel_audit_append_at_head' } : {}),
          text: APPEND_AT_HEAD,
          values: [...columnsOf(rows), head?.seq ?? 0],
        });
        const [answer] = result.rows as {
          written: number;
          seq: string | number | null;
          hash: string | null;
        }[];
        if (answer && answer.written === rows.length) {
          this.written.atGuessedHead += 1;
          return lastOf(rows);
        }
        found =
          answer?.seq != null && answer.hash ? { seq: Number(answer.seq), hash: answer.hash } : undefined;
      } catch (error) {
        if (!isDuplicateSeq(error)) throw error;
        break;
      }
      head = found;
    }
    this.written.underLock += 1;
    return writeLocked(pool, groups, named);
  }
}

/** The driver's pool, as the batcher uses it. */
interface Pool {
  connect(): Promise<Connection>;
  query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}
interface Connection {
  query(text: string): Promise<unknown>;
  query(config: { name?: string; text: string; values: unknown[] }): Promise<unknown>;
  release(error?: Error): void;
}

/** The last row written is the chain's new head. */
const lastOf = (rows: readonly AuditRow[]): ChainHead => {
  const last = rows[rows.length - 1]!;
  return { seq: last.seq, hash: last.hash };
};

/** A row of this batch took a seq another writer had committed meanwhile (the primary key of audit.log). */
const isDuplicateSeq = (error: unknown) =>
  typeof error === 'object' &&
  error !== null &&
  (error as { code?: unknown }).code === '23505' &&
  (error as { constraint?: unknown }).constraint === 'log_pkey';

/** The rows' values as one array per column, in the order of COLUMNS. */
const columnsOf = (rows: readonly AuditRow[]) => COLUMNS.map((column) => rows.map((row) => row[column]));

/**
 * One batch in a transaction of its own, in three round trips: begin, the chain's lock and its head in one simple
 * query; every row in one statement of constant text (prepared once per connection where statements are named);
 * commit. Returns the new head.
 */
async function writeLocked(pool: Pool, groups: readonly Pending[], named: boolean): Promise<ChainHead> {
  const connection = await pool.connect();
  let broken: Error | undefined;
  try {
    const rows = chainRows(headOf(await connection.query(`begin; ${LOCK_AND_READ_HEAD}`)), groups);
    await connection.query({
      ...(named ? { name: 'casustafel_audit_rows' } : {}),
      text: INSERT_ROWS,
      values: columnsOf(rows),
    });
    await connection.query('commit');
    return lastOf(rows);
  } catch (error) {
    await connection.query('rollback').catch((failed: unknown) => {
      broken = failed instanceof Error ? failed : new Error('rollback failed');
    });
    throw error;
  } finally {
    // A connection whose rollback failed is not given back to the pool.
    connection.release(broken);
  }
}

/** The columns of audit.log, in the order of INSERT_ROWS. */
const COLUMNS = [
  'seq',
  'occurredAt',
  'userId',
  'organisationId',
  'capacity',
  'role',
  'onBehalfOf',
  'action',
  'objectType',
  'objectId',
  'subjectId',
  'fieldGroup',
  'result',
  'rule',
  'purpose',
  'ip',
  'userAgent',
  'prevHash',
  'hash',
] as const satisfies readonly (keyof AuditRow)[];

const INSERT_ROWS = `
  insert into audit.log (seq, occurred_at, user_id, organisation_id, capacity, role, on_behalf_of, action,
    object_type, object_id, subject_id, field_group, result, rule, purpose, ip, user_agent, prev_hash, hash)
  select * from unnest($1::bigint[], $2::timestamptz[], $3::uuid[], $4::uuid[], $5::text[], $6::text[],
    $7::text[], $8::text[], $9::text[], $10::text[], $11::uuid[], $12::text[], $13::text[], $14::text[],
    $15::text[], $16::text[], $17::text[], $18::text[], $19::text[])`;

/**
 * INSERT_ROWS at a head the caller believes is the chain's last row ($20: its seq, 0 for an empty chain), in one
 * statement of its own (its own transaction). It takes the chain's lock first, so an append inside a transaction
 * (which holds the lock from reading the head to its commit) never finds its seq taken by this one; then reads the
 * head and inserts only if it is the one believed. Answers how many rows were written and the head it found.
 */
const APPEND_AT_HEAD = `
  with held as materialized (select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})),
  head as materialized (
    select last.seq, last.hash
    from held left join lateral (select seq, hash from audit.log order by seq desc limit 1) last on true),
  written as (
    ${INSERT_ROWS}
    where (select coalesce(seq, 0) from head) = $20::bigint
    returning 1)
  select (select count(*) from written)::int as written, head.seq, head.hash from head`;

const batchers = new WeakMap<Database, AuditBatcher>();

/**
 * Appends entries in a transaction of their own, batched with concurrent appends to the same database (see
 * AuditBatcher). For entries that must commit together with a write, use appendAudit inside that transaction.
 */
export function appendAuditBatched(db: Database, entries: readonly AuditEntry[], now = new Date()) {
  let batcher = batchers.get(db);
  if (!batcher) batchers.set(db, (batcher = new AuditBatcher(db)));
  return batcher.append(entries, now);
}

/** Waits for the batched appends to this database (see AuditBatcher.settled). */
export function settleAuditBatched(db: Database): Promise<void> {
  return batchers.get(db)?.settled() ?? Promise.resolve();
}
