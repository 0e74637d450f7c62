import type { PresentParticipant } from '../../../shared/live/control';

/**
 * Raised hands as a queue: the chair takes them in the order they went up (the server keeps each hand's time).
 * Pure: unit-tested in hands.test.ts.
 */

export interface QueuedHand {
  membershipId: string;
  name: string;
  organisation: string;
  /** When the hand went up (ISO time). */
  raisedAt: string;
  /** 1 for the first in the queue. */
  place: number;
}

/** The raised hands, first raised first; hands raised at the same moment by name, then by id (stable). */
export function handQueue(present: readonly PresentParticipant[]): QueuedHand[] {
  return present
    .filter((p): p is PresentParticipant & { handRaisedAt: string } => p.handRaisedAt !== null)
    .sort(
      (a, b) =>
        a.handRaisedAt.localeCompare(b.handRaisedAt) ||
        a.name.localeCompare(b.name) ||
        a.membershipId.localeCompare(b.membershipId),
    )
    .map((p, index) => ({
      membershipId: p.membershipId,
      name: p.name,
      organisation: p.organisation,
      raisedAt: p.handRaisedAt,
      place: index + 1,
    }));
}

/** This participant's place in the queue (1 is next), or null without a raised hand. */
export function placeInQueue(queue: readonly QueuedHand[], membershipId: string | undefined): number | null {
  return queue.find((hand) => hand.membershipId === membershipId)?.place ?? null;
}

/** Who has the floor: the one given it last, or null. */
export function floorHolder(present: readonly PresentParticipant[]): PresentParticipant | null {
  let holder: PresentParticipant | null = null;
  for (const p of present)
    if (p.floorSince !== null && (holder === null || p.floorSince > holder.floorSince!)) holder = p;
  return holder;
}

/** The hands in `after` that were not up in `before` (raised since): what a screen reader is told. */
export function newHands(before: readonly QueuedHand[], after: readonly QueuedHand[]): QueuedHand[] {
  const known = new Set(before.map((hand) => `${hand.membershipId}@${hand.raisedAt}`));
  return after.filter((hand) => !known.has(`${hand.membershipId}@${hand.raisedAt}`));
}
