import { describe, expect, it } from 'vitest';
import { COMPARTMENT_NAMES } from '../live/compartments';
import { effectiveAccess, type MaskingPolicy, type PolicyParticipant } from './masking';
import { MODEL_MASKING_POLICY } from './masking-defaults';

const police: PolicyParticipant = {
  role: 'member',
  partyKind: 'core',
  partyId: 'p-police',
  organisationType: 'police',
};
const municipality: PolicyParticipant = { ...police, partyId: 'p-gem', organisationType: 'municipality' };
const probation: PolicyParticipant = {
  role: 'member',
  partyKind: 'case',
  partyId: 'p-rec',
  organisationType: 'probation',
};
const satellite: PolicyParticipant = {
  role: 'member',
  partyKind: 'external',
  partyId: 'p-ggz',
  organisationType: 'mental_health',
};
const chair: PolicyParticipant = { ...municipality, role: 'chair' };

describe('masking policy', () => {
  it('model convenant, weegploeg: core parties only (art. 8.4, 1m)', () => {
    for (const compartment of COMPARTMENT_NAMES) {
      for (const outsider of [probation, satellite]) {
        expect(
          effectiveAccess(MODEL_MASKING_POLICY, outsider, { meetingKind: 'weighing', compartment }),
        ).toMatchObject({
          access: 'hidden',
        });
      }
    }
    const at = (compartment: (typeof COMPARTMENT_NAMES)[number]) =>
      effectiveAccess(MODEL_MASKING_POLICY, police, { meetingKind: 'weighing', compartment }).access;
    expect(at('analysis')).toBe('write');
    expect(at('identity')).toBe('read');
    // Not part of the weegploeg file (art. 8.2).
    expect(at('plan')).toBe('hidden');
    expect(at('network')).toBe('hidden');
  });

  it('model convenant, casusoverleg: a satellite writes the plan, sees the rest masked with its rule (art. 10.5)', () => {
    const at = (who: PolicyParticipant, compartment: (typeof COMPARTMENT_NAMES)[number]) =>
      effectiveAccess(MODEL_MASKING_POLICY, who, { meetingKind: 'case', compartment });
    expect(at(satellite, 'plan').access).toBe('write');
    expect(at(satellite, 'identity')).toEqual({
      access: 'masked',
      rule: 'art. 10.5',
      label: 'Afgeschermd — persoonsgegevens',
    });
    expect(at(satellite, 'analysis').access).toBe('masked');
    expect(at(satellite, 'network').access).toBe('hidden');
    expect(at(satellite, 'notes').access).toBe('hidden');
    expect(at(probation, 'analysis').access).toBe('write');
    expect(at(probation, 'identity').access).toBe('read');
    expect(at(chair, 'notes').access).toBe('write');
    expect(at(police, 'notes').access).toBe('read');
  });

  it('the most specific rule wins; between equals the more restrictive; nothing granted is hidden', () => {
    const policy: MaskingPolicy = {
      version: 1,
      rules: [
        { meetingKind: 'case', compartment: 'analysis', participant: 'any', access: 'read', rule: 'r-any' },
        {
          meetingKind: 'case',
          compartment: 'analysis',
          participant: 'core',
          access: 'write',
          rule: 'r-core',
        },
        {
          meetingKind: 'case',
          compartment: 'analysis',
          participant: 'municipality',
          access: 'masked',
          rule: 'r-gem',
          label: 'x',
        },
        { meetingKind: 'case', compartment: 'signals', participant: 'core', access: 'write', rule: 'r1' },
        { meetingKind: 'case', compartment: 'signals', participant: 'core', access: 'read', rule: 'r2' },
      ],
    };
    const analysis = { meetingKind: 'case', compartment: 'analysis' } as const;
    expect(effectiveAccess(policy, police, analysis).rule).toBe('r-core');
    expect(effectiveAccess(policy, municipality, analysis)).toEqual({
      access: 'masked',
      rule: 'r-gem',
      label: 'x',
    });
    expect(effectiveAccess(policy, satellite, analysis).rule).toBe('r-any');
    // The chair acts as chair: an organisation rule for its organisation does not apply, nor a party rule.
    expect(effectiveAccess(policy, chair, analysis).rule).toBe('r-any');
    expect(effectiveAccess(policy, police, { meetingKind: 'case', compartment: 'signals' }).access).toBe(
      'read',
    );
    expect(effectiveAccess(policy, police, { meetingKind: 'case', compartment: 'plan' }).access).toBe(
      'hidden',
    );
  });
});
