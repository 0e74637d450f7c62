import { openTexts } from './file-texts';
import { and, asc, eq, inArray, isNull, notInArray } from 'drizzle-orm';
import type { Database } from '../../db/client';
import {
  agendaItems,
  auditLog,
  caseDisclosures,
  caseFiles,
  caseInvolvedParties,
  meetingAttendance,
  meetingRecords,
  memberships,
  organisations,
  parties,
  weighingFiles,
} from '../../db/schema/index';
import { PROCESSING_PURPOSES_NL, type SubjectOverview } from '../../shared/index';
import type { RequestContext } from '../context';
import { conflict } from '../errors';
import { byRequester, appendAudit } from './audit';
import { caseSignalsOf } from './case-files';
import { openItems, type MinutesPayload } from './record-payload';
import { corrected, openCorrections } from './rectifications';
import { REQUEST_PURPOSE, findRequest } from './subject-requests';
import { decisionViews, signalViews } from './weighing-files';

/** Data on others than the subject stay out of the overview (art. 43e Wbp): the social network, and the reporter. */
const THIRD_PARTY_COMPARTMENTS = new Set(['network']);

type Recipient = SubjectOverview['recipients'][number];

function addRecipient(
  recipients: Map<string, Recipient>,
  organisation: string,
  way: Recipient['ways'][number],
  at: Date,
) {
  const iso = at.toISOString();
  const known = recipients.get(organisation);
  if (!known) return void recipients.set(organisation, { organisation, ways: [way], first: iso, last: iso });
  if (!known.ways.includes(way)) known.ways.push(way);
  if (iso < known.first) known.first = iso;
  if (iso > known.last) known.last = iso;
}

/**
 * Art. 12.3: the overview for an access request — every datum the controller processes on the subject (both files
 * and the frozen records, corrections applied), the purposes, every recipient known to the meetings' attendance,
 * the disclosure log and the audit log, and the origin of the data. Only for an access request that was not
 * refused, after the identity was established; producing it is audited.
 */
