import type { Executor } from '../../db/client';
import { decrypt, encrypt } from './file-cipher';
import { subjectReadingKey, subjectWritingKey } from './subject-keys';

/**
 * A subject's own free text, sealed with the subject's key (subject-keys.ts) so that it goes, in every backup
 * too, when the subject's last file is destroyed (convenant art. 13). Stored as `sealed:s1:<key id>:<base64>`:
 * the key id is in the value because a subject may have had several keys over time. The additional data binds
 * the value to its subject, key and column. A value without the prefix was stored before sealing and reads as
 * it is.
 */
const PREFIX = 'sealed:s1:';
const SEALED = /^sealed:s1:([0-9a-f-]{36}):([A-Za-z0-9+/=]*)$/;

/** Where a subject's text belongs, e.g. `subject_requests.details`. */
export type SubjectColumn =
  | 'subject_requests.details'
  | 'subject_requests.reasoning'
  | 'notification_duties.informed_how'
  | 'notification_events.informed_how';

const aadOf = (subjectId: string, keyId: string, column: SubjectColumn) => `${subjectId}:${keyId}:${column}`;

/** `text` sealed for storing, in the transaction that stores it (see `subjectWritingKey`). */
export async function sealSubjectText(
  tx: Executor,
  subjectId: string,
  column: SubjectColumn,
  text: string,
): Promise<string> {
  const { id, key } = await subjectWritingKey(tx, subjectId);
  return `${PREFIX}${id}:${encrypt(key, aadOf(subjectId, id, column), Buffer.from(text, 'utf8')).toString('base64')}`;
}

/** `text` sealed, or null as it is. */
export const sealSubjectTextOrNull = (
  tx: Executor,
  subjectId: string,
  column: SubjectColumn,
  text: string | null | undefined,
) =>
  typeof text === 'string' ? sealSubjectText(tx, subjectId, column, text) : Promise.resolve(text ?? null);

/** The stored text opened; null when there is none, or its key was destroyed (the text is gone for good). */
export async function openSubjectText(
  db: Executor,
  subjectId: string,
  column: SubjectColumn,
  stored: string | null,
): Promise<string | null> {
  const sealed = stored === null ? null : SEALED.exec(stored);
  if (!sealed) return stored;
  const [, keyId, body] = sealed as unknown as [string, string, string];
  const key = await subjectReadingKey(db, keyId);
  if (!key) return null;
  return decrypt(key, aadOf(subjectId, keyId, column), Buffer.from(body, 'base64')).toString('utf8');
}
