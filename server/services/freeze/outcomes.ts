import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { agendaItems, itemOutcomes } from '../../../db/schema/index';

/** Positions of the meeting's agenda items that have no outcome yet (agreed, or carried over). */
export async function itemsLackingOutcome(db: Executor, meetingId: string): Promise<number[]> {
  const rows = await db
    .select({ position: agendaItems.position })
    .from(agendaItems)
    .leftJoin(itemOutcomes, eq(itemOutcomes.agendaItemId, agendaItems.id))
    .where(and(eq(agendaItems.meetingId, meetingId), isNull(itemOutcomes.agendaItemId)))
    .orderBy(asc(agendaItems.position));
  return rows.map((r) => r.position);
}

/** Names the items by position only: the refusal goes to the chair's screen, never with a subject in it. */
export const lackingOutcomeMessage = (positions: number[]) =>
  `agenda item${positions.length === 1 ? '' : 's'} ${positions.join(', ')} ha${positions.length === 1 ? 's' : 've'} no outcome yet: ask for consent and record it as agreed, or carry ${positions.length === 1 ? 'it' : 'them'} over`;
