import { createHash, randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client';
import { meetingRecords } from '../../db/schema/index';
import { canonicalJson } from '../../shared/index';
import { logDestruction } from './destructions';
import { GENESIS_HASH, walkChain, type ChainAnchor, type ChainVerdict } from './chain';

export type RecordKind = 'minutes' | 'rectification';
type RecordRow = typeof meetingRecords.$inferSelect;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The hash of a record's content: over its canonical JSON, so it survives jsonb's reordering of keys. */
export const payloadHashOf = (payload: unknown) => sha256(canonicalJson(payload));

/**
 * What a record's hash covers: its place in the chain, its metadata and its payload's *hash* (not the payload),
 * so destroying a payload at the end of its retention (art. 13) leaves the chain verifiable.
 */
export function hashRecord(row: Omit<RecordRow, 'hash' | 'payload'>): string {
  return sha256(
    canonicalJson({
      covenantId: row.covenantId,
      seq: row.seq,
      id: row.id,
      kind: row.kind,
      meetingId: row.meetingId,
      rectifiesId: row.rectifiesId,
      payloadHash: row.payloadHash,
      createdAt: row.createdAt.toISOString(),
      createdByMembershipId: row.createdByMembershipId,
      prevHash: row.prevHash,
    }),
  );
}

/**
 * Appends a record to its covenant's chain, in the caller's transaction (so a freeze stores its record and closes
 * the meeting together, or neither). One writer per covenant chain at a time (advisory lock).
 */
export async function appendRecord(
  tx: Executor,
  record: {
    /** Chosen by the caller when other rows written in the same transaction refer to the record. */
    id?: string;
    covenantId: string;
    kind: RecordKind;
    meetingId: string;
    rectifiesId?: string | null;
    payload: unknown;
    createdByMembershipId: string;
  },
  now = new Date(),
): Promise<RecordRow> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`records:${record.covenantId}`}))`);
  const [head] = await tx
    .select({ seq: meetingRecords.seq, hash: meetingRecords.hash })
    .from(meetingRecords)
    .where(eq(meetingRecords.covenantId, record.covenantId))
    .orderBy(desc(meetingRecords.seq))
    .limit(1);
  const row: Omit<RecordRow, 'hash'> = {
    covenantId: record.covenantId,
    seq: (head?.seq ?? 0) + 1,
    id: record.id ?? randomUUID(),
    kind: record.kind,
    meetingId: record.meetingId,
    rectifiesId: record.rectifiesId ?? null,
    payload: record.payload,
    payloadHash: payloadHashOf(record.payload),
    // Millisecond precision, as stored (timestamp(3)), so the hash recomputes exactly.
    createdAt: new Date(Math.floor(now.getTime())),
    createdByMembershipId: record.createdByMembershipId,
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  const stored = { ...row, hash: hashRecord(row) };
  await tx.insert(meetingRecords).values(stored);
  return stored;
}

/**
 * Verifies one covenant's chain of records: no record changed (metadata against its hash, and a payload still
 * present against its payload hash), removed, reordered or slipped in.
 */
export function verifyRecordChain(
  db: Database,
  covenantId: string,
  options: { anchor?: ChainAnchor } = {},
): Promise<ChainVerdict> {
  return walkChain(
    (after, limit) =>
      db
        .select()
        .from(meetingRecords)
        .where(and(eq(meetingRecords.covenantId, covenantId), gt(meetingRecords.seq, after)))
        .orderBy(asc(meetingRecords.seq))
        .limit(limit),
    (row) => {
      const { hash: _hash, payload, ...rest } = row;
      // A payload that no longer matches its hash makes the record's check fail as well.
      if (payload !== null && payloadHashOf(payload) !== row.payloadHash) return 'payload changed';
      return hashRecord(rest);
    },
    options,
  );
}

/** Does a stored record still match its hashes (its payload, when not destroyed, and its metadata)? */
export function recordIntact(row: RecordRow): boolean {
  const { hash, payload, ...rest } = row;
  if (payload !== null && payloadHashOf(payload) !== row.payloadHash) return false;
  return hashRecord(rest) === hash;
}

/**
 * Destroys a record's payload at the end of its retention (art. 13), with its entry in the destruction log; the
 * payload's hash stays, so the chain still verifies. The database refuses it while the retention of any file the
 * record's meeting discussed has not ended.
 */
export async function destroyRecordPayload(tx: Executor, recordId: string, rule: string, now = new Date()) {
  await logDestruction(tx, { objectType: 'record_payload', objectId: recordId, rule }, now);
  await tx.update(meetingRecords).set({ payload: null }).where(eq(meetingRecords.id, recordId));
}
