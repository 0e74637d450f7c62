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
