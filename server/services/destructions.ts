import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gt, isNull, notExists, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client';
import { destructions, fileKeys, meetingRecords, subjectKeys } from '../../db/schema/index';
import { canonicalJson, type DestroyedObject } from '../../shared/index';
import { GENESIS_HASH, walkChain, type ChainAnchor, type ChainVerdict } from './chain';

/**
 * The destruction log (art. 13): every destroyed file key and record payload, hash-chained and append-only. The
 * database refuses a destruction without its entry (migration 0018), so a key or payload that is gone without one
 * was removed behind the application's back, e.g. by an owner who switched the triggers off.
 */
export type { DestroyedObject };

type DestructionRow = typeof destructions.$inferSelect;

/** Key of the transaction-scoped advisory lock that serialises appends to the destruction chain. */
const DESTRUCTION_LOCK_KEY = 0x0ca5_de57;

export function hashDestruction(row: Omit<DestructionRow, 'hash'>): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        seq: row.seq,
        objectType: row.objectType,
        objectId: row.objectId,
        rule: row.rule,
        destroyedAt: row.destroyedAt.toISOString(),
        prevHash: row.prevHash,
      }),
    )
    .digest('hex');
}

/**
 * Logs a destruction, in the caller's transaction and before the destruction itself (the database checks for the
 * entry). Idempotent: an object already in the log is not logged twice.
 */
export async function logDestruction(
  tx: Executor,
  entry: { objectType: DestroyedObject; objectId: string; rule: string },
  now = new Date(),
): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${DESTRUCTION_LOCK_KEY})`);
  const [logged] = await tx
    .select({ seq: destructions.seq })
    .from(destructions)
    .where(and(eq(destructions.objectType, entry.objectType), eq(destructions.objectId, entry.objectId)))
    .limit(1);
  if (logged) return;
  const [head] = await tx
    .select({ seq: destructions.seq, hash: destructions.hash })
    .from(destructions)
    .orderBy(desc(destructions.seq))
    .limit(1);
  const row: Omit<DestructionRow, 'hash'> = {
    seq: (head?.seq ?? 0) + 1,
    ...entry,
    // Millisecond precision, as stored (timestamp(3)), so the hash recomputes exactly.
    destroyedAt: new Date(Math.floor(now.getTime())),
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  await tx.insert(destructions).values({ ...row, hash: hashDestruction(row) });
}

/** Walks the destruction chain: no entry changed, removed, reordered or slipped in. */
export function verifyDestructionChain(
  db: Database,
  options: { anchor?: ChainAnchor } = {},
): Promise<ChainVerdict> {
  return walkChain(
    (after, limit) =>
      db
        .select()
        .from(destructions)
        .where(gt(destructions.seq, after))
        .orderBy(asc(destructions.seq))
        .limit(limit),
    (row) => {
      const { hash: _hash, ...rest } = row;
      return hashDestruction(rest);
    },
    options,
  );
}

export interface UnloggedLoss {
  objectType: DestroyedObject;
  /** The file id of a key, the record id of a payload. */
  objectId: string;
}

/** Every file key, subject key and record payload that is gone without an entry in the destruction log. */
export async function unloggedLosses(db: Database): Promise<UnloggedLoss[]> {
  const logged = (
    objectType: DestroyedObject,
    id: typeof fileKeys.fileId | typeof subjectKeys.id | typeof meetingRecords.id,
  ) =>
    db
      .select({ one: sql`1` })
      .from(destructions)
      .where(and(eq(destructions.objectType, objectType), eq(destructions.objectId, id)));
  const keys = await db
    .select({ objectId: fileKeys.fileId })
    .from(fileKeys)
    .where(and(isNull(fileKeys.key), notExists(logged('file_key', fileKeys.fileId))))
    .orderBy(asc(fileKeys.fileId));
  const subjectKeysLost = await db
    .select({ objectId: subjectKeys.id })
    .from(subjectKeys)
    .where(and(isNull(subjectKeys.key), notExists(logged('subject_key', subjectKeys.id))))
    .orderBy(asc(subjectKeys.id));
  const payloads = await db
    .select({ objectId: meetingRecords.id })
    .from(meetingRecords)
    .where(and(isNull(meetingRecords.payload), notExists(logged('record_payload', meetingRecords.id))))
    .orderBy(asc(meetingRecords.covenantId), asc(meetingRecords.seq));
  return [
    ...keys.map((k) => ({ objectType: 'file_key' as const, objectId: k.objectId })),
    ...subjectKeysLost.map((k) => ({ objectType: 'subject_key' as const, objectId: k.objectId })),
    ...payloads.map((p) => ({ objectType: 'record_payload' as const, objectId: p.objectId })),
  ];
}
