import { and, asc, eq, inArray } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Database } from '../../db/client';
import { agendaItems, caseDisclosures, meetingAttendance, meetings, subjects } from '../../db/schema/index';
import {
  COMPARTMENT_NAMES,
  CloseCode,
  PLAN_MEASURES_ARRAY,
  docName,
  type Compartment,
} from '../../shared/index';
import { participantsOf } from '../services/admissions';
import { appendRecord } from '../services/records';
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
  const { updates } = await store.load(name);
  // A compartment nobody opened still holds what the file brought to the meeting (its seed).
  if (updates.length === 0) {
    const seed = await seedDocument(db, name);
    if (!seed) return null;
    updates.push(seed);
  }
  const doc = new Y.Doc({ gc: true });
  Y.transact(doc, () => {
    for (const update of updates) Y.applyUpdate(doc, update);
  });
  const result = {
    content: contentOf(doc),
    /** The Yjs state, so the record can be reopened read-only exactly as it was. */
    state: Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64'),
  };
  doc.destroy();
  return result;
}

export class FreezeError extends Error {}

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
    const recordItems = [];
    for (const item of items) {
      const compartments: Partial<Record<Compartment, unknown>> = {};
      for (const compartment of COMPARTMENT_NAMES) {
        if (compartment === 'agenda') continue;
        const stored = await compartmentOf(
          db,
          store,
          docName({ meetingId, itemId: item.id, compartment: compartment }),
        );
        if (stored) compartments[compartment] = stored;
      }
      recordItems.push({
        itemId: item.id,
        position: item.position,
        subjectId: item.subjectId,
        subjectReference: item.reference,
        weighingFileId: item.weighingFileId,
        caseFileId: item.caseFileId,
        attendance: attendance
          .filter((a) => a.agendaItemId === item.id)
          .map((a) => ({ membershipId: a.membershipId, firstSeenAt: a.firstSeenAt.toISOString() }))
          .sort((a, b) => a.membershipId.localeCompare(b.membershipId)),
        compartments,
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
      });
    }
    const frozenAt = new Date();
    const payload = {
      version: 1,
      meeting: {
        id: meeting.id,
        kind: meeting.kind,
        title: meeting.title,
        scheduledAt: meeting.scheduledAt.toISOString(),
        frozenAt: frozenAt.toISOString(),
      },
      participants: await participantsOf(db, meetingId),
      agenda: await compartmentOf(db, store, docName({ meetingId, itemId: null, compartment: 'agenda' })),
      items: recordItems,
    };
    return await db.transaction(async (tx) => {
      const record = await appendRecord(
        tx,
        {
          covenantId: meeting.covenantId,
          kind: 'minutes',
          meetingId,
          payload,
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
