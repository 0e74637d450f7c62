import {
  canEditReferenceFramework,
  canPrepareMeetings,
  mayConsultCaseFiles,
  canReadWeighingFile,
  canRecordWeighingDecision,
  canRegisterSignal,
  type Actor,
  type Me,
} from '../../shared/index';

/** What the client shows about the logged-in user; permissions come from the same rules the server enforces. */
export function meOf(actor: Actor, covenantName: string): Me {
  return {
    userId: actor.userId,
    membershipId: actor.membershipId,
    displayName: actor.displayName,
    role: actor.role,
    capacity: actor.capacity,
    organisation: { id: actor.organisationId, name: actor.organisationName, type: actor.organisationType },
    party: actor.partyId && actor.partyKind ? { id: actor.partyId, kind: actor.partyKind } : null,
    covenant: { id: actor.covenantId, name: covenantName },
    permissions: {
      readWeighingFile: canReadWeighingFile(actor).allowed,
      registerSignal: canRegisterSignal(actor).allowed,
      prepareMeetings: canPrepareMeetings(actor).allowed,
      recordWeighingDecision: canRecordWeighingDecision(actor).allowed,
      editReferenceFramework: canEditReferenceFramework(actor).allowed,
      readCaseFile: mayConsultCaseFiles(actor).allowed,
    },
  };
}
