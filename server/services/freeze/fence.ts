import { sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { statesBefore } from '../../../shared/index';
import { moveMeeting } from '../meeting-transitions';
import { FreezeError } from './errors';

/**
 * What the fence does to the live meeting, given by whoever runs it (no sockets here): in the server, domain events
 * that every instance's live transports follow (server/live/freeze-deps.ts).
 */
export interface FenceEffects {
  /** The meeting is closing: its open live connections close and come back read-only; control screens are told. */
  fenced(meetingId: string): Promise<void>;
  /** The fence is lifted (nothing was frozen): connections may write again after reconnecting. */
  lifted(meetingId: string): Promise<void>;
  /** Persists every update accepted so far. */
  drain(): Promise<void>;
}

export type FencedMeeting = NonNullable<Awaited<ReturnType<typeof moveMeeting>>>;

/**
 * The fence: the meeting goes to `closing` (new connections are read-only, shared/domain/meetings.ts), open ones
 * are closed so they reconnect read-only, and what was accepted is persisted. Nothing sent before is lost: an
 * update is handed to the store in the same turn as its connection's check, and drained here. Either the meeting
 * is fenced and drained, or it is open again and this throws.
 */
export async function raiseFence(
  db: Executor,
  meetingId: string,
  effects: FenceEffects,
): Promise<FencedMeeting> {
  // Also from `closing`: a freeze cut short by a crash left the meeting fenced; the chair can try again. The
  // meeting's lock, exclusive: writes to its documents in flight on any instance commit first, later ones find it
  // closing and are refused by the database (live.meetings_refusing_edits, with several instances).
  const meeting = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(live.meeting_lock_key(${meetingId}::uuid))`);
    return moveMeeting(tx, meetingId, statesBefore('closing'), 'closing');
  });
  if (!meeting) throw new FreezeError('the meeting is not open (or being frozen)');
  try {
    await effects.fenced(meetingId);
    await effects.drain();
  } catch (error) {
    await liftFence(db, meetingId, effects);
    throw error;
  }
  return meeting;
}

/** Nothing was frozen: the meeting goes on, and connections may write again after reconnecting. */
export async function liftFence(
  db: Executor,
  meetingId: string,
  effects: Pick<FenceEffects, 'lifted'>,
): Promise<void> {
  await moveMeeting(db, meetingId, ['closing'], 'open');
  await effects.lifted(meetingId);
}
