import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Database } from '../../db/client';
import {
  agendaItems,
  caseDisclosures,
  itemOutcomes,
  meetingAttendance,
  meetings,
  organisations,
  parties,
  subjects,
} from '../../db/schema/index';
import {
  COMPARTMENT_NAMES,
  CloseCode,
  PLAN_MEASURES_ARRAY,
  docName,
  type MeetingKind,
} from '../../shared/index';
import { participantsOf } from '../services/admissions';
import { consentRecordOf } from '../services/consent';
import { applyFileEffects } from '../services/file-effects';
import { maskingPolicyOf } from '../services/masking';
import { appendRecord } from '../services/records';
import { readDecision } from '../services/weighing-files';
import type { ItemContent, MinutesPayload } from '../services/record-payload';
import { keyOwnerOf, seal } from '../services/sealing';
import type { DocRegistry } from './registry';
import { seedDocument } from './seed';
import type { YjsStore } from './store';

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

async function compartmentOf(db: Database, store: YjsStore, name: string) {
  // The store's own load: an update that cannot be applied is set aside, so the freeze never fails on one.
  let doc = (await store.loadDocument(name))?.doc ?? null;
  // A compartment nobody opened still holds what the file brought to the meeting (its seed).
  if (!doc) {
    const seed = await seedDocument(db, name);
    if (!seed) return null;
    doc = new Y.Doc({ gc: true });
    Y.applyUpdate(doc, seed);
  }
  const result = {
    content: contentOf(doc),
    /** The Yjs state, so the record can be reopened read-only exactly as it was. */
    state: Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64'),
  };
  doc.destroy();
  return result;
}

export class FreezeError extends Error {}

/** Positions of the meeting's agenda items that have no outcome yet (agreed, or carried over). */
export async function itemsLackingOutcome(db: Database, meetingId: string): Promise<number[]> {
  const rows = await db
    .select({ position: agendaItems.position })
    .from(agendaItems)
    .leftJoin(itemOutcomes, eq(itemOutcomes.agendaItemId, agendaItems.id))
    .where(and(eq(agendaItems.meetingId, meetingId), isNull(itemOutcomes.agendaItemId)))
    .orderBy(asc(agendaItems.position));
  return rows.map((r) => r.position);
}

/** Names the items by position only: the refusal goes to the chair's screen, never with a subject in it. */
export const lackingOutcomeMessage = (positions: number[]) =>
  `agenda item${positions.length === 1 ? '' : 's'} ${positions.join(', ')} ha${positions.length === 1 ? 's' : 've'} no outcome yet: ask for consent and record it as agreed, or carry ${positions.length === 1 ? 'it' : 'them'} over`;

/**
 * Freezes a meeting into its record, as one step: fence (the meeting goes to `closing`: new connections are
 * read-only, open ones are closed so they reconnect read-only), persist what was accepted (drain the store), read
 * every document from the store, and store the record and close the meeting in one transaction. If anything fails
 * the meeting goes back to `open` and nothing is frozen.
 */
