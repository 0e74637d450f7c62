import type { WeighingFileStatus } from '../../../shared/domain/weighing';

/**
 * Why "Besluitvoorstel opstellen" cannot be used in the weegploeg, so the screen says so instead of offering a
 * button the server refuses: only the chair, the executor or a core party proposes the decision (art. 7.3, 8.2), and
 * an agendaed or closed file takes no new decision until new signals arrive. Null: it can be used. Pure:
 * unit-tested next to it.
 */
export type DecisionBlocker = 'role' | 'status';

export function decisionBlocker(input: {
  mayRecord: boolean;
  status: WeighingFileStatus;
}): DecisionBlocker | null {
  if (!input.mayRecord) return 'role';
  if (input.status === 'agendaed' || input.status === 'closed') return 'status';
  return null;
}
