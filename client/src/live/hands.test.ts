import { describe, expect, it } from 'vitest';
import type { PresentParticipant } from '../../../shared/live/control';
import { floorHolder, handQueue, newHands, placeInQueue } from './hands';

const person = (
  membershipId: string,
  name: string,
  handRaisedAt: string | null,
  floorSince: string | null = null,
): PresentParticipant => ({
  membershipId,
  name,
  organisation: 'Gemeente',
  role: 'member',
  handRaisedAt,
  floorSince,
});

describe('raised hands as a queue', () => {
  const present = [
    person('m1', 'Anna', null),
    person('m2', 'Dirk', '2026-12-01T09:05:00.000Z'),
    person('m3', 'Carla', '2026-12-01T09:01:00.000Z'),
    person('m4', 'Bert', '2026-12-01T09:05:00.000Z'),
  ];

  it('orders hands by when they went up, then by name; without a hand, no place', () => {
    const queue = handQueue(present);
    expect(queue.map((hand) => [hand.place, hand.name])).toEqual([
      [1, 'Carla'],
      [2, 'Bert'],
      [3, 'Dirk'],
    ]);
    expect(placeInQueue(queue, 'm2')).toBe(3);
    expect(placeInQueue(queue, 'm1')).toBeNull();
    expect(placeInQueue(queue, undefined)).toBeNull();
  });

  it('names only the hands raised since, not those already up or lowered', () => {
    const before = handQueue(present);
    const after = handQueue([
      ...present.filter((p) => p.membershipId !== 'm3'),
      person('m1', 'Anna', '2026-12-01T09:06:00.000Z'),
    ]);
    expect(newHands(before, after).map((hand) => hand.name)).toEqual(['Anna']);
    // Lowered and raised again: a new hand, at the back.
    const again = handQueue([...present.filter((p) => p.membershipId !== 'm3'), person('m3', 'Carla', 'z')]);
    expect(newHands(before, again).map((hand) => [hand.name, hand.place])).toEqual([['Carla', 3]]);
  });

  it('the floor is with whom it was given last', () => {
    expect(floorHolder(present)).toBeNull();
    expect(
      floorHolder([
        person('m1', 'Anna', null, '2026-12-01T09:02:00.000Z'),
        person('m2', 'Dirk', null, '2026-12-01T09:03:00.000Z'),
      ])?.name,
    ).toBe('Dirk');
  });
});
