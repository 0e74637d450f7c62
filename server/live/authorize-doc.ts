import type { Database } from '../../db/client';
import {
  CloseCode,
  acceptsEdits,
  canAdmitToItem,
  canWrite,
  effectiveAccess,
  isCancelled,
  isFrozen,
  parseDocName,
  type Actor,
  type DocAddress,
} from '../../shared/index';
import { archivedAmong } from '../services/archive-rule';
import { admissionFrom, admits } from '../services/admissions';
import { maskingPolicyFrom } from '../services/masking';
import { readDocumentFacts } from './document-facts';
import { isDisclosed } from '../services/disclosures';
import { singleFlight } from './single-flight';

export type DocGrant =
  | { ok: true; access: 'read' | 'write'; address: DocAddress; subjectId: string | null; rule: string }
  | { ok: false; code: CloseCode; reason: string; subjectId: string | null; rule?: string };

const refuse = (
  code: CloseCode,
  reason: string,
  subjectId: string | null = null,
  rule?: string,
): DocGrant => ({
  ok: false,
  code,
  reason,
  subjectId,
  ...(rule ? { rule } : {}),
});

/**
 * May this actor open this live document, and write to it? Participants only (art. 9.1; a weegploeg consists of
 * the core parties, art. 1m), per compartment, and for a case party only in cases it is involved in (art. 10.4).
 */
export async function authorizeDocument(db: Database, actor: Actor, name: string): Promise<DocGrant> {
  const address = parseDocName(name);
  if (!address) return refuse(CloseCode.UnknownDocument, 'no such document');
  // Everything the decision reads, in one round trip (document-facts.ts); decided in the order below.
  const facts = await readDocumentFacts(db, actor, address);
  if (!facts) return refuse(CloseCode.UnknownDocument, 'no such meeting');
  // Frozen: nothing more is taken. A client that edited offline learns here that its late edits were not taken.
  const state = facts.state;
  if (isFrozen(state))
    return refuse(CloseCode.Frozen, 'the meeting is frozen; edits made after the freeze were not taken');
  if (isCancelled(state)) return refuse(CloseCode.Forbidden, 'the meeting was cancelled', null, 'art. 5');
  const admission = admissionFrom(actor, facts.scope, facts.admittedItems);
  if (admission === null)
    return refuse(CloseCode.Forbidden, 'not a participant of this meeting', null, 'art. 9.1');
  let subjectId: string | null = null;
  let caseFileId: string | null = null;
  if (address.itemId !== null) {
    const item = facts.item;
    if (!item) return refuse(CloseCode.UnknownDocument, 'no such agenda item');
    subjectId = item.subjectId;
    caseFileId = item.caseFileId;
    // Art. 13.2: a file in the non-active archive is for the core parties only, live documents included.
    if (archivedAmong(actor, facts.archivedFiles)(item))
      return refuse(CloseCode.Forbidden, 'the file is in the non-active archive', subjectId, 'art. 13.2');
    // Parties and partners invited for one case see only the items they are admitted to (art. 9.1, 10.5).
    if (!admits(admission, address.itemId))
      return refuse(CloseCode.Forbidden, 'not admitted to this agenda item', subjectId, 'art. 9.1');
    // Even when admitted, a party or partner only ever sees cases it is involved in (art. 9.1, 10.4, 10.5).
    if (item.caseFileId && (actor.partyKind === 'case' || actor.partyKind === 'external')) {
      const decision = canAdmitToItem(actor, { kind: 'case', involvedPartyIds: facts.involvedParties });
      if (!decision.allowed) return refuse(CloseCode.Forbidden, decision.reason, subjectId, decision.rule);
    }
  }
  // Masked and hidden alike: not one byte of the compartment is sent (art. 10.4, 10.5).
  const verdict = effectiveAccess(maskingPolicyFrom(facts.masking), actor, {
    meetingKind: facts.kind,
    compartment: address.compartment,
  });
  if (verdict.access !== 'read' && verdict.access !== 'write') {
    // Art. 10.5: what the parties consented to disclose to this partner, it may read (until revoked).
    if (
      caseFileId &&
      actor.partyKind === 'external' &&
      actor.partyId &&
      (await isDisclosed(db, caseFileId, address.compartment, actor.partyId))
    )
      return { ok: true, access: 'read', address, subjectId, rule: 'art. 10.5' };
    return refuse(CloseCode.Forbidden, 'no access to this compartment', subjectId, verdict.rule);
  }
  // From the fence on (closing) nobody writes any more: what is in the record is what was accepted before it.
  const access = acceptsEdits(state) && canWrite(verdict.access) ? 'write' : 'read';
  return { ok: true, access, address, subjectId, rule: verdict.rule };
}

/**
 * authorizeDocument shared among concurrent handshakes of the same actor for the same document (see singleFlight);
 * keyed by everything of the actor the decision reads, so a changed role never shares an answer.
 */
export const authorizeDocumentShared = singleFlight(
  (actor: Actor, name: string) => JSON.stringify([actor, name]),
  authorizeDocument,
);
