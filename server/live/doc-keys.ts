import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { agendaItems } from '../../db/schema/index';
import { parseDocName } from '../../shared/index';
import { decrypt, encrypt } from '../services/file-cipher';
import { readingKey, writingKey, type KeyOwner } from '../services/file-keys';
import { keyOwnerOf } from '../services/sealing';

/**
 * The Yjs state of an item's documents is personal data of the file the item discusses, so it is stored sealed
 * with that file's key (AES-256-GCM, the document's name as additional data: a row cannot be moved to another
 * document unnoticed). When the file's key is destroyed at the end of its retention (convenant art. 13), the
 * document's log and snapshots are unreadable in every copy of the database. The meeting's agenda document is
 * tied to no file and holds only its defined structure (ids and times), so it is stored as it is.
 */
/** A row's bytes as stored, and the file whose key sealed them (null: stored as they are). */
export interface StoredBytes {
  fileId: string | null;
  bytes: Uint8Array;
}

/** The write is refused: the file the document belongs to was destroyed, or its item is unknown. */
export class DocKeyError extends Error {
  override readonly name = 'DocKeyError';
}

export class DocKeys {
  /** Document name → the file that owns it (null: no file). An item never changes its file. */
  private readonly owners = new Map<string, KeyOwner | null>();

  constructor(private readonly db: Executor) {}

  private async ownerOf(docName: string): Promise<KeyOwner | null> {
    const known = this.owners.get(docName);
    if (known !== undefined) return known;
    const address = parseDocName(docName);
    if (!address?.itemId) {
      this.owners.set(docName, null);
      return null;
    }
    const [item] = await this.db
      .select({
        subjectId: agendaItems.subjectId,
        weighingFileId: agendaItems.weighingFileId,
        caseFileId: agendaItems.caseFileId,
      })
      .from(agendaItems)
      .where(and(eq(agendaItems.id, address.itemId), eq(agendaItems.meetingId, address.meetingId)));
    // An item's document is never stored in the clear: without its item there is nothing to store it under.
    if (!item) throw new DocKeyError(`no agenda item holds document ${docName}`);
    const owner = keyOwnerOf(item);
    this.owners.set(docName, owner);
    return owner;
  }

  /** The bytes to store for `docName`: sealed with its file's key, or as they are for the agenda document. */
  async seal(docName: string, plain: Uint8Array): Promise<StoredBytes> {
    const owner = await this.ownerOf(docName);
    if (!owner) return { fileId: null, bytes: plain };
    const key = await writingKey(this.db, owner);
    if (!key) throw new DocKeyError(`the file of document ${docName} was destroyed (art. 13)`);
    return { fileId: owner.fileId, bytes: encrypt(key, docName, plain) };
  }

  /** The stored bytes opened; null when the file's key is destroyed (the content is gone for good). */
  async open(docName: string, stored: StoredBytes): Promise<Uint8Array | null> {
    if (!stored.fileId) return stored.bytes;
    const key = await readingKey(this.db, stored.fileId);
    if (!key) return null;
    const plain = decrypt(key, docName, stored.bytes);
    return new Uint8Array(plain.buffer, plain.byteOffset, plain.byteLength);
  }
}
