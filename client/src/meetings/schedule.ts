/**
 * What is wrong with the chosen moment of a new meeting, as a message key; null when it can be planned. A meeting
 * is planned ahead: a moment already past is a typing error (an earlier day, or AM for PM), said before sending.
 */
export function scheduleProblem(scheduledAt: string | null, now: number): string | null {
  if (scheduledAt === null) return 'meetings.schedule.invalid';
  return Date.parse(scheduledAt) < now ? 'meetings.schedule.inPast' : null;
}
