import type { Database } from '../../db/client';
import { statementsNamedOn } from '../../db/statements';
import {
  LOCK_AND_READ_HEAD,
  chainRows,
  headOf,
  writeRows,
  type AuditEntry,
  type AuditRow,
  type Pending,
} from './audit';

/**
 * Group commit for audit rows that stand alone (not part of a caller's transaction), such as the live handshakes:
 * appends that arrive while a batch is being written wait and go together into the next transaction, which takes
 * the chain's lock once. Under a connection storm this turns thousands of transactions queueing on one advisory
 * lock into a handful; the chain is the same as with one transaction per append. A caller's promise settles when
 * its rows are committed (or the batch failed).
 */
export class AuditBatcher {
  private queue: (Pending & { settle: (error?: Error) => void })[] = [];
  private writing = false;
  /** The running drain loop, if any. */
  private draining: Promise<void> = Promise.resolve();
  /** Transactions written so far (for tests and figures). */
  transactions = 0;
  /** The driver's pool, for a batch in three round trips (see writeBatch); without it, drizzle's transaction. */
  private readonly pool: Pool | null;

  constructor(
    private readonly db: Database,
    private readonly maxRows = 1000,
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
          if (this.pool) await writeBatch(this.pool, batch, statementsNamedOn(this.db));
          else await this.db.transaction((tx) => writeRows(tx, batch));
          for (const pending of batch) pending.settle();
        } catch (error) {
          for (const pending of batch)
            pending.settle(error instanceof Error ? error : new Error('audit append failed'));
        }
      }
    } finally {
      this.writing = false;
    }
  }
}

/** The driver's pool, as the batcher uses it. */
interface Pool {
  connect(): Promise<Connection>;
}
interface Connection {
  query(text: string): Promise<unknown>;
  query(config: { name?: string; text: string; values: unknown[] }): Promise<unknown>;
  release(error?: Error): void;
}

/**
 * One batch in a transaction of its own, in three round trips where drizzle's transaction takes four and plans the
 * insert every time: begin, the chain's lock and its head in one simple query; every row in one statement of
 * constant text (prepared once per connection where statements are named); commit. A join waits for these.
 */
async function writeBatch(pool: Pool, groups: readonly Pending[], named: boolean): Promise<void> {
  const connection = await pool.connect();
  let broken: Error | undefined;
  try {
    const rows = chainRows(headOf(await connection.query(`begin; ${LOCK_AND_READ_HEAD}`)), groups);
    // Columns as arrays, in the order of INSERT_ROWS; a batch is at most a thousand rows or so (maxRows).
    const values = COLUMNS.map((column) => rows.map((row) => row[column]));
    await connection.query({
      ...(named ? { name: 'casustafel_audit_rows' } : {}),
      text: INSERT_ROWS,
      values,
    });
    await connection.query('commit');
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
