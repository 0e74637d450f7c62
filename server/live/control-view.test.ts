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
  consent: [
    { itemId: 'i1', round: 1, proposal: { kind: 'case', advice: 'close' }, votes: [], outcome: null },
    {
      itemId: 'i2',
      round: 1,
      proposal: { kind: 'case', advice: 'close' },
      votes: [{ membershipId: 'jb', name: 'J', organisation: 'JB', vote: 'object', remark: 'CANARY-remark' }],
      outcome: null,
    },
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
    // Another case's consent round, with its remarks, is not for this partner.
    expect(view.consent.map((c) => c.itemId)).toEqual(['i1']);
    expect(JSON.stringify(view)).not.toContain('CANARY-remark');
  });

  it('shows a party its own admission and every disclosure of the case', () => {
    const view = stateFor(
      { role: 'member', membershipId: 'pol', partyKind: 'core', partyId: 'p-pol' },
      state,
    );
    expect(view.participants.map((p) => p.membershipId)).toEqual(['pol']);
    expect(view.disclosures).toHaveLength(2);
    expect(view.consent).toHaveLength(2);
  });
});
