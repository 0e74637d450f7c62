import { describe, expect, it } from 'vitest';
import type { MeetingControlState } from '../../shared/index';
import { stateFor } from './control-view';

const state: MeetingControlState = {
  protocolVersion: 1,
  meetingId: 'm',
  state: 'open',
  currentItemId: 'i1',
  agendaItemIds: ['i1', 'i2'],
  present: [],
  participants: [
    { membershipId: 'ggz', name: 'G', organisation: 'GGZ', role: 'satellite', items: ['i1'] },
    { membershipId: 'jb', name: 'J', organisation: 'JB', role: 'satellite', items: ['i2'] },
    { membershipId: 'pol', name: 'P', organisation: 'Politie', role: 'member', items: 'all' },
  ],
  disclosures: [
    { id: 'd1', itemId: 'i1', compartment: 'analysis', recipientPartyId: 'p-ggz', state: 'active' },
    { id: 'd2', itemId: 'i2', compartment: 'signals', recipientPartyId: 'p-jb', state: 'proposed' },
  ],
};

describe('meeting state per participant', () => {
  it('shows organisers everything', () => {
    expect(stateFor({ role: 'chair', membershipId: 'c', partyKind: 'core', partyId: 'p-gem' }, state)).toBe(
      state,
    );
  });

  it('shows a satellite its own admission and the disclosures to itself only (art. 10.5)', () => {
    const view = stateFor(
      { role: 'satellite', membershipId: 'ggz', partyKind: 'external', partyId: 'p-ggz' },
      state,
    );
    expect(view.participants.map((p) => p.membershipId)).toEqual(['ggz']);
    expect(view.disclosures.map((d) => d.id)).toEqual(['d1']);
    expect(view.agendaItemIds).toEqual(state.agendaItemIds);
  });

  it('shows a party its own admission and every disclosure of the case', () => {
    const view = stateFor(
      { role: 'member', membershipId: 'pol', partyKind: 'core', partyId: 'p-pol' },
      state,
    );
    expect(view.participants.map((p) => p.membershipId)).toEqual(['pol']);
    expect(view.disclosures).toHaveLength(2);
  });
});
