import { createHmac } from 'node:crypto';
import { keyStore } from '../../db/keystore/current';
import type { KeyStore } from '../../db/keystore/store';

/**
 * A key in two halves: a share in the application's database (with the content it seals) and a secret in the key
 * store (db/keystore, apart from it), under the same id. The key is derived from both, so neither the database,
 * nor its files, nor any of its backups can open the content on their own: once the secret is destroyed at the
 * end of the retention (convenant art. 13), no copy of the content anywhere can be read again. Used for a file's
 * key (file-keys.ts) and a subject's (subject-keys.ts).
 */
export const derive = (secret: Buffer, share: Buffer, id: string) =>
  createHmac('sha256', secret).update(share).update(id).digest();

/**
 * Keys are read on the live path for every stored update, so they are kept a short while. A destroyed key
 * leaves this process's cache at once (`forget`); another process keeps it for at most this long, and by then
 * the destroyed content is gone from the database.
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

export function cached(id: string): Buffer | null {
  const cache = cacheOf(keyStore());
  const entry = cache.get(id);
  if (!entry) return null;
  if (entry.until > Date.now()) return entry.key;
  cache.delete(id);
  return null;
}

export function remember(id: string, key: Buffer): Buffer {
  cacheOf(keyStore()).set(id, { key, until: Date.now() + CACHE_MS });
  return key;
}

/**
 * The key store holds no secret for an id whose content is sealed: it is not the store that sealed it (another
 * KEYSTORE_DATABASE_URL or KEYSTORE_DIR, or a lost one). Refused loudly: reading on as if the key were destroyed
 * would open documents empty and freeze them so.
 */
export class KeyStoreMismatchError extends Error {
  override readonly name = 'KeyStoreMismatchError';
  constructor(readonly fileId: string) {
    super(
      `the key store holds no key for ${fileId}, whose content is sealed: check KEYSTORE_DATABASE_URL or KEYSTORE_DIR`,
    );
  }
}

/** The key to read with, from the share (null once destroyed): cached, null when destroyed, an error when lacking. */
export async function readingKeyOf(id: string, share: () => Promise<Buffer | null>): Promise<Buffer | null> {
  const hit = cached(id);
  if (hit) return hit;
  const half = await share();
  if (!half) return null;
  const secret = await keyStore().secret(id);
  if (secret === undefined) throw new KeyStoreMismatchError(id);
  return secret ? remember(id, derive(secret, half, id)) : null;
}

/** Destroys the secret in the key store, and forgets the key here. */
export async function shredSecret(id: string): Promise<void> {
  cacheOf(keyStore()).delete(id);
  await keyStore().destroy(id);
}
