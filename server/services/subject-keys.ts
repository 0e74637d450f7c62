import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { keyStore } from '../../db/keystore/current';
import { subjectKeys } from '../../db/schema/index';
import { logDestruction } from './destructions';
import { derive, readingKeyOf, remember, shredSecret } from './key-halves';

/**
 * The key of a subject's own free text (db/schema/records.ts `subjectKeys` says which), in two halves like a
 * file's (key-halves.ts). At most one is live per subject; it is destroyed with the subject's last file.
 */

const liveKey = (tx: Executor, subjectId: string) =>
  tx
    .select({ id: subjectKeys.id, key: subjectKeys.key })
    .from(subjectKeys)
    .where(and(eq(subjectKeys.subjectId, subjectId), isNull(subjectKeys.destroyedAt)))
    .limit(1);

/**
 * The subject's live key to seal with, made on first use (and anew after a destruction). Call it in the
 * transaction that stores the sealed text: the key's row stays locked until it commits, so retention cannot
 * destroy the key under a text sealed with it and not yet stored (it waits, then blanks that text too).
 */
export async function subjectWritingKey(
  tx: Executor,
  subjectId: string,
): Promise<{ id: string; key: Buffer }> {
  let [row] = await liveKey(tx, subjectId).for('share');
  if (!row) {
    await tx
      .insert(subjectKeys)
      .values({ id: randomUUID(), subjectId, key: randomBytes(32).toString('hex'), createdAt: new Date() })
      .onConflictDoNothing();
    [row] = await liveKey(tx, subjectId).for('share');
  }
  const secret = row?.key ? await keyStore().ensure(row.id) : null;
  // Only between a destruction's shredding and its commit (or a failed one, which the next retention run ends).
  if (!row?.key || !secret) throw new Error('the subject key is being destroyed; try again');
  return { id: row.id, key: remember(row.id, derive(secret, Buffer.from(row.key, 'hex'), row.id)) };
}

/** The key `id` to open with; null once destroyed (art. 13), an error when the key store lacks it. */
export function subjectReadingKey(db: Executor, id: string): Promise<Buffer | null> {
  return readingKeyOf(id, async () => {
    const [row] = await db
      .select({ key: subjectKeys.key })
      .from(subjectKeys)
      .where(eq(subjectKeys.id, id))
      .limit(1);
    return row?.key ? Buffer.from(row.key, 'hex') : null;
  });
}

/**
 * Locks the subject's live key, so that no text is sealed with it from now until the caller's transaction ends.
 * Retention calls it before it blanks the subject's texts, then `destroySubjectKey`.
 */
export async function lockSubjectKey(tx: Executor, subjectId: string): Promise<void> {
  await liveKey(tx, subjectId).for('update');
}

/**
 * Destroys the subject's key once no file of the subject is left (art. 13): logged in the destruction log, the
 * share nulled (the database checks both), and the secret shredded in the key store, so what was sealed with it
 * is unreadable in every copy and backup of the database.
 */
export async function destroySubjectKey(tx: Executor, subjectId: string, rule: string, now: Date) {
  const [row] = await liveKey(tx, subjectId).for('update');
  if (!row) return;
  await logDestruction(tx, { objectType: 'subject_key', objectId: row.id, rule }, now);
  await tx.update(subjectKeys).set({ key: null, destroyedAt: now }).where(eq(subjectKeys.id, row.id));
  await shredSecret(row.id);
}
