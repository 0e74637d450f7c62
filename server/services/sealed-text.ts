import type { Executor } from '../../db/client';
import { decrypt, encrypt } from './file-cipher';
import { readingKey, writingKey, type KeyOwner } from './file-keys';

/**
 * Free text of a file kept in a text column, sealed with the file's key (services/file-keys.ts), so destroying
 * the key at the end of the file's retention (convenant art. 13) leaves it unreadable in every backup too. Stored
 * as `sealed:v1:<base64>`; the additional data is the file and the column, so a value cannot be moved to another
 * file or column unnoticed. A value without the prefix was stored before sealing, and reads as it is.
 */
const PREFIX = 'sealed:v1:';

/** Where a sealed text belongs, e.g. `casusoverleg.consent_votes.remark`. */
export type SealedColumn = string;

const aadOf = (fileId: string, column: SealedColumn) => `${fileId}:${column}`;

/** The text sealed for storing; refused once the file's key was destroyed. */
export async function sealText(
  db: Executor,
  owner: KeyOwner,
  column: SealedColumn,
  text: string,
): Promise<string> {
  const key = await writingKey(db, owner);
  if (!key) throw new Error('the file key was destroyed; nothing can be stored for this file any more');
  return PREFIX + encrypt(key, aadOf(owner.fileId, column), Buffer.from(text, 'utf8')).toString('base64');
}

/** The stored text opened; null when there is none, or the file's key was destroyed (the text is gone for good). */
export async function openText(
  db: Executor,
  fileId: string,
  column: SealedColumn,
  stored: string | null,
): Promise<string | null> {
  if (stored === null || !stored.startsWith(PREFIX)) return stored;
  const key = await readingKey(db, fileId);
  if (!key) return null;
  return decrypt(key, aadOf(fileId, column), Buffer.from(stored.slice(PREFIX.length), 'base64')).toString(
    'utf8',
  );
}

/** Fields of a row that hold text (or null); the rest pass unchanged. */
type TextFields<T> = { [K in keyof T]: T[K] extends string | null | undefined ? K : never }[keyof T] & string;

/** `values` with each of `fields` sealed for storing in `table` (a null or absent field stays as it is). */
export async function sealFields<T extends object>(
  db: Executor,
  owner: KeyOwner,
  table: string,
  values: T,
  fields: readonly TextFields<T>[],
): Promise<T> {
  const sealed = { ...values } as Record<string, unknown>;
  for (const field of fields) {
    const value = sealed[field];
    if (typeof value === 'string') sealed[field] = await sealText(db, owner, `${table}.${field}`, value);
  }
  return sealed as T;
}

/** `row` with each of `fields` opened (null where the file's key was destroyed). */
export async function openFields<T extends object>(
  db: Executor,
  fileId: string,
  table: string,
  row: T,
  fields: readonly TextFields<T>[],
): Promise<T> {
  const opened = { ...row } as Record<string, unknown>;
  for (const field of fields) {
    const value = opened[field];
    if (typeof value === 'string') opened[field] = await openText(db, fileId, `${table}.${field}`, value);
  }
  return opened as T;
}
