import type { Database } from '../../../db/client';
import { type ReadDocument, assembleRecord } from './assemble';
import { commitRecord } from './commit';
import { type FenceEffects, liftFence, raiseFence } from './fence';

export interface FreezeDeps extends FenceEffects {
  db: Database;
  /** Reads a live document as stored (after the fence drained the store). */
  read: ReadDocument;
}

/**
 * Freezes a meeting into its record (the agreed conclusions, tamper-evident): fence, assemble, commit. If anything
 * fails the meeting goes back to `open` and nothing is frozen.
 */
export async function freezeMeeting(
  deps: FreezeDeps,
  meetingId: string,
  frozenBy: { membershipId: string },
): Promise<{ recordId: string; hash: string }> {
  await raiseFence(deps.db, meetingId, deps);
  try {
    // Inside the fence no round can be asked any more (that needs an open meeting): the outcomes read are final.
    const record = await assembleRecord(deps.db, meetingId, deps.read);
    return await commitRecord(deps.db, record, frozenBy);
  } catch (error) {
    await liftFence(deps.db, meetingId, deps);
    throw error;
  }
}
