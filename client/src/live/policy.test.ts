import { describe, expect, it } from 'vitest';
import type { ParticipantPolicyRow } from '../../../shared/api/policy';
import { policyCell, policyColumns } from './policy';

const row = (name: string, compartments: ParticipantPolicyRow['compartments']): ParticipantPolicyRow => ({
  membershipId: `${name}-id`,
  name,
  organisation: `${name} org`,
  role: 'member',
  partyId: null,
  compartments,
});

describe('policy table', () => {
  const police = row('Dirk', [
    { compartment: 'notes', access: 'read', rule: 'art. 5', label: null },
    { compartment: 'analysis', access: 'write', rule: 'art. 10.4', label: null },
    { compartment: 'plan', access: 'hidden', rule: 'art. 10.4', label: null },
  ]);
  const ggz = row('Hans', [
    { compartment: 'analysis', access: 'masked', rule: 'art. 10.5', label: 'Afgeschermd' },
    { compartment: 'notes', access: 'hidden', rule: 'art. 10.5', label: null },
  ]);

  it('has a column for every compartment somebody gets anything of, in document order', () => {
    expect(policyColumns([police, ggz])).toEqual(['analysis', 'notes']);
    expect(policyColumns([])).toEqual([]);
  });

  it("gives each cell the participant's access and rule", () => {
    expect(policyCell(ggz, 'analysis')).toEqual({
      access: 'masked',
      rule: 'art. 10.5',
      label: 'Afgeschermd',
    });
    expect(policyCell(police, 'notes')).toEqual({ access: 'read', rule: 'art. 5', label: null });
    expect(policyCell(ggz, 'identity')).toEqual({ access: 'hidden', rule: 'art. 10.4', label: null });
  });
});
