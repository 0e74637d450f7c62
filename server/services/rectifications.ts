import { and, asc, desc, eq } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client';
import { agendaItems, meetingRecords } from '../../db/schema/index';
import { canRectifyRecord, type RectificationView, type RectifyBody } from '../../shared/index';
import type { RequestContext } from '../context';
import { conflict, notFound, ruleViolation } from '../errors';
import { auditDecision, concerning, enforce } from './authorize';
import { findMeeting } from './meetings';
import { appendRecord, recordIntact } from './records';
import {
  openItems,
  type MinutesPayload,
  type RectificationContent,
  type RectificationPayload,
} from './record-payload';
import { keyOwnerOf, seal, unseal } from './sealing';
import { noticeRectification } from './party-notices';
import { archivedFileIds } from './archive-rule';

const PURPOSE = 'correctie op verzoek van de betrokkene (convenant art. 12)';

/** The meeting's frozen minutes record (the newest, should there ever be more than one). */
export async function latestMinutes(db: Executor, meetingId: string) {
  const [record] = await db
    .select()
    .from(meetingRecords)
    .where(and(eq(meetingRecords.meetingId, meetingId), eq(meetingRecords.kind, 'minutes')))
    .orderBy(desc(meetingRecords.seq))
    .limit(1);
  return record ?? null;
}

/** A record's corrections whose content can still be opened (the file's key not destroyed), oldest first. */
export async function openCorrections(db: Executor, recordId: string) {
  const rows = await rectificationsOf(db, recordId);
  const corrections: { row: (typeof rows)[number]; itemId: string; content: RectificationContent }[] = [];
  for (const row of rows) {
    if (row.payload === null) continue;
    const { itemId, sealed } = row.payload as RectificationPayload;
    const content = await unseal<RectificationContent>(db, sealed);
    if (content) corrections.push({ row, itemId, content });
  }
  return { rows, corrections };
}

/** A compartment's content with the corrections of its fields applied (a later one of a field wins). */
export function corrected(
  content: Record<string, unknown>,
  corrections: { itemId: string; content: RectificationContent }[],
  itemId: string,
  compartment: string,
): Record<string, unknown> {
  const result = { ...content };
  for (const c of corrections)
    if (c.itemId === itemId && c.content.compartment === compartment)
      result[c.content.field] = c.content.correction;
  return result;
}

/** The rectifications of a record, oldest first (a later one of the same field wins). */
export async function rectificationsOf(db: Executor, recordId: string) {
  return db
    .select()
    .from(meetingRecords)
    .where(and(eq(meetingRecords.rectifiesId, recordId), eq(meetingRecords.kind, 'rectification')))
    .orderBy(asc(meetingRecords.seq));
}

/**
 * Art. 12: a correction never edits the frozen record. It is a new record in the covenant's chain, linked to the
 * original, stating the corrected text and why; readers see the corrected text, the original's hash stays in the
 * chain. Only text fields are corrected this way.
 */
export async function rectifyRecord(
  db: Database,
  ctx: RequestContext,
  meetingId: string,
  body: RectifyBody,
  /**
   * Runs inside the rectification's transaction once the record is appended: what must happen together with it
   * or not at all (a correction request answered by it). Throwing rolls the rectification back.
   */
  together?: (tx: Executor, rectification: { recordId: string; rectifiedAt: Date }) => Promise<void>,
): Promise<RectificationView> {
  const allowed = await enforce(db, ctx, canRectifyRecord(ctx.actor), {
    action: 'create',
    objectType: 'meeting_record',
    objectId: meetingId,
    fieldGroup: 'rectification',
    purpose: PURPOSE,
  });
  await findMeeting(db, ctx.actor.covenantId, meetingId);
  const record = await latestMinutes(db, meetingId);
  if (!record) throw notFound('Frozen record of this meeting');
  if (record.payload === null)
    throw conflict(
      'The record was destroyed at the end of its retention period; there is nothing to correct',
    );
  // A correction is chained onto a record that must still be the one that was frozen.
  if (!recordIntact(record))
    throw conflict('This record no longer matches its hash; report it before correcting anything (art. 15)');
  const items = await openItems(db, record.payload as MinutesPayload);
  const item = items.find((i) => i.itemId === body.itemId);
  if (!item) throw notFound('Agenda item in this record', 'body.itemId');
  // The minutes of a file in the non-active archive are only consulted, by the core parties (art. 13.2), until the
  // controller makes the file available again (art. 13.4): a correction would process it again.
  const files = await db
    .select({ weighingFileId: agendaItems.weighingFileId, caseFileId: agendaItems.caseFileId })
    .from(agendaItems)
    .where(eq(agendaItems.id, body.itemId));
  if ((await archivedFileIds(db, files)).size > 0)
    throw conflict(
      'This agenda item is about a file in the non-active archive (art. 13.2); the controller can make it available again (art. 13.4) before its minutes are corrected',
      'body.itemId',
    );
  const itemContent = item.content;
  if (!itemContent)
    throw conflict("This subject's data were destroyed at the end of the retention period (art. 13)");
  const compartment = itemContent.compartments[body.compartment];
  if (!compartment) throw notFound('Compartment in this agenda item', 'body.compartment');
  if (!(body.field in compartment.content)) throw notFound('Field in this compartment', 'body.field');
  if (typeof compartment.content[body.field] !== 'string')
    throw ruleViolation(
      'Only a text field can be corrected; this field is not text',
      'art. 12',
      'body.field',
    );

  const now = new Date();
  const stored = await db.transaction(async (tx) => {
    // Sealed for the subject like the item it corrects: destroying the file's key erases the correction too.
    const content: RectificationContent = {
      compartment: body.compartment,
      field: body.field,
      correction: body.correction,
      reason: body.reason,
    };
    const payload: RectificationPayload = {
      version: 1,
      rectifies: { recordId: record.id, hash: record.hash },
      itemId: item.itemId,
      subjectId: item.subjectId,
      sealed: await seal(tx, keyOwnerOf({ subjectId: item.subjectId, ...itemContent }), content),
    };
    const row = await appendRecord(
      tx,
      {
        covenantId: record.covenantId,
        kind: 'rectification',
        meetingId,
        rectifiesId: record.id,
        payload,
        createdByMembershipId: ctx.actor.membershipId,
      },
      now,
    );
    await auditDecision(
      tx,
      ctx,
      concerning(allowed, { subjectId: item.subjectId, fieldGroup: body.compartment }),
      { action: 'create', objectType: 'meeting_record', objectId: row.id, purpose: PURPOSE },
      now,
    );
    const partiesNotified = await noticeRectification(
      tx,
      {
        covenantId: record.covenantId,
        meetingId,
        recordId: row.id,
        item: { position: item.position, subjectId: item.subjectId, content: itemContent },
        compartment: body.compartment,
        payload: record.payload as MinutesPayload,
      },
      now,
    );
    await together?.(tx, { recordId: row.id, rectifiedAt: row.createdAt });
    return { ...row, partiesNotified };
  });
  return {
    partiesNotified: stored.partiesNotified,
    recordId: stored.id,
    hash: stored.hash,
    field: body.field,
    reason: body.reason,
    rectifiedAt: stored.createdAt.toISOString(),
  };
}
