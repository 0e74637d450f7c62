import { describe, expect, it } from 'vitest';
import type { Actor } from './roles';
import {
  canAdmitToItem,
  canReadCaseFile,
  canReadWeighingFile,
  canRecordWeighingDecision,
  mayConsultCaseFiles,
} from './access';

const actor = (overrides: Partial<Actor>): Actor => ({
  userId: 'u',
  displayName: 'd',
  membershipId: 'm',
  covenantId: 'c',
  organisationId: 'o',
  organisationName: 'org',
  organisationType: 'municipality',
  partyId: 'p-core',
  partyKind: 'core',
  role: 'member',
  capacity: 'college',
  ...overrides,
});

describe('access rules of the convenant', () => {
  it('art. 8.4: only core parties and the executor read the weighing file', () => {
    expect(canReadWeighingFile(actor({})).allowed).toBe(true);
    expect(canReadWeighingFile(actor({ role: 'executor', partyId: null, partyKind: null })).allowed).toBe(
      true,
    );
    expect(canReadWeighingFile(actor({ partyKind: 'case' }))).toMatchObject({
      allowed: false,
      rule: 'art. 8.4',
    });
    expect(canReadWeighingFile(actor({ partyKind: 'external', role: 'satellite' })).allowed).toBe(false);
  });

  it('a chair who may not read the weighing file may not record its decision either', () => {
    expect(canRecordWeighingDecision(actor({ role: 'chair' })).allowed).toBe(true);
    expect(canRecordWeighingDecision(actor({ role: 'chair', partyId: null, partyKind: null }))).toMatchObject(
      {
        allowed: false,
        rule: 'art. 8.4',
      },
    );
    // Art. 7.3: a core party at the weegploeg may draft the proposal; a case party may not.
    expect(canRecordWeighingDecision(actor({ role: 'member' })).allowed).toBe(true);
    expect(
      canRecordWeighingDecision(
        actor({ role: 'member', partyId: 'p-probation', partyKind: 'case', organisationType: 'probation' }),
      ).allowed,
    ).toBe(false);
  });

  it('art. 9.1, 10.4: a case party reads only the case files of cases it is involved in', () => {
    const probation = actor({ partyId: 'p-probation', partyKind: 'case', organisationType: 'probation' });
    expect(mayConsultCaseFiles(probation).allowed).toBe(true);
    expect(canReadCaseFile(probation, ['p-probation', 'p-core']).allowed).toBe(true);
    expect(canReadCaseFile(probation, ['p-core'])).toMatchObject({ allowed: false, rule: 'art. 9.1' });
    expect(canReadCaseFile(actor({}), []).allowed).toBe(true);
  });

  it('art. 10.5: an external partner does not read the case file, even when involved', () => {
    const satellite = actor({ partyId: 'p-ggz', partyKind: 'external', role: 'satellite' });
    expect(mayConsultCaseFiles(satellite).allowed).toBe(false);
    expect(canReadCaseFile(satellite, ['p-ggz'])).toMatchObject({ allowed: false, rule: 'art. 10.5' });
  });

  it('art. 1m, 9.1: admission to an item follows the meeting kind and involvement in the case', () => {
    const weighing = { kind: 'weighing' } as const;
    const caseItem = { kind: 'case', involvedPartyIds: ['p-case'] } as const;
    expect(canAdmitToItem(actor({}), weighing).allowed).toBe(true);
    expect(canAdmitToItem(actor({ partyKind: 'case', partyId: 'p-case' }), weighing)).toMatchObject({
      allowed: false,
      rule: 'art. 1m',
    });
    expect(canAdmitToItem(actor({ partyKind: 'case', partyId: 'p-case' }), caseItem).allowed).toBe(true);
    expect(canAdmitToItem(actor({ partyKind: 'external', partyId: 'p-ggz' }), caseItem)).toMatchObject({
      allowed: false,
      rule: 'art. 9.1',
    });
    expect(canAdmitToItem(actor({ partyKind: 'core', partyId: 'p-core' }), caseItem).allowed).toBe(true);
  });
});
