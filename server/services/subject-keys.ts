import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { keyStore } from '../../db/keystore/current';
import { subjectKeys, subjects } from '../../db/schema/index';
import { conflict } from '../errors';
import { logDestruction } from './destructions';
import { derive, KeyStoreMismatchError, readingKeyOf, remember, shredSecret } from './key-halves';

/**
 * The key of a subject's own free text (db/schema/records.ts `subjectKeys` says which), in two halves like a
 * file's (key-halves.ts). At most one is live per subject; it is destroyed with the subject's last file.
 *
 * Sealing with it and destroying it are serialised on the subject's row: a writer holds it shared until its
 * transaction commits (so the text it sealed is stored before any destruction looks), and retention holds it
 * exclusively while it blanks the texts and destroys the key (so no writer seals with a key about to go, nor
 * makes a new one in between). `no key update` leaves the foreign-key checks of other writes unhindered.
 */
const lockSubject = (tx: Executor, subjectId: string, mode: 'share' | 'no key update') =>
  tx.select({ id: subjects.id }).from(subjects).where(eq(subjects.id, subjectId)).for(mode);

const liveKey = (tx: Executor, subjectId: string) =>
  tx
    .select({ id: subjectKeys.id, key: subjectKeys.key })
    .from(subjectKeys)
    .where(and(eq(subjectKeys.subjectId, subjectId), isNull(subjectKeys.destroyedAt)))
    .limit(1);

/**
 * The subject's live key to seal with, made on first use (and anew after a destruction). Call it in the
 * transaction that stores the sealed text (see above).
 */
export async function subjectWritingKey(
  tx: Executor,
  subjectId: string,
): Promise<{ id: string; key: Buffer }> {
  await lockSubject(tx, subjectId, 'share');
  let [row] = await liveKey(tx, subjectId);
  let secret: Buffer | null | undefined;
  if (!row) {
    const id = randomUUID();
    const made = await tx
      .insert(subjectKeys)
      .values({ id, subjectId, key: randomBytes(32).toString('hex'), createdAt: new Date() })
      .onConflictDoNothing()
      .returning({ id: subjectKeys.id, key: subjectKeys.key });
    // Made here: its secret too. Otherwise another writer made it meanwhile, with its secret.
    if (made[0]) secret = await keyStore().ensure(id);
    [row] = made[0] ? made : await liveKey(tx, subjectId);
  }
  if (!row?.key)
    throw conflict('A destruction of this subject is under way (art. 13); try again in a moment');
  // A key's secret is made with the key, so a store without it is not this database's key store.
  secret ??= await keyStore().secret(row.id);
  if (secret === undefined) throw new KeyStoreMismatchError(row.id);
  // Only between a destruction's shredding and its commit, or after a failed one, which the next run ends.
  if (secret === null)
    throw conflict('A destruction of this subject is under way (art. 13); try again later');
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
 * Holds off every writer of the subject's texts until the caller's transaction ends. Retention calls it before
 * it blanks the subject's texts, then `destroySubjectKey`.
 */
export async function lockSubjectTexts(tx: Executor, subjectId: string): Promise<void> {
  await lockSubject(tx, subjectId, 'no key update');
}

/**
 * Destroys the subject's key once no file of the subject is left (art. 13), under `lockSubjectTexts`: logged in
 * the destruction log, the share nulled (the database checks both), and the secret shredded in the key store, so
 * what was sealed with it is unreadable in every copy and backup of the database.
 */
export async function destroySubjectKey(tx: Executor, subjectId: string, rule: string, now: Date) {
  const [row] = await liveKey(tx, subjectId);
  if (!row) return;
  await logDestruction(tx, { objectType: 'subject_key', objectId: row.id, rule }, now);
  await tx.update(subjectKeys).set({ key: null, destroyedAt: now }).where(eq(subjectKeys.id, row.id));
  await shredSecret(row.id);
}
