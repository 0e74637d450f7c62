import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { keyStore } from '../../db/keystore/current';
import { fileKeys } from '../../db/schema/index';
import { cached, derive, readingKeyOf, remember } from './key-halves';

export { KeyStoreMismatchError, shredSecret } from './key-halves';

/** The file whose retention governs a piece of content: a weighing file or a case file, and its subject. */
export interface KeyOwner {
  fileId: string;
  fileKind: 'weighing' | 'case';
  subjectId: string;
}

async function shareOf(db: Executor, fileId: string): Promise<Buffer | null> {
  const [row] = await db
    .select({ key: fileKeys.key })
    .from(fileKeys)
    .where(eq(fileKeys.fileId, fileId))
    .limit(1);
  return row?.key ? Buffer.from(row.key, 'hex') : null;
}

/** The key to write the file's content with, both halves made on first use; null once the file was destroyed. */
export async function writingKey(db: Executor, owner: KeyOwner): Promise<Buffer | null> {
  const hit = cached(owner.fileId);
  if (hit) return hit;
  await db
    .insert(fileKeys)
    .values({ ...owner, key: randomBytes(32).toString('hex'), createdAt: new Date() })
    .onConflictDoNothing();
  const share = await shareOf(db, owner.fileId);
  if (!share) return null;
  const secret = await keyStore().ensure(owner.fileId);
  return secret ? remember(owner.fileId, derive(secret, share, owner.fileId)) : null;
}

/** The key to read the file's content with; null when it was destroyed (art. 13), an error when the store lacks it. */
export const readingKey = (db: Executor, fileId: string): Promise<Buffer | null> =>
  readingKeyOf(fileId, () => shareOf(db, fileId));

/** The share alone: the key of content sealed before the key store existed (`A256GCM` blocks). */
export const legacyKey = shareOf;
