import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { agendaItems, meetings } from '../../../db/schema/index';

/**
 * The chair moves the meeting to `itemId` at `now`: the turn of the item discussed until now is added to its time
 * used, and a new turn starts. The same item again just starts a new turn (nothing is lost). In one transaction
 * with the meeting locked, so two moves racing each other do not count one turn twice.
 */
export async function startTurn(
  db: Database,
  meetingId: string,
  itemId: string | null,
  now = new Date(),
): Promise<void> {
  await db.transaction(async (tx) => {
    const [meeting] = await tx.select().from(meetings).where(eq(meetings.id, meetingId)).for('update');
    if (!meeting) return;
    const { currentItemId, currentItemSince } = meeting;
    if (currentItemId && currentItemSince) {
      const seconds = Math.max(0, Math.round((now.getTime() - currentItemSince.getTime()) / 1000));
      await tx
        .update(agendaItems)
        .set({ discussedSeconds: sql`${agendaItems.discussedSeconds} + ${seconds}` })
        .where(eq(agendaItems.id, currentItemId));
    }
    await tx
      .update(meetings)
      .set({ currentItemId: itemId, currentItemSince: itemId ? now : null })
      .where(eq(meetings.id, meetingId));
  });
}
