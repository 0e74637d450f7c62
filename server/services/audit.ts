import { createHash } from 'node:crypto';
import { asc, gt, sql } from 'drizzle-orm';
import { auditLog } from '../../db/schema/index';
import type { Database, Executor } from '../../db/client';
import type { Actor, AuditAction, AuditObjectType, AuditResult } from '../../shared/index';

export type { AuditAction, AuditResult };
import { GENESIS_HASH, walkChain, type ChainAnchor, type ChainVerdict } from './chain';

export { GENESIS_HASH };

/**
 * The audit trail of convenant art. 15.2(e): every read and write of personal data, allowed or denied.
 * Each row's hash covers its content and the previous row's hash, so a verifier detects a changed, removed
 * or inserted row. Rows carry ids, never personal data.
 */
export interface AuditEntry {
  actor: Actor | null;
  action: AuditAction;
  objectType: AuditObjectType;
  objectId?: string | null;
  subjectId?: string | null;
  fieldGroup?: string | null;
  result: AuditResult;
  rule?: string | null;
  purpose: string;
  origin: AuditOrigin;
  /** Stored in place of the actor's user id when there is no actor (e.g. a failed login for a known account). */
  userId?: string | null;
}

export interface AuditOrigin {
  ip: string | null;
  userAgent: string | null;
}

/** An audit row of the requester's own doing: the actor and origin of the request, and what they did, by which rule. */
export const byRequester = (
  ctx: { actor: Actor; origin: AuditOrigin },
  entry: Omit<AuditEntry, 'actor' | 'origin'>,
): AuditEntry => ({ actor: ctx.actor, origin: ctx.origin, ...entry });

/** Key of the transaction-scoped advisory lock that serialises appends to the chain (any instance). */
const AUDIT_LOCK_KEY = 0x0ca5_a0d1;

type AuditRow = typeof auditLog.$inferSelect;

/** The canonical serialisation a row's hash covers: fixed field order, UTC ISO time with milliseconds. */
export function canonicalAuditRow(row: Omit<AuditRow, 'hash'>): string {
  return JSON.stringify([
    row.seq,
    row.occurredAt.toISOString(),
    row.userId,
    row.organisationId,
    row.capacity,
    row.role,
    row.onBehalfOf,
    row.action,
    row.objectType,
    row.objectId,
    row.subjectId,
    row.fieldGroup,
    row.result,
    row.rule,
    row.purpose,
    row.ip,
    row.userAgent,
    row.prevHash,
  ]);
}

export function hashAuditRow(row: Omit<AuditRow, 'hash'>): string {
  return createHash('sha256').update(canonicalAuditRow(row)).digest('hex');
}

function onBehalfOf(actor: Actor | null): string | null {
  if (!actor) return null;
  // The executor acts in the name of the controller, i.e. the core parties together (art. 1l, 4, 5).
  if (actor.role === 'executor') return 'controller';
  return actor.partyId;
}

/**
 * Appends entries to the chain inside the caller's transaction (or a new one), so an audited write and its
 * audit rows commit or roll back together.
 */
export async function appendAudit(
  executor: Executor,
  entries: readonly AuditEntry[],
  now = new Date(),
): Promise<void> {
  if (entries.length === 0) return;
  await executor.transaction((tx) => writeRows(tx, [{ entries, now }]));
}

interface Pending {
  entries: readonly AuditEntry[];
  now: Date;
}

/**
 * Takes the chain's lock and reads its head, in one round trip: two statements in one simple query, each with its
 * own snapshot (read committed), so the head is read after the lock is held and is the latest committed one.
 * Constant text without parameters, which is what lets the driver send both at once.
 */
async function lockedHead(tx: Executor): Promise<{ seq: number; hash: string } | undefined> {
  const raw: unknown = await tx.execute(
    sql.raw(
      `select pg_advisory_xact_lock(${AUDIT_LOCK_KEY}); ` +
        `select seq, hash from audit.log order by seq desc limit 1`,
    ),
  );
  const results = (Array.isArray(raw) ? raw : [raw]) as { rows: { seq: string | number; hash: string }[] }[];
  const row = results[results.length - 1]?.rows[0];
  return row ? { seq: Number(row.seq), hash: row.hash } : undefined;
}

/** Takes the chain's lock once and appends every pending group in order, each with its own time. */
async function writeRows(tx: Executor, groups: readonly Pending[]): Promise<void> {
  const head = await lockedHead(tx);
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  const rows: AuditRow[] = [];
  for (const { entries, now } of groups) {
    const occurredAt = new Date(Math.floor(now.getTime()));
    for (const entry of entries) {
      seq += 1;
      const row: Omit<AuditRow, 'hash'> = {
        seq,
        occurredAt,
        userId: entry.actor?.userId ?? entry.userId ?? null,
        organisationId: entry.actor?.organisationId ?? null,
        capacity: entry.actor?.capacity ?? null,
        role: entry.actor?.role ?? null,
        onBehalfOf: onBehalfOf(entry.actor),
        action: entry.action,
        objectType: entry.objectType,
        objectId: entry.objectId ?? null,
        subjectId: entry.subjectId ?? null,
        fieldGroup: entry.fieldGroup ?? null,
        result: entry.result,
        rule: entry.rule ?? null,
        purpose: entry.purpose,
        ip: entry.origin.ip,
        userAgent: entry.origin.userAgent?.slice(0, 300) ?? null,
        prevHash,
      };
      const hash = hashAuditRow(row);
      prevHash = hash;
      rows.push({ ...row, hash });
    }
  }
  // One statement per few hundred rows keeps each under the drivers' parameter limit.
  for (let i = 0; i < rows.length; i += 500) await tx.insert(auditLog).values(rows.slice(i, i + 500));
}

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

  constructor(
    private readonly db: Database,
    private readonly maxRows = 1000,
  ) {}

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
          await this.db.transaction((tx) => writeRows(tx, batch));
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

export { parseAnchor, type ChainAnchor, type ChainVerdict } from './chain';

/**
 * Walks the whole audit chain in order: a changed, removed or inserted row breaks it; with an anchor kept outside
 * the database, so does a chain cut short or rewritten.
 */
export function verifyAuditChain(
  db: Database,
  options: { batchSize?: number; anchor?: ChainAnchor } = {},
): Promise<ChainVerdict> {
  return walkChain(
    (after, limit) =>
      db.select().from(auditLog).where(gt(auditLog.seq, after)).orderBy(asc(auditLog.seq)).limit(limit),
    ({ hash: _hash, ...rest }) => hashAuditRow(rest),
    options,
  );
}
