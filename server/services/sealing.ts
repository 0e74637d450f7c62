import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { fileKeys } from '../../db/schema/index';
import { logDestruction } from './destructions';
import { legacyKey, readingKey, shredSecret, writingKey, type KeyOwner } from './file-keys';

export type { KeyOwner } from './file-keys';

/**
 * Personal content of a record, sealed with the key of the file it comes from (AES-256-GCM). Canonical-JSON
 * friendly; the file id is bound as additional data, so a block cannot be moved to another file unnoticed.
 */
export interface Sealed {
  /** `A256GCM-KS`: the file's key from both halves (services/file-keys.ts); `A256GCM`: the share alone (older). */
  alg: 'A256GCM' | 'A256GCM-KS';
  fileId: string;
  iv: string;
  tag: string;
  data: string;
}

/** Seals a value with its file's key, created on first use. Refuses once the file's key was destroyed. */
export async function seal(db: Executor, owner: KeyOwner, value: unknown): Promise<Sealed> {
  const key = await writingKey(db, owner);
  if (!key) throw new Error('the file key was destroyed; nothing can be recorded for this file any more');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(owner.fileId));
  const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return {
    alg: 'A256GCM-KS',
    fileId: owner.fileId,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}

/** Opens a sealed value; null when the file's key was destroyed (the content is gone for good). */
export async function unseal<T>(db: Executor, sealed: Sealed): Promise<T | null> {
  const key =
    sealed.alg === 'A256GCM' ? await legacyKey(db, sealed.fileId) : await readingKey(db, sealed.fileId);
  if (!key) return null;
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAAD(Buffer.from(sealed.fileId));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  const plain = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]);
  return JSON.parse(plain.toString('utf8')) as T;
}

/**
 * Destroys a file's key (crypto-shredding, art. 13): its share here and its secret in the key store. Every content
 * sealed for the file becomes unreadable for good, in the database and in every backup of it, while records and their chain stay intact. Idempotent; a file that never had a key gets a destroyed
 * one, so nothing can be sealed for it afterwards. Only for a file whose retention has ended and whose tombstone
 * is written: the database refuses it otherwise, and without the entry in the destruction log written here.
 */
export async function destroyFileKey(
  db: Executor,
  owner: KeyOwner,
  rule: string,
  now = new Date(),
): Promise<void> {
  await logDestruction(db, { objectType: 'file_key', objectId: owner.fileId, rule }, now);
  await db
    .insert(fileKeys)
    .values({ ...owner, key: null, createdAt: now, destroyedAt: now })
    .onConflictDoNothing();
  await db
    .update(fileKeys)
    .set({
      key: null,
      destroyedAt: sql`coalesce(${fileKeys.destroyedAt}, ${now.toISOString()}::timestamptz)`,
    })
    .where(eq(fileKeys.fileId, owner.fileId));
  // Last, after the destruction is logged: should the transaction still fail, the file (due for destruction) is
  // unreadable a little early, and the next retention run logs it.
  await shredSecret(owner.fileId);
}

/** The key owner of an agenda item: the weighing file (weegploeg) or the case file (casusoverleg) it discussed. */
export function keyOwnerOf(item: {
  subjectId: string;
  weighingFileId: string | null;
  caseFileId: string | null;
}): KeyOwner {
  if (item.weighingFileId)
    return { fileId: item.weighingFileId, fileKind: 'weighing', subjectId: item.subjectId };
  if (item.caseFileId) return { fileId: item.caseFileId, fileKind: 'case', subjectId: item.subjectId };
  throw new Error('an agenda item discusses a weighing file or a case file');
}
