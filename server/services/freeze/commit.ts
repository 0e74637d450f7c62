import { randomUUID } from 'node:crypto';
import type { Database } from '../../../db/client';
import { applyFileEffects } from '../file-effects';
import { moveMeeting } from '../meeting-transitions';
import type { MinutesPayload } from '../record-payload';
import { appendRecord } from '../records';
import { keyOwnerOf, seal } from '../sealing';
import type { AssembledRecord } from './assemble';
import { FreezeError } from './errors';

/**
 * Stores an assembled record in one transaction: what the agreed outcomes do to the files (case file copies and
 * agenda entries, closures, the notification duties of art. 11), each item sealed with its file's key, the record
 * appended to the covenant's chain, and the meeting closed. All of it, or none.
 */
export async function commitRecord(
  db: Database,
  record: AssembledRecord,
  frozenBy: { membershipId: string },
): Promise<{ recordId: string; hash: string }> {
  const { meeting, frozenAt } = record;
  return db.transaction(async (tx) => {
    const recordId = randomUUID();
    const sealedItems: MinutesPayload['items'] = [];
    for (const item of record.items) {
      const effects = await applyFileEffects(
        tx,
        meeting,
        {
          subjectId: item.subjectId,
          weighingFileId: item.weighingFileId,
          caseFileId: item.caseFileId,
          outcome: item.content.consent.outcome,
          proposal: item.proposal,
        },
        recordId,
        frozenAt,
      );
      // The item's content is sealed with its file's key: destroying the key erases it (art. 13).
      sealedItems.push({
        itemId: item.itemId,
        position: item.position,
        subjectId: item.subjectId,
        sealed: await seal(tx, keyOwnerOf(item), { ...item.content, effects }),
      });
    }
    const stored = await appendRecord(
      tx,
      {
        id: recordId,
        covenantId: meeting.covenantId,
        kind: 'minutes',
        meetingId: meeting.id,
        payload: { ...record.payload, items: sealedItems } satisfies MinutesPayload,
        createdByMembershipId: frozenBy.membershipId,
      },
      frozenAt,
    );
    const closed = await moveMeeting(tx, meeting.id, ['closing'], 'closed', { currentItemId: null });
    if (!closed) throw new FreezeError('the meeting left the fence while freezing');
    return { recordId: stored.id, hash: stored.hash };
  });
}
