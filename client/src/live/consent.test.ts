import { describe, expect, it } from 'vitest';
import { CONSENT_REMARK_MAX, type ItemConsentState } from '../../../shared/domain/consent';
import type { ControlParticipant } from '../../../shared/live/control';
import {
  canVote,
  caseProposalOf,
  consentOf,
  countVotes,
  draftFrom,
  itemsLackingOutcome,
  ownVote,
  pendingVoters,
  proposalLabel,
  remarkOf,
} from './consent';

const agenda = [
  { id: 'item-b', position: 2, subjectReference: 'W-2' },
  { id: 'item-a', position: 1, subjectReference: 'W-1' },
  { id: 'item-c', position: 3, subjectReference: 'W-3' },
];

const round = (overrides: Partial<ItemConsentState> = {}): ItemConsentState => ({
  itemId: 'item-a',
  round: 1,
  proposal: { kind: 'case', advice: 'close' },
  votes: [
    { membershipId: 'police', name: 'Dirk', organisation: 'Politie', vote: 'agree', remark: null },
    {
      membershipId: 'ggz',
      name: 'Hans',
      organisation: 'GGZ',
      vote: 'object',
      remark: 'Eerst de behandeling afronden.',
    },
  ],
  outcome: null,
  ...overrides,
});

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

describe('consent round on the live screen', () => {
  it('finds the consent of an item, none before a round or a state', () => {
    const state = round();
    expect(consentOf([state], 'item-a')).toBe(state);
    expect(consentOf([state], 'item-b')).toBeNull();
    expect(consentOf(undefined, 'item-a')).toBeNull();
  });

  it('lists the items that still lack an outcome, by position', () => {
    expect(itemsLackingOutcome(agenda, undefined).map((i) => i.position)).toEqual([1, 2, 3]);
    const consent = [
      round({ itemId: 'item-a', outcome: 'agreed' }),
      round({ itemId: 'item-b', outcome: null }),
      round({ itemId: 'item-c', round: null, proposal: null, votes: [], outcome: 'carried_over' }),
    ];
    expect(itemsLackingOutcome(agenda, consent)).toEqual([
      { itemId: 'item-b', position: 2, subjectReference: 'W-2' },
    ]);
    expect(
      itemsLackingOutcome(
        agenda,
        consent.map((c) => ({ ...c, outcome: 'agreed' as const })),
      ),
    ).toEqual([]);
  });

  it("finds the user's own vote, the latest one the server keeps", () => {
    expect(ownVote(round(), 'ggz')).toMatchObject({
      vote: 'object',
      remark: 'Eerst de behandeling afronden.',
    });
    expect(ownVote(round(), 'om')).toBeNull();
    expect(ownVote(null, 'ggz')).toBeNull();
    expect(ownVote(round(), undefined)).toBeNull();
  });

  it('lets members and satellites vote, admitted, while a round is asked and no outcome is set', () => {
    const open = { admitted: true, state: round(), meetingState: 'open' as const };
    expect(canVote({ ...open, role: 'member' })).toBe(true);
    expect(canVote({ ...open, role: 'satellite' })).toBe(true);
    // The chair and the executor do not vote for a party (art. 5).
    expect(canVote({ ...open, role: 'chair' })).toBe(false);
    expect(canVote({ ...open, role: 'executor' })).toBe(false);
    expect(canVote({ ...open, role: undefined })).toBe(false);
    expect(canVote({ ...open, role: 'member', admitted: false })).toBe(false);
    expect(canVote({ ...open, role: 'member', state: null })).toBe(false);
    expect(canVote({ ...open, role: 'member', state: round({ round: null, proposal: null }) })).toBe(false);
    expect(canVote({ ...open, role: 'member', state: round({ outcome: 'agreed' }) })).toBe(false);
    expect(canVote({ ...open, role: 'member', meetingState: 'closing' })).toBe(false);
  });

  it('counts agreements and objections', () => {
    expect(countVotes(round().votes)).toEqual({ agree: 1, object: 1 });
    expect(countVotes([])).toEqual({ agree: 0, object: 0 });
  });

  it('names who could still vote (members and satellites admitted to the item)', () => {
    const participants = [
      person('chair', 'chair', 'all'),
      person('executor', 'executor', 'all'),
      person('police', 'member', 'all'),
      person('om', 'member', 'all'),
      person('ggz', 'satellite', ['item-a']),
      person('jb', 'satellite', ['item-b']),
    ];
    expect(pendingVoters(participants, round(), 'item-a').map((p) => p.membershipId)).toEqual(['om']);
    expect(pendingVoters(participants, round({ votes: [] }), 'item-a').map((p) => p.membershipId)).toEqual([
      'ggz',
      'om',
      'police',
    ]);
    expect(pendingVoters(participants, null, 'item-a')).toEqual([]);
    expect(pendingVoters(undefined, round(), 'item-a')).toEqual([]);
  });

  it('labels every kind of proposal', () => {
    const date = (d: string) => `on ${d}`;
    expect(proposalLabel({ kind: 'weighing', decisionId: 'd', outcome: 'not_substantial' }, date)).toEqual({
      key: 'live.consent.proposal.weighing',
      params: { outcome: 'not_substantial' },
    });
    expect(proposalLabel({ kind: 'case', advice: 'close' }, date)).toEqual({
      key: 'live.consent.proposal.close',
    });
    expect(proposalLabel({ kind: 'case', advice: 'continue', nextReviewDate: '2026-09-01' }, date)).toEqual({
      key: 'live.consent.proposal.continue',
      params: { date: 'on 2026-09-01' },
    });
  });

  it("checks the chair's casusoverleg proposal: a real review date with the advice to continue", () => {
    expect(caseProposalOf({ advice: 'close', nextReviewDate: '' })).toEqual({
      proposal: { advice: 'close' },
    });
    expect(caseProposalOf({ advice: 'continue', nextReviewDate: ' 2026-09-01 ' })).toEqual({
      proposal: { advice: 'continue', nextReviewDate: '2026-09-01' },
    });
    expect(caseProposalOf({ advice: 'continue', nextReviewDate: '' })).toEqual({
      error: 'live.consent.form.dateRequired',
    });
    expect(caseProposalOf({ advice: 'continue', nextReviewDate: '2026-04-31' })).toEqual({
      error: 'live.consent.form.dateInvalid',
    });
  });

  it('starts the form from the current proposal', () => {
    expect(draftFrom(null)).toEqual({ advice: 'continue', nextReviewDate: '' });
    expect(draftFrom({ kind: 'case', advice: 'continue', nextReviewDate: '2026-09-01' })).toEqual({
      advice: 'continue',
      nextReviewDate: '2026-09-01',
    });
    expect(draftFrom({ kind: 'case', advice: 'close' })).toEqual({ advice: 'close', nextReviewDate: '' });
    expect(draftFrom({ kind: 'weighing', decisionId: 'd', outcome: 'agenda' })).toEqual({
      advice: 'continue',
      nextReviewDate: '',
    });
  });

  it('requires a remark with an objection, within the limit', () => {
    expect(remarkOf('  Niet eens met de termijn.  ')).toEqual({ remark: 'Niet eens met de termijn.' });
    expect(remarkOf('   ')).toEqual({ error: 'live.consent.remarkRequired' });
    expect(remarkOf('x'.repeat(CONSENT_REMARK_MAX))).toEqual({ remark: 'x'.repeat(CONSENT_REMARK_MAX) });
    expect(remarkOf('x'.repeat(CONSENT_REMARK_MAX + 1))).toEqual({ error: 'live.consent.remarkTooLong' });
  });
});
