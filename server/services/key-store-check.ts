import { isNotNull } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { keyStore } from '../../db/keystore/current';
import { fileKeys, subjectKeys } from '../../db/schema/index';

/**
 * Whether the key store (db/keystore) matches the database: every live key's share needs its secret there.
 * - `missing`: the store never had it. For a file key that is either content sealed before the key store existed
 *   (it opens with the share alone), or a wrong or lost key store; when the store holds none of the secrets, it
 *   is the latter for certain.
 * - `destroyed`: the secret is gone while the database still holds the share: a destruction (art. 13) that was
 *   interrupted after the key store and before its commit; the next retention run finishes it.
 */
export interface KeyStoreCheck {
  keys: number;
  missing: { owner: 'file' | 'subject'; id: string }[];
  destroyed: { owner: 'file' | 'subject'; id: string }[];
  /** The store holds none of the secrets of the live keys, or lacks a subject key's: not this database's store. */
  wrongStore: boolean;
}

export async function checkKeyStore(db: Database): Promise<KeyStoreCheck> {
  const live = [
    ...(await db.select({ id: fileKeys.fileId }).from(fileKeys).where(isNotNull(fileKeys.key))).map((k) => ({
      owner: 'file' as const,
      id: k.id,
    })),
    ...(await db.select({ id: subjectKeys.id }).from(subjectKeys).where(isNotNull(subjectKeys.key))).map(
      (k) => ({ owner: 'subject' as const, id: k.id }),
    ),
  ];
  const check: KeyStoreCheck = { keys: live.length, missing: [], destroyed: [], wrongStore: false };
  for (const key of live) {
    const secret = await keyStore().secret(key.id);
    if (secret === undefined) check.missing.push(key);
    else if (secret === null) check.destroyed.push(key);
  }
  // A subject key's secret is made with the key (subject-keys.ts): one missing is never from before the store.
  check.wrongStore =
    (live.length > 0 && check.missing.length === live.length) ||
    check.missing.some((key) => key.owner === 'subject');
  return check;
}
