import { describe, expect, it } from 'vitest';
import type { PartyView } from '../../../shared/api/covenant';
import type { Me } from '../../../shared/api/session';
import { LAWFUL_SHARING_DEFAULTS } from '../../../shared/domain/disclosure';
import {
  disclosureActions,
  disclosuresKey,
  emptyDraft,
  externalPartners,
  mayPropose,
  missingFields,
  toProposal,
} from './disclosures';

const me = (role: Me['role'], kind: 'core' | 'case' | 'external' | null) =>
  ({ role, party: kind ? { id: 'p', kind } : null }) as Me;

describe('disclosuresKey', () => {
  const open = [
    {
      id: 'b',
      itemId: 'i1',
      compartment: 'analysis' as const,
      recipientPartyId: 'g',
      state: 'active' as const,
    },
    {
      id: 'a',
      itemId: 'i2',
      compartment: 'identity' as const,
      recipientPartyId: 'g',
      state: 'proposed' as const,
    },
  ];

  it('is null without a meeting state, and changes when a disclosure comes, goes or changes state', () => {
    expect(disclosuresKey(undefined)).toBeNull();
    expect(disclosuresKey([])).toBe('');
    expect(disclosuresKey(open)).toBe('a:proposed,b:active');
    expect(disclosuresKey([...open].reverse())).toBe(disclosuresKey(open));
    expect(disclosuresKey([{ ...open[0]!, state: 'proposed' }])).not.toBe(disclosuresKey([open[0]!]));
  });

  it('can look at one agenda item only', () => {
    expect(disclosuresKey(open, 'i1')).toBe('b:active');
    expect(disclosuresKey(open, 'i3')).toBe('');
  });
});

describe('the proposal draft', () => {
  it('starts with purpose and legal basis from the covenant', () => {
    const draft = emptyDraft();
    expect(draft.purpose).toBe(LAWFUL_SHARING_DEFAULTS.purpose);
    expect(draft.legalBasis).toBe(LAWFUL_SHARING_DEFAULTS.legalBasis);
    expect(missingFields(draft)).toEqual([
      'recipientPartyId',
      'compartment',
      'necessity',
      'care',
      'dataKind',
    ]);
  });

  it('requires every field; blanks count as empty', () => {
    const draft = {
      ...emptyDraft(),
      recipientPartyId: 'ggz',
      compartment: 'analysis',
      necessity: '  ',
      care: 'Alleen de analyse.',
      dataKind: 'Analyse',
      purpose: '',
    };
    expect(missingFields(draft)).toEqual(['purpose', 'necessity']);
  });

  it('sends trimmed values', () => {
    const body = toProposal({
      ...emptyDraft(),
      recipientPartyId: 'ggz',
      compartment: 'analysis',
      necessity: ' Nodig voor de behandeling. ',
      care: 'Alleen de analyse.',
      dataKind: ' Analyse ',
    });
    expect(body).toEqual({
      recipientPartyId: 'ggz',
      compartment: 'analysis',
      purpose: LAWFUL_SHARING_DEFAULTS.purpose,
      legalBasis: LAWFUL_SHARING_DEFAULTS.legalBasis,
      necessity: 'Nodig voor de behandeling.',
      care: 'Alleen de analyse.',
      dataKind: 'Analyse',
    });
  });
});

describe('who gets what on the disclosure panel', () => {
  it('lets parties and organisers propose, never an external partner', () => {
    expect(mayPropose(me('member', 'core'))).toBe(true);
    expect(mayPropose(me('member', 'case'))).toBe(true);
    expect(mayPropose(me('chair', null))).toBe(true);
    expect(mayPropose(me('executor', null))).toBe(true);
    expect(mayPropose(me('satellite', 'external'))).toBe(false);
    expect(mayPropose(null)).toBe(false);
  });

  it('offers consent while asked for, and revoking while proposed or in effect', () => {
    const chair = me('chair', null);
    expect(disclosureActions({ state: 'proposed', myCapacities: ['chair'] }, chair)).toEqual({
      decide: true,
      revoke: true,
    });
    expect(disclosureActions({ state: 'proposed', myCapacities: [] }, chair)).toEqual({
      decide: false,
      revoke: true,
    });
    expect(disclosureActions({ state: 'active', myCapacities: [] }, chair)).toEqual({
      decide: false,
      revoke: true,
    });
    expect(disclosureActions({ state: 'revoked', myCapacities: [] }, chair)).toEqual({
      decide: false,
      revoke: false,
    });
    expect(disclosureActions({ state: 'refused', myCapacities: ['chair'] }, chair).decide).toBe(false);
  });

  it('offers an external partner nothing to do', () => {
    expect(
      disclosureActions({ state: 'proposed', myCapacities: ['owner'] }, me('satellite', 'external')),
    ).toEqual({ decide: false, revoke: false });
  });

  it('lists the external partners as recipients, by name', () => {
    const party = (name: string, kind: PartyView['kind']) => ({ id: name, name, kind }) as PartyView;
    expect(
      externalPartners([party('Politie', 'core'), party('Jeugd', 'external'), party('GGZ', 'external')]).map(
        (p) => p.name,
      ),
    ).toEqual(['GGZ', 'Jeugd']);
  });
});
