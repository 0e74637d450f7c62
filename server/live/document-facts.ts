import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import {
  agendaItems,
  caseFiles,
  caseInvolvedParties,
  covenants,
  meetingAdmissions,
  meetingParticipants,
  meetings,
  weighingFiles,
} from '../../db/schema/index';
import { preparedStatement } from '../../db/statements';
import type { Actor, DocAddress, MaskingPolicy, MeetingKind, MeetingState } from '../../shared/index';

/**
 * Everything authorizeDocument decides on, as the database holds it. The services read the same facts one by one
 * (admissionOf, archivedOutOfReach, involvedParties, maskingPolicyOf); a live handshake reads them in one prepared
 * statement, so a join waits for one round trip and no planning. `document-facts.test.ts` holds the two readings
 * to the same answers.
 */
export interface DocumentFacts {
  kind: MeetingKind;
  state: MeetingState;
  /** The participant's scope ('meeting' or 'items'), null when not invited. */
  scope: string | null;
  /** The agenda items this membership is admitted to (meeting_admissions). */
  admittedItems: string[];
  /** The agenda item of the document, when it is an item's document and that item is of this meeting. */
  item: { subjectId: string; caseFileId: string | null; weighingFileId: string | null } | null;
  /** Those of the item's files that are in the non-active archive. */
  archivedFiles: Set<string>;
  /** The parties involved in the item's case (art. 10.4). */
  involvedParties: string[];
  /** The covenant's stored masking policy, if any. */
  masking: MaskingPolicy | null;
}

const p = (name: string) => sql.placeholder(name);

const factsStatement = preparedStatement('casustafel_document_facts', (db: Database) =>
  db
    .select({
      kind: meetings.kind,
      state: meetings.state,
      scope: sql<string | null>`(select ${meetingParticipants.scope} from ${meetingParticipants}
        where ${meetingParticipants.meetingId} = ${meetings.id}
          and ${meetingParticipants.membershipId} = ${p('membershipId')})`,
      admittedItems: sql<string[]>`(select coalesce(array_agg(${meetingAdmissions.agendaItemId}::text), '{}')
        from ${meetingAdmissions}
        where ${meetingAdmissions.meetingId} = ${meetings.id}
          and ${meetingAdmissions.membershipId} = ${p('membershipId')})`,
      itemId: agendaItems.id,
      subjectId: agendaItems.subjectId,
      caseFileId: agendaItems.caseFileId,
      weighingFileId: agendaItems.weighingFileId,
      weighingArchived: sql<boolean>`exists (select 1 from ${weighingFiles}
        where ${weighingFiles.id} = ${agendaItems.weighingFileId} and ${weighingFiles.archivedAt} is not null)`,
      caseArchived: sql<boolean>`exists (select 1 from ${caseFiles}
        where ${caseFiles.id} = ${agendaItems.caseFileId} and ${caseFiles.archivedAt} is not null)`,
      involvedParties: sql<string[]>`(select coalesce(array_agg(${caseInvolvedParties.partyId}::text), '{}')
        from ${caseInvolvedParties} where ${caseInvolvedParties.fileId} = ${agendaItems.caseFileId})`,
      masking: sql<MaskingPolicy | null>`(select ${covenants.policy} -> 'masking' from ${covenants}
        where ${covenants.id} = ${meetings.covenantId})`,
    })
    .from(meetings)
    .leftJoin(agendaItems, and(eq(agendaItems.id, p('itemId')), eq(agendaItems.meetingId, meetings.id)))
    .where(and(eq(meetings.id, p('meetingId')), eq(meetings.covenantId, p('covenantId'))))
    .limit(1),
);

/** The facts for this actor and document; null when the meeting is not one of the actor's covenant. */
export async function readDocumentFacts(
  db: Database,
  actor: Pick<Actor, 'membershipId' | 'covenantId'>,
  address: Pick<DocAddress, 'meetingId' | 'itemId'>,
): Promise<DocumentFacts | null> {
  const [row] = await factsStatement(db).execute({
    meetingId: address.meetingId,
    covenantId: actor.covenantId,
    membershipId: actor.membershipId,
    itemId: address.itemId,
  });
  if (!row) return null;
  const archivedFiles = new Set<string>();
  if (row.weighingArchived && row.weighingFileId) archivedFiles.add(row.weighingFileId);
  if (row.caseArchived && row.caseFileId) archivedFiles.add(row.caseFileId);
  return {
    kind: row.kind,
    state: row.state,
    scope: row.scope,
    admittedItems: row.admittedItems,
    item:
      row.itemId === null || row.subjectId === null
        ? null
        : { subjectId: row.subjectId, caseFileId: row.caseFileId, weighingFileId: row.weighingFileId },
    archivedFiles,
    involvedParties: row.involvedParties,
    masking: row.masking,
  };
}
