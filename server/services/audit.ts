import { createHash } from 'node:crypto';
import { asc, desc, gt, sql } from 'drizzle-orm';
import { auditLog } from '../../db/schema/index';
import type { Database, Executor } from '../../db/client';
import type { Actor } from '../../shared/index';

/**
 * The audit trail of convenant art. 15.2(e): every read and write of personal data, allowed or denied.
 * Each row's hash covers its content and the previous row's hash, so a verifier detects a changed, removed
 * or inserted row. Rows carry ids, never personal data.
 */
export type AuditAction = 'read' | 'list' | 'create' | 'update' | 'login' | 'logout';
export type AuditResult = 'allowed' | 'denied';

export interface AuditOrigin {
  ip: string | null;
  userAgent: string | null;
}

export interface AuditEntry {
  actor: Actor | null;
  action: AuditAction;
  objectType: string;
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

/**
 * One audit row per subject whose data a list showed: a list of names is a read of each subject's data, and the
 * access review (art. 15.2e) asks per subject who saw it.
 */
export function listedEntries(
  ctx: { actor: Actor; origin: AuditOrigin },
  objectType: string,
  purpose: string,
  listed: readonly { objectId: string; subjectId: string; rule: string }[],
): AuditEntry[] {
  return listed.map((item) => ({
    actor: ctx.actor,
    origin: ctx.origin,
    action: 'list',
    objectType,
    objectId: item.objectId,
    subjectId: item.subjectId,
    fieldGroup: 'naw.name',
    result: 'allowed',
    rule: item.rule,
    purpose,
  }));
}

export const GENESIS_HASH = '0'.repeat(64);
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
  await executor.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
    const [head] = await tx
      .select({ seq: auditLog.seq, hash: auditLog.hash })
      .from(auditLog)
      .orderBy(desc(auditLog.seq))
      .limit(1);
    let seq = head?.seq ?? 0;
    let prevHash = head?.hash ?? GENESIS_HASH;
    const occurredAt = new Date(Math.floor(now.getTime()));
    const rows: AuditRow[] = entries.map((entry) => {
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
      return { ...row, hash };
    });
    await tx.insert(auditLog).values(rows);
  });
}

export type ChainVerdict =
  | { ok: true; rows: number; headSeq: number; headHash: string }
  | { ok: false; rows: number; seq: number; problem: string };

/**
 * A head of the chain (seq and hash) recorded outside the database, e.g. printed by `audit:verify` into the
 * operator's log. The chain alone cannot show that its last rows were cut off, nor that every row was rewritten
 * and rehashed; checked against an anchor kept elsewhere, it can.
 */
export interface ChainAnchor {
  seq: number;
  hash: string;
}

export function parseAnchor(text: string): ChainAnchor | null {
  const match = /^(\d+):([0-9a-f]{64})$/.exec(text.trim());
  return match ? { seq: Number(match[1]), hash: match[2]! } : null;
}

/**
 * Walks the whole chain in order. Detects a changed row (hash mismatch), a removed row (gap in seq, or
 * prev_hash not matching) and an inserted row (seq out of order, or prev_hash not matching); with an anchor,
 * also a chain cut short or rewritten up to the anchor.
 */
export async function verifyAuditChain(
  db: Database,
  options: { batchSize?: number; anchor?: ChainAnchor } = {},
): Promise<ChainVerdict> {
  const batchSize = options.batchSize ?? 2000;
  const anchor = options.anchor;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let lastSeq = 0;
  let count = 0;
  for (;;) {
    const batch = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.seq, lastSeq))
      .orderBy(asc(auditLog.seq))
      .limit(batchSize);
    if (batch.length === 0) break;
    for (const row of batch) {
      if (row.seq !== expectedSeq) {
        return {
          ok: false,
          rows: count,
          seq: row.seq,
          problem: `expected row ${expectedSeq}, found row ${row.seq}: a row was removed or inserted`,
        };
      }
      if (row.prevHash !== prevHash) {
        return {
          ok: false,
          rows: count,
          seq: row.seq,
          problem: 'previous-hash link broken: a row before it was changed, removed or inserted',
        };
      }
      const { hash, ...rest } = row;
      if (hashAuditRow(rest) !== hash) {
        return {
          ok: false,
          rows: count,
          seq: row.seq,
          problem: 'content does not match its hash: the row was changed',
        };
      }
      if (anchor && row.seq === anchor.seq && hash !== anchor.hash) {
        return {
          ok: false,
          rows: count,
          seq: row.seq,
          problem: 'differs from the anchor kept outside the database: the chain was rewritten',
        };
      }
      prevHash = hash;
      expectedSeq += 1;
      count += 1;
      lastSeq = row.seq;
    }
  }
  if (anchor && count < anchor.seq) {
    return {
      ok: false,
      rows: count,
      seq: count + 1,
      problem: `the chain ends at row ${count}, before the anchor's row ${anchor.seq}: rows were cut off`,
    };
  }
  return { ok: true, rows: count, headSeq: lastSeq, headHash: prevHash };
}
