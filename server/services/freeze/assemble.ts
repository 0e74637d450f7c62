import { openTexts } from '../file-texts';
import { asc, eq, inArray } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Executor } from '../../../db/client';
import {
  agendaItems,
  caseDisclosures,
  meetingAttendance,
  meetings,
  organisations,
  parties,
  subjects,
} from '../../../db/schema/index';
import {
  COMPARTMENT_NAMES,
  PLAN_MEASURES_ARRAY,
  docName,
  type ConsentProposal,
  type MeetingKind,
} from '../../../shared/index';
import { seedDocument } from '../../live/seed';
import { participantsOf } from '../admissions';
import { consentRecordOf } from '../consent';
import { maskingPolicyOf } from '../masking';
import type { ItemContent, MinutesPayload } from '../record-payload';
import { readDecision } from '../weighing-files';
import { FreezeError } from './errors';
import { itemsLackingOutcome, lackingOutcomeMessage } from './outcomes';

/**
 * A live document as stored, or null when nothing is. The document is only read here, never changed or
 * destroyed: it may be one a registry holds.
 */
export type ReadDocument = (name: string) => Promise<Y.Doc | null>;

export interface AssembledItem {
  itemId: string;
  position: number;
  subjectId: string;
  weighingFileId: string | null;
  caseFileId: string | null;
  /** The proposal agreed to; null when the item was carried over. */
  proposal: ConsentProposal | null;
  /** What the record holds about the item, without its effects on the files (those are made when committing). */
  content: ItemContent;
}

/** Everything the record of a meeting holds, read but not yet stored. */
export interface AssembledRecord {
  meeting: { id: string; covenantId: string; kind: MeetingKind; scheduledAt: Date };
  frozenAt: Date;
  payload: Omit<MinutesPayload, 'items'>;
  items: AssembledItem[];
}

type StoredDocument = NonNullable<MinutesPayload['agenda']>;

/** Readable content of a compartment document, following the content model (shared/live/content.ts). */
function contentOf(doc: Y.Doc): Record<string, unknown> {
  const content: Record<string, unknown> = {};
  for (const name of [...doc.share.keys()].sort()) {
    if (name === PLAN_MEASURES_ARRAY) content[name] = doc.getArray(name).toJSON();
    else if (name.startsWith('item/')) content[name] = doc.getMap(name).toJSON();
    else content[name] = doc.getText(name).toJSON();
  }
  return content;
}

async function documentOf(db: Executor, read: ReadDocument, name: string): Promise<StoredDocument | null> {
  const stored = await read(name);
  if (stored) return { content: contentOf(stored), state: encode(stored) };
  // A compartment nobody opened still holds what the file brought to the meeting (its seed).
  const seed = await seedDocument(db, name);
  if (!seed) return null;
  const doc = new Y.Doc({ gc: true });
  Y.applyUpdate(doc, seed);
  const result = { content: contentOf(doc), state: encode(doc) };
  doc.destroy();
  return result;
}

/** The Yjs state, so the record can be reopened read-only exactly as it was. */
const encode = (doc: Y.Doc) => Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64');

/**
 * Reads a meeting's record from the database and its stored live documents: no writes, no sockets. Refuses a
 * meeting with an item that has no outcome yet (agreed, or carried over).
 */
