import { describe, expect, it } from 'vitest';
import type { ControlParticipant } from '../../../shared/live/control';
import { admissionOf, admitItem, admittable, admitWholeMeeting, isAdmitted } from './admission';

const person = (
  membershipId: string,
  role: ControlParticipant['role'],
  items: ControlParticipant['items'],
) => ({
  membershipId,
  name: membershipId,
  organisation: 'Org',
  role,
  items,
});
const participants: ControlParticipant[] = [
  person('chair', 'chair', 'all'),
  person('executor', 'executor', 'all'),
  person('police', 'member', 'all'),
  person('ggz', 'satellite', ['item-2']),
];

describe('admission', () => {
  it("reads a participant's own admission, the whole meeting when not listed", () => {
    expect(admissionOf(participants, 'ggz')).toEqual(['item-2']);
    expect(admissionOf(participants, 'police')).toBe('all');
    expect(admissionOf(participants, 'someone-else')).toBe('all');
    expect(admissionOf(undefined, 'ggz')).toBe('all');
  });

  it('admits to the listed items only', () => {
    expect(isAdmitted('all', 'item-1')).toBe(true);
    expect(isAdmitted(['item-2'], 'item-2')).toBe(true);
    expect(isAdmitted(['item-2'], 'item-1')).toBe(false);
    expect(isAdmitted([], 'item-1')).toBe(false);
  });

  it('lets the chair change everyone but the organisers', () => {
    expect(admittable(participants).map((p) => p.membershipId)).toEqual(['police', 'ggz']);
    expect(admittable(undefined)).toEqual([]);
  });

  it('switching "whole meeting" off lists every item, so nothing changes yet', () => {
    const agenda = ['item-1', 'item-2', 'item-3'];
    expect(admitWholeMeeting(false, agenda)).toEqual(agenda);
    expect(admitWholeMeeting(true, agenda)).toBe('all');
  });

  it('ticks and unticks single items in agenda order', () => {
    const agenda = ['item-1', 'item-2', 'item-3'];
    expect(admitItem('all', 'item-2', false, agenda)).toEqual(['item-1', 'item-3']);
    expect(admitItem(['item-3'], 'item-1', true, agenda)).toEqual(['item-1', 'item-3']);
    expect(admitItem(['item-3'], 'item-3', false, agenda)).toEqual([]);
    // An id that is no longer on the agenda drops out.
    expect(admitItem(['gone', 'item-1'], 'item-2', true, agenda)).toEqual(['item-1', 'item-2']);
  });
});
