import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { agendaItems, meetings } from '../../db/schema/index';
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
import { archivedOutOfReach } from '../services/archive-rule';
import { involvedParties } from '../services/case-files';
import { admissionOf, admits } from '../services/admissions';
import { maskingPolicyOf } from '../services/masking';
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
  // What the decision reads depends only on the actor and the name: read side by side (a join waits for one round
  // trip, not five), then decided in the order below, so a refusal is the same as when read one by one.
  const [[meeting], admission, [item], policy] = await Promise.all([
    db
      .select({ kind: meetings.kind, state: meetings.state })
      .from(meetings)
      .where(and(eq(meetings.id, address.meetingId), eq(meetings.covenantId, actor.covenantId)))
      .limit(1),
    admissionOf(db, address.meetingId, actor),
    address.itemId === null
      ? Promise.resolve([])
      : db
          .select({
            subjectId: agendaItems.subjectId,
            caseFileId: agendaItems.caseFileId,
            weighingFileId: agendaItems.weighingFileId,
          })
          .from(agendaItems)
          .where(and(eq(agendaItems.id, address.itemId), eq(agendaItems.meetingId, address.meetingId)))
          .limit(1),
    maskingPolicyOf(db, actor.covenantId),
  ]);
  if (!meeting) return refuse(CloseCode.UnknownDocument, 'no such meeting');
  // Frozen: nothing more is taken. A client that edited offline learns here that its late edits were not taken.
  const state = meeting.state;
  if (isFrozen(state))
    return refuse(CloseCode.Frozen, 'the meeting is frozen; edits made after the freeze were not taken');
  if (isCancelled(state)) return refuse(CloseCode.Forbidden, 'the meeting was cancelled', null, 'art. 5');
  if (admission === null)
    return refuse(CloseCode.Forbidden, 'not a participant of this meeting', null, 'art. 9.1');
  let subjectId: string | null = null;
  let caseFileId: string | null = null;
  if (address.itemId !== null) {
    if (!item) return refuse(CloseCode.UnknownDocument, 'no such agenda item');
    subjectId = item.subjectId;
    caseFileId = item.caseFileId;
    const caseParty = item.caseFileId && (actor.partyKind === 'case' || actor.partyKind === 'external');
    const [archived, involved] = await Promise.all([
      archivedOutOfReach(db, actor, [item]),
      caseParty ? involvedParties(db, [item.caseFileId!]) : Promise.resolve(null),
    ]);
    // Art. 13.2: a file in the non-active archive is for the core parties only, live documents included.
    if (archived(item))
      return refuse(CloseCode.Forbidden, 'the file is in the non-active archive', subjectId, 'art. 13.2');
    // Parties and partners invited for one case see only the items they are admitted to (art. 9.1, 10.5).
    if (!admits(admission, address.itemId))
      return refuse(CloseCode.Forbidden, 'not admitted to this agenda item', subjectId, 'art. 9.1');
    // Even when admitted, a party or partner only ever sees cases it is involved in (art. 9.1, 10.4, 10.5).
    if (involved && item.caseFileId) {
      const decision = canAdmitToItem(actor, {
        kind: 'case',
        involvedPartyIds: involved.get(item.caseFileId) ?? [],
      });
      if (!decision.allowed) return refuse(CloseCode.Forbidden, decision.reason, subjectId, decision.rule);
    }
  }
  // Masked and hidden alike: not one byte of the compartment is sent (art. 10.4, 10.5).
  const verdict = effectiveAccess(policy, actor, {
    meetingKind: meeting.kind,
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