export async function assembleRecord(
  db: Executor,
  meetingId: string,
  read: ReadDocument,
  frozenAt = new Date(),
): Promise<AssembledRecord> {
  const [meeting] = await db.select().from(meetings).where(eq(meetings.id, meetingId)).limit(1);
  if (!meeting) throw new FreezeError('no such meeting');
  const lacking = await itemsLackingOutcome(db, meetingId);
  if (lacking.length > 0) throw new FreezeError(lackingOutcomeMessage(lacking));
  const consent = await consentRecordOf(db, meetingId);
  const items = await db
    .select({
      id: agendaItems.id,
      position: agendaItems.position,
      subjectId: agendaItems.subjectId,
      reference: subjects.reference,
      weighingFileId: agendaItems.weighingFileId,
      caseFileId: agendaItems.caseFileId,
    })
    .from(agendaItems)
    .innerJoin(subjects, eq(subjects.id, agendaItems.subjectId))
    .where(eq(agendaItems.meetingId, meetingId))
    .orderBy(asc(agendaItems.position));
  const itemIds = items.map((i) => i.id);
  const attendance = itemIds.length
    ? await db.select().from(meetingAttendance).where(inArray(meetingAttendance.agendaItemId, itemIds))
    : [];
  const caseFileIds = items.flatMap((i) => (i.caseFileId ? [i.caseFileId] : []));
  const disclosures = caseFileIds.length
    ? await Promise.all(
        (await db.select().from(caseDisclosures).where(inArray(caseDisclosures.fileId, caseFileIds))).map(
          (d) => openTexts(db, 'caseDisclosure', d.fileId, d),
        ),
      )
    : [];

  const assembleItem = async (item: (typeof items)[number]): Promise<AssembledItem> => {
    const outcome = consent.outcomes.find((o) => o.itemId === item.id);
    if (!outcome) throw new FreezeError(lackingOutcomeMessage([item.position]));
    const rounds = consent.rounds.filter((r) => r.itemId === item.id);
    const agreed = rounds.find((r) => r.id === outcome.roundId) ?? null;
    const compartments: ItemContent['compartments'] = {};
    for (const compartment of COMPARTMENT_NAMES) {
      if (compartment === 'agenda') continue;
      const stored = await documentOf(db, read, docName({ meetingId, itemId: item.id, compartment }));
      if (stored) compartments[compartment] = stored;
    }
    const content: ItemContent = {
      subjectReference: item.reference,
      weighingFileId: item.weighingFileId,
      caseFileId: item.caseFileId,
      attendance: attendance
        .filter((a) => a.agendaItemId === item.id)
        .map((a) => ({ membershipId: a.membershipId, firstSeenAt: a.firstSeenAt.toISOString() }))
        .sort((a, b) => a.membershipId.localeCompare(b.membershipId)),
      compartments,
      consent: {
        outcome: outcome.outcome,
        agreedRound: agreed?.round ?? null,
        decidedByMembershipId: outcome.decidedByMembershipId,
        decidedAt: outcome.decidedAt.toISOString(),
        // Every round with every vote: objections are recorded, never hidden.
        rounds: rounds.map((r) => ({
          round: r.round,
          proposal: r.proposal,
          askedByMembershipId: r.askedByMembershipId,
          askedAt: r.askedAt.toISOString(),
          votes: r.votes.map((v) => ({
            membershipId: v.membershipId,
            vote: v.vote,
            remark: v.remark,
            votedAt: v.votedAt.toISOString(),
          })),
        })),
      },
      // The weegploeg decision agreed to: outcome, grounds, findings per criterion, deciding parties (the Ministerial letter on early signalling, 2024).
      decision:
        agreed?.proposal.kind === 'weighing' && item.weighingFileId
          ? await readDecision(db, item.weighingFileId, agreed.proposal.decisionId)
          : null,
      disclosures: disclosures
        .filter((d) => d.fileId === item.caseFileId)
        .map((d) => ({
          id: d.id,
          compartment: d.compartment,
          recipientPartyId: d.recipientPartyId,
          necessity: d.necessity,
          dataKind: d.dataKind,
          state: d.state,
          proposedAt: d.proposedAt.toISOString(),
          revokedAt: d.revokedAt?.toISOString() ?? null,
        })),
      effects: [],
    };
    return {
      itemId: item.id,
      position: item.position,
      subjectId: item.subjectId,
      weighingFileId: item.weighingFileId,
      caseFileId: item.caseFileId,
      proposal: agreed?.proposal ?? null,
      content,
    };
  };
  const assembled: AssembledItem[] = [];
  for (const item of items) assembled.push(await assembleItem(item));

  const kind = meeting.kind;
  return {
    meeting: { id: meeting.id, covenantId: meeting.covenantId, kind, scheduledAt: meeting.scheduledAt },
    frozenAt,
    payload: {
      version: 3,
      meeting: {
        id: meeting.id,
        title: meeting.title,
        scheduledAt: meeting.scheduledAt.toISOString(),
        frozenAt: frozenAt.toISOString(),
        kind,
      },
      participants: await participantsOf(db, meetingId),
      // Party names as they were, for the owners of measures and the deciding parties.
      parties: await db
        .select({ partyId: parties.id, name: organisations.name })
        .from(parties)
        .innerJoin(organisations, eq(organisations.id, parties.organisationId))
        .where(eq(parties.covenantId, meeting.covenantId))
        .orderBy(asc(organisations.name)),
      // The masking policy in force at the freeze: the minutes are read through it, also after it changes.
      policy: await maskingPolicyOf(db, meeting.covenantId),
      agenda: await documentOf(db, read, docName({ meetingId, itemId: null, compartment: 'agenda' })),
    },
    items: assembled,
  };
}
