import { describe, expect, it } from 'vitest';
import { MODEL_MASKING_POLICY } from '../../shared/index';
import { stateFor, type ServerControlState } from './control-view';

const POLICE_REMARK = 'CANARY-police-remark';

const state: ServerControlState = {
  protocolVersion: 1,
  meetingId: 'm',
  state: 'open',
  currentItemId: 'i1',
  agendaItemIds: ['i1', 'i2'],
  discussedSeconds: { i1: 0, i2: 0 },
  currentItemSince: null,
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
    {
      itemId: 'i1',
      round: 1,
      proposal: { kind: 'case', advice: 'close' },
      votes: [
        { membershipId: 'ggz', name: 'G', organisation: 'GGZ', vote: 'object', remark: 'CANARY-own-remark' },
        { membershipId: 'pol', name: 'P', organisation: 'Politie', vote: 'object', remark: POLICE_REMARK },
      ],
      outcome: null,
    },
    {
      itemId: 'i2',
      round: 1,
      proposal: { kind: 'case', advice: 'close' },
      votes: [{ membershipId: 'jb', name: 'J', organisation: 'JB', vote: 'object', remark: 'CANARY-remark' }],
      outcome: null,
    },
  ],
  remarkBasis: { meetingKind: 'case', policy: MODEL_MASKING_POLICY },
};

const chair = {
  role: 'chair',
  membershipId: 'c',
  partyKind: 'core',
  partyId: 'p-gem',
  organisationType: 'municipality',
} as const;
const ggz = {
  role: 'satellite',
  membershipId: 'ggz',
  partyKind: 'external',
  partyId: 'p-ggz',
  organisationType: 'mental_health',
} as const;
const police = {
  role: 'member',
  membershipId: 'pol',
  partyKind: 'core',
  partyId: 'p-pol',
  organisationType: 'police',
} as const;

const votesOf = (view: ReturnType<typeof stateFor>, itemId: string) =>
  view.consent.find((c) => c.itemId === itemId)?.votes ?? [];

describe('meeting state per participant', () => {
  it('shows organisers everything, without what the server cuts the views with', () => {
    const view = stateFor(chair, state);
    const { remarkBasis: _basis, ...wire } = state;
    expect(view).toEqual(wire);
    expect(view).not.toHaveProperty('remarkBasis');
  });

  it('shows a satellite its own admission and the disclosures to itself only (art. 10.5)', () => {
    const view = stateFor(ggz, state);
    expect(view.participants.map((p) => p.membershipId)).toEqual(['ggz']);
    expect(view.disclosures.map((d) => d.id)).toEqual(['d1']);
    expect(view.agendaItemIds).toEqual(state.agendaItemIds);
    // Another case's consent round, with its remarks, is not for this partner.
    expect(view.consent.map((c) => c.itemId)).toEqual(['i1']);
    expect(JSON.stringify(view)).not.toContain('CANARY-remark');
  });

  it('shows a party its own admission and every disclosure of the case', () => {
    const view = stateFor(police, state);
    expect(view.participants.map((p) => p.membershipId)).toEqual(['pol']);
    expect(view.disclosures).toHaveLength(2);
    expect(view.consent).toHaveLength(2);
  });
});

describe('objection remarks per participant: only for readers of the conclusions (art. 10.4, 10.5)', () => {
  it("shows a satellite that the police objected, not the police's remark; its own remark it keeps", () => {
    const view = stateFor(ggz, state);
    expect(votesOf(view, 'i1')).toEqual([
      { membershipId: 'ggz', name: 'G', organisation: 'GGZ', vote: 'object', remark: 'CANARY-own-remark' },
      {
        membershipId: 'pol',
        name: 'P',
        organisation: 'Politie',
        vote: 'object',
        remark: null,
        remarkMasked: { rule: 'art. 10.5' },
      },
    ]);
    expect(JSON.stringify(view)).not.toContain(POLICE_REMARK);
  });

  it('shows the remarks to the parties and the organisers, who read the conclusions', () => {
    for (const viewer of [police, chair])
      expect(votesOf(stateFor(viewer, state), 'i1').map((v) => v.remark)).toEqual([
        'CANARY-own-remark',
        POLICE_REMARK,
      ]);
  });

  it('shows them to a satellite the conclusions of the case were disclosed to, and only while in effect', () => {
    const disclosed = (disclosureState: 'active' | 'proposed'): ServerControlState => ({
      ...state,
      disclosures: [
        ...state.disclosures,
        {
          id: 'd3',
          itemId: 'i1',
          compartment: 'conclusions',
          recipientPartyId: 'p-ggz',
          state: disclosureState,
        },
      ],
    });
    expect(votesOf(stateFor(ggz, disclosed('active')), 'i1')[1]?.remark).toBe(POLICE_REMARK);
    expect(votesOf(stateFor(ggz, disclosed('proposed')), 'i1')[1]?.remark).toBeNull();
    // A disclosure to another partner, or of another item, gives this one nothing.
    const other: ServerControlState = {
      ...state,
      disclosures: [
        { id: 'd4', itemId: 'i1', compartment: 'conclusions', recipientPartyId: 'p-jb', state: 'active' },
        { id: 'd5', itemId: 'i2', compartment: 'conclusions', recipientPartyId: 'p-ggz', state: 'active' },
      ],
    };
    expect(JSON.stringify(stateFor(ggz, other))).not.toContain(POLICE_REMARK);
  });

  it('follows the policy: a covenant that masks the conclusions from organisers masks the remarks too', () => {
    const policy = {
      ...MODEL_MASKING_POLICY,
      rules: MODEL_MASKING_POLICY.rules.map((r) =>
        r.compartment === 'conclusions' && r.participant === 'organiser'
          ? { ...r, access: 'masked' as const, rule: 'art. 5' }
          : r,
      ),
    };
    const view = stateFor(chair, { ...state, remarkBasis: { meetingKind: 'case', policy } });
    expect(votesOf(view, 'i1')[1]).toMatchObject({
      vote: 'object',
      remark: null,
      remarkMasked: { rule: 'art. 5' },
    });
  });

  it('gives nobody a remark but its author when the meeting is unknown', () => {
    const view = stateFor(police, { ...state, remarkBasis: null });
    expect(votesOf(view, 'i1').map((v) => v.remark)).toEqual([null, POLICE_REMARK]);
    expect(JSON.stringify(view)).not.toContain('CANARY-remark');
  });
});
