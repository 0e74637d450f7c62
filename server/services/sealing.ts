import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { subjectKeys } from '../../db/schema/index';

/** Personal content of a record, sealed with its subject's key (AES-256-GCM). Canonical-JSON friendly. */
export interface Sealed {
  alg: 'A256GCM';
  subjectId: string;
  iv: string;
  tag: string;
  data: string;
}

/** The subject's key, created on first use; null once destroyed (art. 13). */
async function keyOf(db: Executor, subjectId: string, create: boolean): Promise<Buffer | null> {
  if (create)
    await db
      .insert(subjectKeys)
      .values({ subjectId, key: randomBytes(32).toString('hex'), createdAt: new Date() })
      .onConflictDoNothing();
  const [row] = await db.select().from(subjectKeys).where(eq(subjectKeys.subjectId, subjectId)).limit(1);
  return row?.key ? Buffer.from(row.key, 'hex') : null;
}

/**
 * Seals a value for a subject. The subject id is bound as additional data, so a sealed block cannot be moved to
 * another subject's item unnoticed. Refuses to seal for a subject whose key was destroyed.
 */
export async function seal(db: Executor, subjectId: string, value: unknown): Promise<Sealed> {
  const key = await keyOf(db, subjectId, true);
  if (!key)
    throw new Error('the subject key was destroyed; nothing can be recorded for this subject any more');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(subjectId));
  const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return {
    alg: 'A256GCM',
    subjectId,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}

/** Opens a sealed value; null when the subject's key was destroyed (the content is gone for good). */
export async function unseal<T>(db: Executor, sealed: Sealed): Promise<T | null> {
  const key = await keyOf(db, sealed.subjectId, false);
  if (!key) return null;
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAAD(Buffer.from(sealed.subjectId));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  const plain = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]);
  return JSON.parse(plain.toString('utf8')) as T;
}

/**
 * Destroys a subject's key (crypto-shredding, art. 13): every record content sealed for the subject becomes
 * unreadable for good, while records and their chain stay intact. Idempotent.
 */
export async function destroySubjectKey(db: Executor, subjectId: string, now = new Date()): Promise<void> {
  await db
    .update(subjectKeys)
    .set({
      key: null,
      destroyedAt: sql`coalesce(${subjectKeys.destroyedAt}, ${now.toISOString()}::timestamptz)`,
    })
    .where(eq(subjectKeys.subjectId, subjectId));
}
