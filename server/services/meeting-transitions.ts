import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { meetings } from '../../db/schema/index';
import { canTransition, type MeetingState } from '../../shared/index';

type MeetingRow = typeof meetings.$inferSelect;

/**
 * Moves a meeting from one of `from` to `to`, as one conditional update, so two steps racing each other cannot
 * both move it. Returns the meeting as it is now, or null when it was in none of `from` (or does not exist).
 * Every move must be one the lifecycle allows (shared/domain/meetings.ts).
 */
export async function moveMeeting(
  db: Executor,
  meetingId: string,
  from: readonly MeetingState[],
  to: MeetingState,
  also: { currentItemId?: null } = {},
): Promise<MeetingRow | null> {
  const refused = from.filter((state) => !canTransition(state, to));
  if (refused.length > 0 || from.length === 0)
    throw new Error(`the meeting lifecycle has no move from ${from.join(', ') || 'nothing'} to ${to}`);
  const [moved] = await db
    .update(meetings)
    .set({ state: to, ...also })
    .where(and(eq(meetings.id, meetingId), inArray(meetings.state, [...from])))
    .returning();
  return moved ?? null;
}