export async function subjectOverview(
  db: Database,
  ctx: RequestContext,
  requestId: string,
): Promise<SubjectOverview> {
  const { request, reference } = await findRequest(db, ctx, requestId);
  if (request.kind !== 'access') throw conflict('An overview belongs to an access request (art. 12.3)');
  if (!request.identityVerifiedOn)
    throw conflict('Establish the identity of the requester first (art. 12.3)');
  if (request.decision === 'refused') throw conflict('This access request was refused (art. 12.4)');
  const subjectId = request.subjectId;
  const generatedAt = new Date();

  const [weighingRow] = await db
    .select()
    .from(weighingFiles)
    .where(and(eq(weighingFiles.subjectId, subjectId), isNull(weighingFiles.destroyedAt)))
    .limit(1);
  const [caseRow] = await db
    .select()
    .from(caseFiles)
    .where(and(eq(caseFiles.subjectId, subjectId), isNull(caseFiles.destroyedAt)))
    .limit(1);
  const weighing = weighingRow && (await openTexts(db, 'weighingFile', weighingRow.id, weighingRow));
  const caseFile = caseRow && (await openTexts(db, 'caseFile', caseRow.id, caseRow));
  const naw = (f: {
    name: string;
    dateOfBirth: string | null;
    address: string | null;
    residence: string | null;
  }) => ({
    name: f.name,
    dateOfBirth: f.dateOfBirth,
    address: f.address,
    residence: f.residence,
  });
  const weighingSignals = weighing ? await signalViews(db, [weighing.id]) : [];
  const caseSignalRows = caseFile ? await caseSignalsOf(db, caseFile.id) : [];
  // The case file holds copies of the weegploeg's signals (art. 8.5): count from the weighing file while it exists.
  const origins = new Map<string, number>();
  const originals = weighing
    ? weighingSignals.map((w) => w.broughtBy.name)
    : caseSignalRows.map((c) => c.broughtBy);
  for (const party of originals) origins.set(party, (origins.get(party) ?? 0) + 1);

  // Frozen records: every item on this subject whose file key still exists, corrections applied.
  const records: SubjectOverview['records'] = [];
  const minutes = await db
    .select()
    .from(meetingRecords)
    .where(and(eq(meetingRecords.covenantId, ctx.actor.covenantId), eq(meetingRecords.kind, 'minutes')))
    .orderBy(asc(meetingRecords.seq));
  for (const record of minutes) {
    if (record.payload === null) continue;
    const payload = record.payload as MinutesPayload;
    if (!payload.items.some((i) => i.subjectId === subjectId)) continue;
    const { corrections } = await openCorrections(db, record.id);
    for (const item of await openItems(db, payload)) {
      if (item.subjectId !== subjectId || !item.content) continue;
      records.push({
        meetingId: payload.meeting.id,
        meetingKind: payload.meeting.kind,
        meetingTitle: payload.meeting.title,
        frozenAt: payload.meeting.frozenAt,
        outcome: item.content.consent.outcome,
        compartments: Object.entries(item.content.compartments)
          .filter(([compartment]) => !THIRD_PARTY_COMPARTMENTS.has(compartment))
          .map(([compartment, stored]) => ({
            compartment,
            content: corrected(stored.content, corrections, item.itemId, compartment),
          })),
      });
    }
  }

  // Recipients: who took part while the subject was discussed, to whom it was disclosed, who consulted its data.
  const recipients = new Map<string, Recipient>();
  const attended = await db
    .select({ organisation: organisations.name, at: meetingAttendance.firstSeenAt })
    .from(meetingAttendance)
    .innerJoin(agendaItems, eq(agendaItems.id, meetingAttendance.agendaItemId))
    .innerJoin(memberships, eq(memberships.id, meetingAttendance.membershipId))
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(eq(agendaItems.subjectId, subjectId));
  for (const row of attended) addRecipient(recipients, row.organisation, 'meeting', row.at);
  const caseFileIds = (
    await db.select({ id: caseFiles.id }).from(caseFiles).where(eq(caseFiles.subjectId, subjectId))
  ).map((c) => c.id);
  if (caseFileIds.length > 0) {
    const disclosed = await db
      .select({
        organisation: organisations.name,
        at: caseDisclosures.proposedAt,
        state: caseDisclosures.state,
      })
      .from(caseDisclosures)
      .innerJoin(parties, eq(parties.id, caseDisclosures.recipientPartyId))
      .innerJoin(organisations, eq(organisations.id, parties.organisationId))
      .where(inArray(caseDisclosures.fileId, caseFileIds));
    for (const row of disclosed)
      if (row.state === 'active' || row.state === 'revoked')
        addRecipient(recipients, row.organisation, 'disclosure', row.at);
  }
  const consulted = await db
    .select({ organisation: organisations.name, at: auditLog.occurredAt })
    .from(auditLog)
    .innerJoin(organisations, eq(organisations.id, auditLog.organisationId))
    .where(
      and(
        eq(auditLog.subjectId, subjectId),
        eq(auditLog.result, 'allowed'),
        inArray(auditLog.action, ['read', 'list']),
        // Handling the subject's own request or notification is not a disclosure to a recipient.
        notInArray(auditLog.objectType, ['subject_request', 'notification_duty']),
      ),
    );
  for (const row of consulted) addRecipient(recipients, row.organisation, 'consulted', row.at);

  const involved = caseFile
    ? (
        await db
          .select({ name: organisations.name })
          .from(caseInvolvedParties)
          .innerJoin(parties, eq(parties.id, caseInvolvedParties.partyId))
          .innerJoin(organisations, eq(organisations.id, parties.organisationId))
          .where(eq(caseInvolvedParties.fileId, caseFile.id))
          .orderBy(asc(organisations.name))
      ).map((p) => p.name)
    : [];

  await appendAudit(db, [
    byRequester(ctx, {
      action: 'read',
      objectType: 'subject_request',
      objectId: request.id,
      subjectId,
      fieldGroup: 'overview',
      result: 'allowed',
      rule: 'art. 12.3',
      purpose: REQUEST_PURPOSE,
    }),
  ]);
  return {
    subjectReference: reference,
    generatedAt: generatedAt.toISOString(),
    weighingFile: weighing
      ? {
          subject: naw(weighing),
          status: weighing.status,
          openedAt: weighing.openedAt.toISOString(),
          archived: weighing.archivedAt !== null,
          // Without the reporter: data on a third party (art. 43e Wbp).
          signals: weighingSignals.map((s) => ({
            description: s.description,
            observedOn: s.observedOn,
            broughtBy: s.broughtBy.name,
          })),
          decisions: (await decisionViews(db, weighing.id)).map((d) => ({
            outcome: d.outcome,
            state: d.state,
            grounds: d.grounds,
            decidedAt: d.decidedAt,
            findings: d.findings.map((f) => ({
              criterion: `${f.code} ${f.title}`,
              finding: f.finding,
              grounds: f.grounds,
            })),
          })),
        }
      : null,
    caseFile: caseFile
      ? {
          subject: naw(caseFile),
          status: caseFile.status,
          createdAt: caseFile.createdAt.toISOString(),
          archived: caseFile.archivedAt !== null,
          analysis: caseFile.analysis,
          signals: caseSignalRows,
          involvedParties: involved,
          nextReviewOn: caseFile.nextReviewOn,
        }
      : null,
    records,
    purposes: [...PROCESSING_PURPOSES_NL],
    recipients: [...recipients.values()].sort((a, b) => a.organisation.localeCompare(b.organisation)),
    origins: [...origins.entries()]
      .map(([party, signals]) => ({ party, signals }))
      .sort((a, b) => a.party.localeCompare(b.party)),
  };
}
