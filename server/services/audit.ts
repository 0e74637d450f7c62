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
export const AUDIT_LOCK_KEY = 0x0ca5_a0d1;

export type AuditRow = typeof auditLog.$inferSelect;

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

/** Entries appended together, with the time they happened. */
export interface Pending {
  entries: readonly AuditEntry[];
  now: Date;
}

/** The last row of the chain: what the next row follows. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/**
 * Takes the chain's lock and reads its head, in one round trip: two statements in one simple query, each with its
 * own snapshot (read committed), so the head is read after the lock is held and is the latest committed one.
 * Constant text without parameters, which is what lets the driver send both at once.
 */
async function lockedHead(tx: Executor): Promise<ChainHead | undefined> {
  return headOf(await tx.execute(sql.raw(LOCK_AND_READ_HEAD)));
}

/** The chain's lock, then its head (see lockedHead). */
export const LOCK_AND_READ_HEAD =
  `select pg_advisory_xact_lock(${AUDIT_LOCK_KEY}); ` +
  `select seq, hash from audit.log order by seq desc limit 1`;

/** The head from the results of a simple query whose last statement read it. */
export function headOf(raw: unknown): ChainHead | undefined {
  const results = (Array.isArray(raw) ? raw : [raw]) as { rows: { seq: string | number; hash: string }[] }[];
  const row = results[results.length - 1]?.rows[0];
  return row ? { seq: Number(row.seq), hash: row.hash } : undefined;
}

/** Takes the chain's lock once and appends every pending group in order, each with its own time. */
export async function writeRows(tx: Executor, groups: readonly Pending[]): Promise<void> {
  const rows = chainRows(await lockedHead(tx), groups);
  // One statement per few hundred rows keeps each under the drivers' parameter limit.
  for (let i = 0; i < rows.length; i += 500) await tx.insert(auditLog).values(rows.slice(i, i + 500));
}

/** The rows of the pending groups, in order, each chained to the one before it from the chain's head. */
export function chainRows(head: ChainHead | undefined, groups: readonly Pending[]): AuditRow[] {
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
  return rows;
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
