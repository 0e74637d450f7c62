import { describe, expect, it } from 'vitest';
import { canProposeDisclosure, consentCapacitiesOf, disclosureStateAfter } from './disclosure';

describe('disclosure rules (art. 10.5)', () => {
  it('needs every required consent; one refusal ends it', () => {
    const required = ['chair', 'owner'] as const;
    expect(disclosureStateAfter(required, new Map([['owner', 'consent']]))).toBe('proposed');
    expect(
      disclosureStateAfter(
        required,
        new Map([
          ['owner', 'consent'],
          ['chair', 'consent'],
        ]),
      ),
    ).toBe('active');
    expect(disclosureStateAfter(required, new Map([['chair', 'refuse']]))).toBe('refused');
    expect(disclosureStateAfter(['chair'], new Map([['chair', 'consent']]))).toBe('active');
  });

  it('asks the chair as chair and the owning party as owner, nobody else', () => {
    expect(consentCapacitiesOf({ role: 'chair', partyId: 'p-gem' }, 'p-pol')).toEqual(['chair']);
    expect(consentCapacitiesOf({ role: 'member', partyId: 'p-pol' }, 'p-pol')).toEqual(['owner']);
    expect(consentCapacitiesOf({ role: 'chair', partyId: 'p-pol' }, 'p-pol')).toEqual(['chair', 'owner']);
    expect(consentCapacitiesOf({ role: 'member', partyId: 'p-gem' }, 'p-pol')).toEqual([]);
    expect(consentCapacitiesOf({ role: 'member', partyId: 'p-gem' }, null)).toEqual([]);
  });

  it('lets the parties and organisers propose, never the recipient', () => {
    expect(canProposeDisclosure({ role: 'member', partyKind: 'core' }).allowed).toBe(true);
    expect(canProposeDisclosure({ role: 'member', partyKind: 'case' }).allowed).toBe(true);
    expect(canProposeDisclosure({ role: 'executor', partyKind: null }).allowed).toBe(true);
    expect(canProposeDisclosure({ role: 'satellite', partyKind: 'external' })).toMatchObject({
      allowed: false,
      rule: 'art. 10.5',
    });
  });
});
