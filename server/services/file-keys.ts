import { createHmac, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { keyStore } from '../../db/keystore/current';
import type { KeyStore } from '../../db/keystore/store';
import { fileKeys } from '../../db/schema/index';

/** The file whose retention governs a piece of content: a weighing file or a case file, and its subject. */
export interface KeyOwner {
  fileId: string;
  fileKind: 'weighing' | 'case';
  subjectId: string;
}

/**
 * A file's key has two halves: a share in `records.file_keys` (in the database, with the content) and a secret in
 * the key store (db/keystore, apart from it). The key is derived from both, so neither the database, nor its
 * files, nor any of its backups can open a file's content on their own: once the secret is destroyed at the end
 * of the file's retention (convenant art. 13), no copy of the content anywhere can be read again.
 */
const derive = (secret: Buffer, share: Buffer, fileId: string) =>
  createHmac('sha256', secret).update(share).update(fileId).digest();

/**
 * Keys are read on the live path for every stored update, so they are kept a short while. A destroyed key
 * leaves this process's cache at once (`forget`); another process keeps it for at most this long, and by then
 * the destroyed file's content is gone from the database.
 */
const CACHE_MS = 30_000;
/** Per key store: a key derived with one store's secret is never used for another's. */
const caches = new WeakMap<KeyStore, Map<string, { key: Buffer; until: number }>>();

function cacheOf(store: KeyStore) {
  let cache = caches.get(store);
  if (!cache) {
    cache = new Map();
    caches.set(store, cache);
  }
  return cache;
}

function cached(fileId: string): Buffer | null {
  const cache = cacheOf(keyStore());
  const entry = cache.get(fileId);
  if (!entry) return null;
  if (entry.until > Date.now()) return entry.key;
  cache.delete(fileId);
  return null;
}

function remember(fileId: string, key: Buffer): Buffer {
  cacheOf(keyStore()).set(fileId, { key, until: Date.now() + CACHE_MS });
  return key;
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

/**
 * The key store holds no secret for a file whose content is sealed: it is not the store that sealed it (another
 * KEYSTORE_DATABASE_URL or KEYSTORE_DIR, or a lost one). Refused loudly: reading on as if the file were destroyed
 * would open documents empty and freeze them so.
 */
export class KeyStoreMismatchError extends Error {
  override readonly name = 'KeyStoreMismatchError';
  constructor(readonly fileId: string) {
    super(
      `the key store holds no key for file ${fileId}, whose content is sealed: check KEYSTORE_DATABASE_URL or KEYSTORE_DIR`,
    );
  }
}

/** The key to read the file's content with; null when it was destroyed (art. 13), an error when the store lacks it. */
export async function readingKey(db: Executor, fileId: string): Promise<Buffer | null> {
  const hit = cached(fileId);
  if (hit) return hit;
  const share = await shareOf(db, fileId);
  if (!share) return null;
  const secret = await keyStore().secret(fileId);
  if (secret === undefined) throw new KeyStoreMismatchError(fileId);
  return secret ? remember(fileId, derive(secret, share, fileId)) : null;
}

/** The share alone: the key of content sealed before the key store existed (`A256GCM` blocks). */
export const legacyKey = shareOf;

/** Destroys the secret in the key store, and forgets the key here. */
export async function shredSecret(fileId: string): Promise<void> {
  cacheOf(keyStore()).delete(fileId);
  await keyStore().destroy(fileId);
}
