import { describe, expect, it } from 'vitest';
import type { Me } from '../../../shared/api/session';
import {
  canDeferNotification,
  canReadNotifications,
  canRecordInforming,
} from '../../../shared/domain/notification';
import { canHandleSubjectRequests } from '../../../shared/domain/subject-requests';
import { actorOf, allows } from './actor';

const me = (role: Me['role'], kind: 'core' | 'case' | 'external' | null): Me => ({
  userId: 'u1',
  membershipId: 'm1',
  displayName: 'Naam',
  role,
  capacity: 'hoedanigheid',
  organisation: { id: 'o1', name: 'Organisatie', type: 'police' },
  party: kind ? { id: 'p1', kind } : null,
  covenant: { id: 'c1', name: 'Convenant' },
  permissions: {
    readWeighingFile: false,
    registerSignal: false,
    prepareMeetings: false,
    recordWeighingDecision: false,
    editReferenceFramework: false,
    readCaseFile: false,
  },
});

describe('the session user and the shared rules', () => {
  it('is the actor the server knows', () => {
    expect(actorOf(me('member', 'core'))).toMatchObject({
      covenantId: 'c1',
      organisationType: 'police',
      partyId: 'p1',
      partyKind: 'core',
      role: 'member',
    });
    expect(actorOf(me('executor', null))).toMatchObject({ partyId: null, partyKind: null });
  });

  it('gives the register of art. 11 to the core parties and the executor, requests of art. 12 to the executor', () => {
    const executor = me('executor', null);
    const police = me('member', 'core');
    const probation = me('member', 'case');
    const chair = me('chair', 'core');
    expect([executor, police, probation, chair].map((m) => allows(m, canReadNotifications))).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect([executor, police].map((m) => allows(m, canDeferNotification))).toEqual([false, true]);
    expect([executor, police].map((m) => allows(m, canRecordInforming))).toEqual([true, false]);
    expect([executor, police].map((m) => allows(m, canHandleSubjectRequests))).toEqual([true, false]);
    expect(allows(null, canReadNotifications)).toBe(false);
  });
});
