import { describe, expect, it } from 'vitest';
import type { PresentParticipant } from '../../../shared/live/control';
import { closingSummary } from './closing';

describe('what closing freezes', () => {
  it('lists every item by position with its outcome, and who is present by name', () => {
    const present: PresentParticipant[] = [
      {
        membershipId: 'm2',
        name: 'Dirk',
        organisation: 'Politie',
        role: 'member',
        handRaisedAt: 'x',
        floorSince: null,
      },
      {
        membershipId: 'm1',
        name: 'Anna',
        organisation: 'Gemeente',
        role: 'chair',
        handRaisedAt: null,
        floorSince: null,
      },
    ];
    const summary = closingSummary(
      [
        { id: 'b', position: 2, subjectReference: 'WP-2' },
        { id: 'a', position: 1, subjectReference: 'WP-1' },
      ],
      [
        { itemId: 'a', round: 1, proposal: null, votes: [], outcome: 'agreed' },
        { itemId: 'b', round: null, proposal: null, votes: [], outcome: null },
      ],
      present,
    );
    expect(summary).toEqual({
      items: [
        { itemId: 'a', position: 1, reference: 'WP-1', outcome: 'agreed' },
        { itemId: 'b', position: 2, reference: 'WP-2', outcome: null },
      ],
      present: [
        { membershipId: 'm1', name: 'Anna', organisation: 'Gemeente' },
        { membershipId: 'm2', name: 'Dirk', organisation: 'Politie' },
      ],
    });
  });
});