export async function freezeMeeting(
  deps: { db: Database; store: YjsStore; registry: DocRegistry },
  meetingId: string,
  frozenBy: { membershipId: string },
  fenced: () => Promise<void>,
): Promise<{ recordId: string; hash: string }> {
  const { db, store, registry } = deps;
  const fence = await db
    .update(meetings)
    .set({ state: 'closing' })
    // Also from `closing`: a freeze cut short by a crash left the meeting fenced; the chair can try again.
    .where(and(eq(meetings.id, meetingId), inArray(meetings.state, ['open', 'closing'])))
    .returning();
  const meeting = fence[0];
  if (!meeting) throw new FreezeError('the meeting is not open (or being frozen)');
  try {
    // Every connection stops writing now: closed, they come back read-only. Nothing they sent before is lost:
    // an update is handed to the store in the same turn as the connection's open check, and drained below.
    await registry.closeMeeting(meetingId, CloseCode.Fenced, 'the meeting is being frozen; read only');
    await fenced();
    await store.drain();
    // Inside the fence no round can be asked any more (that needs an open meeting), so this check is final.
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
    const attendance = items.length
      ? await db
          .select()
          .from(meetingAttendance)
          .where(
            inArray(
              meetingAttendance.agendaItemId,
              items.map((i) => i.id),
            ),
          )
      : [];
    const caseFileIds = items.flatMap((i) => (i.caseFileId ? [i.caseFileId] : []));
    const disclosures = caseFileIds.length
      ? await db.select().from(caseDisclosures).where(inArray(caseDisclosures.fileId, caseFileIds))
      : [];
    const frozenAt = new Date();
    const contentOf = async (item: (typeof items)[number]): Promise<ItemContent> => {
      const outcome = consent.outcomes.find((o) => o.itemId === item.id)!;
      const rounds = consent.rounds.filter((r) => r.itemId === item.id);
      const agreed = rounds.find((r) => r.id === outcome.roundId) ?? null;
      const compartments: ItemContent['compartments'] = {};
      for (const compartment of COMPARTMENT_NAMES) {
        if (compartment === 'agenda') continue;
        const stored = await compartmentOf(
          db,
          store,
          docName({ meetingId, itemId: item.id, compartment: compartment }),
        );
        if (stored) compartments[compartment] = stored;
      }
      return {
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
    };
    const contents: ItemContent[] = [];
    for (const item of items) contents.push(await contentOf(item));
    const payload: Omit<MinutesPayload, 'items'> = {
      version: 3,
      meeting: {
        id: meeting.id,
        title: meeting.title,
        scheduledAt: meeting.scheduledAt.toISOString(),
        frozenAt: frozenAt.toISOString(),
        kind: meeting.kind as MeetingKind,
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
      agenda: await compartmentOf(db, store, docName({ meetingId, itemId: null, compartment: 'agenda' })),
    };
    return await db.transaction(async (tx) => {
      const recordId = randomUUID();
      // What the agreed outcomes do to the files happens with the record, or not at all.
      const sealedItems: MinutesPayload['items'] = [];
      for (const [i, item] of items.entries()) {
        const content = contents[i]!;
        const agreed = content.consent.rounds.find((r) => r.round === content.consent.agreedRound);
        content.effects = await applyFileEffects(
          tx,
          { ...meeting, kind: meeting.kind as MeetingKind },
          {
            subjectId: item.subjectId,
            weighingFileId: item.weighingFileId,
            caseFileId: item.caseFileId,
            outcome: content.consent.outcome,
            proposal: agreed?.proposal ?? null,
          },
          recordId,
          frozenAt,
        );
        // The item's content is sealed with its file's key: destroying the key erases it (art. 13).
        sealedItems.push({
          itemId: item.id,
          position: item.position,
          subjectId: item.subjectId,
          sealed: await seal(tx, keyOwnerOf(item), content),
        });
      }
      const record = await appendRecord(
        tx,
        {
          id: recordId,
          covenantId: meeting.covenantId,
          kind: 'minutes',
          meetingId,
          payload: { ...payload, items: sealedItems } satisfies MinutesPayload,
          createdByMembershipId: frozenBy.membershipId,
        },
        frozenAt,
      );
      const closed = await tx
        .update(meetings)
        .set({ state: 'closed', currentItemId: null })
        .where(and(eq(meetings.id, meetingId), eq(meetings.state, 'closing')))
        .returning({ id: meetings.id });
      if (closed.length === 0) throw new FreezeError('the meeting left the fence while freezing');
      return { recordId: record.id, hash: record.hash };
    });
  } catch (error) {
    // Nothing was frozen: the meeting goes on, and connections may write again after reconnecting.
    await db
      .update(meetings)
      .set({ state: 'open' })
      .where(and(eq(meetings.id, meetingId), eq(meetings.state, 'closing')));
    await registry.closeMeeting(meetingId, CloseCode.Fenced, 'freezing failed; the meeting goes on');
    throw error;
  }
}
