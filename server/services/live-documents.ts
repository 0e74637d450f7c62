import { like } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { yjsHeads, yjsSetAside, yjsSnapshots, yjsUpdates } from '../../db/schema/index';
import { lockLogRows } from '../live/store';

/** The name prefix of an agenda item's live documents (shared docName). */
export const itemDocuments = (item: { id: string; meetingId: string }) =>
  `meeting/${item.meetingId}/item/${item.id}/`;

/**
 * Deletes every stored trace of the live documents under `prefix`: update log, snapshot, updates set aside and the
 * order counter. For a destroyed file (art. 13) and an item taken off an agenda (art. 5).
 */
export async function deleteDocuments(tx: Executor, prefix: string): Promise<void> {
  const under = `${prefix}%`;
  // In id order, as every deleter of log rows does: a compaction deleting the same rows cannot deadlock with this.
  await lockLogRows(tx, like(yjsUpdates.docName, under));
  await tx.delete(yjsUpdates).where(like(yjsUpdates.docName, under));
  await tx.delete(yjsSnapshots).where(like(yjsSnapshots.docName, under));
  await tx.delete(yjsSetAside).where(like(yjsSetAside.docName, under));
  await tx.delete(yjsHeads).where(like(yjsHeads.docName, under));
}
