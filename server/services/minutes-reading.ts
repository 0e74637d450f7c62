import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client';
import {
  agendaItems,
  meetingAttendance,
  memberships,
  minutesAcknowledgements,
  minutesCorrectionRequests,
  users,
} from '../../db/schema/index';
import { canRectifyRecord, type Compartment } from '../../shared/index';
import type { RequestContext } from '../context';
import { AppError, badInput, conflict, notFound } from '../errors';
import { archivedOutOfReach } from './archive-rule';
import { appendAudit, byRequester } from './audit';
import { enforce } from './authorize';
import { enforceParticipant } from './meetings';
import { readsInRecord } from './record-access';
import { openItems, type MinutesPayload } from './record-payload';
import { latestMinutes, rectifyRecord } from './rectifications';
import { keyOwnerOf, seal, unseal, type Sealed } from './sealing';

const PURPOSE = 'correctieverzoek op het vastgestelde verslag (convenant art. 12)';
const READ_PURPOSE = 'kenbaarheid van het vastgestelde verslag (convenant art. 7.4)';
const REASON_MAX = 2000;

interface RequestText {
  reason: string;
  answer?: string;
}

async function frozenMinutes(db: Database, meetingId: string) {
  const record = await latestMinutes(db, meetingId);
  if (!record) throw notFound('Frozen record of this meeting');
  if (record.payload === null) throw notFound('Record (destroyed at the end of its retention period)');
  return { record, payload: record.payload as MinutesPayload };
}

async function attendees(db: Database, meetingId: string): Promise<Set<string>> {
  const rows = await db
    .selectDistinct({ membershipId: meetingAttendance.membershipId })
    .from(meetingAttendance)
    .innerJoin(agendaItems, eq(agendaItems.id, meetingAttendance.agendaItemId))
    .where(eq(agendaItems.meetingId, meetingId));
  return new Set(rows.map((r) => r.membershipId));
}

const notAttended = () =>
  new AppError(
    403,
    'FORBIDDEN',
    'Only a participant who attended the meeting acknowledges or asks to correct its minutes',
    undefined,
    'art. 12',
  );

const organiser = (ctx: RequestContext) => ctx.actor.role === 'chair' || ctx.actor.role === 'executor';

/** A participant who attended marks the minutes as read ("gezien"); the first time counts, again is harmless. */
export async function acknowledgeMinutes(db: Database, ctx: RequestContext, meetingId: string) {
  await enforceParticipant(db, ctx, meetingId);
  const { record } = await frozenMinutes(db, meetingId);
  if (!(await attendees(db, meetingId)).has(ctx.actor.membershipId)) throw notAttended();
  const now = new Date();
  await db
    .insert(minutesAcknowledgements)
    .values({ meetingId, recordId: record.id, membershipId: ctx.actor.membershipId, at: now })
    .onConflictDoNothing();
  const [row] = await db
    .select()
    .from(minutesAcknowledgements)
    .where(
      and(
        eq(minutesAcknowledgements.meetingId, meetingId),
        eq(minutesAcknowledgements.membershipId, ctx.actor.membershipId),
      ),
    );
  await appendAudit(db, [
    byRequester(ctx, {
      action: 'create',
      objectType: 'meeting_record',
      objectId: record.id,
      fieldGroup: 'acknowledgement',
      result: 'allowed',
      rule: 'art. 7.4',
      purpose: READ_PURPOSE,
    }),
  ]);
  return { acknowledgedAt: row!.at.toISOString() };
}

/** Who attended and has or has not yet marked the minutes as read: for the chair and the executor only. */
export async function acknowledgements(db: Database, ctx: RequestContext, meetingId: string) {
  await enforceParticipant(db, ctx, meetingId);
  if (!organiser(ctx))
    throw new AppError(
      403,
      'FORBIDDEN',
      'Only the chair and the executor see who has read the minutes',
      undefined,
      'art. 5',
    );
  await frozenMinutes(db, meetingId);
  const present = await attendees(db, meetingId);
  const acks = await db
    .select()
    .from(minutesAcknowledgements)
    .where(eq(minutesAcknowledgements.meetingId, meetingId));
  const seen = new Map(acks.map((a) => [a.membershipId, a.at.toISOString()]));
  const people = await db
    .select({ id: memberships.id, name: users.displayName })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId));
  const participants = people
    .filter((m) => present.has(m.id))
    .map((m) => ({
      membershipId: m.id,
      name: m.name,
      acknowledgedAt: seen.get(m.id) ?? null,
    }));
  await appendAudit(db, [
    byRequester(ctx, {
      action: 'read',
      objectType: 'meeting_record',
      objectId: meetingId,
      fieldGroup: 'acknowledgement',
      result: 'allowed',
      rule: 'art. 5',
      purpose: READ_PURPOSE,
    }),
  ]);
  return { participants };
}

export interface CorrectionRequestBody {
  itemId: string;
  compartment: Compartment;
  field: string;
  reason: string;
}

/** Art. 12: an attendee asks the executor to correct a text field they read in the minutes, saying why. */
export async function requestCorrection(
  db: Database,
  ctx: RequestContext,
  meetingId: string,
  body: CorrectionRequestBody,
) {
  await enforceParticipant(db, ctx, meetingId);
  const { record, payload } = await frozenMinutes(db, meetingId);
  if (!(await attendees(db, meetingId)).has(ctx.actor.membershipId)) throw notAttended();
  const reason = body.reason.trim();
  if (reason.length === 0) throw badInput('body.reason', 'a correction request states its reason');
  if (reason.length > REASON_MAX) throw badInput('body.reason', `at most ${REASON_MAX} characters`);
  const own = payload.participants.find((p) => p.membershipId === ctx.actor.membershipId);
  const admission = organiser(ctx) ? 'all' : (own?.items ?? []);
  const admitted = admission === 'all' || admission.includes(body.itemId);
  const item = (await openItems(db, payload)).find((i) => i.itemId === body.itemId);
  if (!item || !admitted) throw notFound('Agenda item in this record', 'body.itemId');
  const content = item.content;
  if (!content)
    throw conflict("This subject's data were destroyed at the end of the retention period (art. 13)");
  const { reads } = readsInRecord(
    payload.policy,
    ctx.actor,
    payload.meeting.kind,
    body.compartment,
    content.disclosures,
  );
  const now = new Date();
  if (!reads) {
    await appendAudit(db, [
      byRequester(ctx, {
        action: 'create',
        objectType: 'meeting_record',
        objectId: record.id,
        subjectId: item.subjectId,
        fieldGroup: body.compartment,
        result: 'denied',
        rule: 'art. 12',
        purpose: PURPOSE,
      }),
    ]);
    throw new AppError(
      403,
      'FORBIDDEN',
      'A correction is asked for a field you can read in the minutes; this one is masked for you',
      'body.compartment',
      'art. 12',
    );
  }
  const compartment = content.compartments[body.compartment];
  if (!compartment || !(body.field in compartment.content))
    throw notFound('Field in this compartment', 'body.field');
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await tx.insert(minutesCorrectionRequests).values({
      id,
      meetingId,
      recordId: record.id,
      itemId: item.itemId,
      compartment: body.compartment,
      field: body.field,
      requesterMembershipId: ctx.actor.membershipId,
      // Sealed with the file's key: its destruction (art. 13) erases the reason with the record's content.
      sealed: await seal(tx, keyOwnerOf({ subjectId: item.subjectId, ...content }), {
        reason,
      } satisfies RequestText),
      status: 'requested',
      requestedAt: now,
    });
    await appendAudit(tx, [
      byRequester(ctx, {
        action: 'create',
        objectType: 'meeting_record',
        objectId: record.id,
        subjectId: item.subjectId,
        fieldGroup: body.compartment,
        result: 'allowed',
        rule: 'art. 12',
        purpose: PURPOSE,
      }),
    ]);
  });
  return (await listCorrectionRequests(db, ctx, meetingId, { audit: false })).requests.find(
    (r) => r.id === id,
  )!;
}

/** The requester sees their own requests; the executor sees all of the meeting. */
export async function listCorrectionRequests(
  db: Database,
  ctx: RequestContext,
  meetingId: string,
  options: { audit?: boolean } = {},
) {
  await enforceParticipant(db, ctx, meetingId);
  const executor = ctx.actor.role === 'executor';
  const rows = await db
    .select()
    .from(minutesCorrectionRequests)
    .where(
      executor
        ? eq(minutesCorrectionRequests.meetingId, meetingId)
        : and(
            eq(minutesCorrectionRequests.meetingId, meetingId),
            eq(minutesCorrectionRequests.requesterMembershipId, ctx.actor.membershipId),
          ),
    )
    .orderBy(asc(minutesCorrectionRequests.requestedAt));
  // Art. 13.2: the texts of a request on an item whose file went to the non-active archive are for core parties only.
  const files = rows.length
    ? await db
        .select({
          id: agendaItems.id,
          weighingFileId: agendaItems.weighingFileId,
          caseFileId: agendaItems.caseFileId,
        })
        .from(agendaItems)
        .where(eq(agendaItems.meetingId, meetingId))
    : [];
  const archived = await archivedOutOfReach(db, ctx.actor, files);
  const inArchive = new Set(files.filter((f) => archived(f)).map((f) => f.id));
  const requests = [];
  for (const r of rows) {
    const text = inArchive.has(r.itemId) ? null : await unseal<RequestText>(db, r.sealed as Sealed);
    requests.push({
      id: r.id,
      itemId: r.itemId,
      compartment: r.compartment,
      field: r.field,
      requesterMembershipId: r.requesterMembershipId,
      // Null once the file's key is destroyed (art. 13).
      reason: text?.reason ?? null,
      answer: text?.answer ?? null,
      status: r.status,
      requestedAt: r.requestedAt.toISOString(),
      answeredAt: r.answeredAt?.toISOString() ?? null,
      rectificationRecordId: r.rectificationRecordId,
    });
  }
  if (options.audit !== false && rows.length > 0)
    await appendAudit(db, [
      byRequester(ctx, {
        action: 'read',
        objectType: 'meeting_record',
        objectId: meetingId,
        fieldGroup: 'correction_request',
        result: 'allowed',
        rule: 'art. 12',
        purpose: PURPOSE,
      }),
    ]);
  return { requests };
}

async function openRequest(
  db: Database,
  ctx: RequestContext,
  meetingId: string,
  requestId: string,
  action: string,
) {
  await enforce(db, ctx, canRectifyRecord(ctx.actor), {
    action: 'update',
    objectType: 'meeting_record',
    objectId: meetingId,
    fieldGroup: 'correction_request',
    purpose: PURPOSE,
  });
  const [row] = await db
    .select()
    .from(minutesCorrectionRequests)
    .where(
      and(eq(minutesCorrectionRequests.id, requestId), eq(minutesCorrectionRequests.meetingId, meetingId)),
    );
  if (!row) throw notFound('Correction request', 'params.rid');
  if (row.status !== 'requested') throw conflict(`This request was already answered; it cannot be ${action}`);
  const text = await unseal<RequestText>(db, row.sealed as Sealed);
  if (!text)
    throw conflict("This subject's data were destroyed at the end of the retention period (art. 13)");
  return { row, text };
}

/**
 * Answers a request that is still open, in the caller's transaction; refused when it was answered meanwhile (the
 * check in `openRequest` ran before the transaction), which rolls the caller's work back.
 */
async function answerOpenRequest(
  tx: Executor,
  requestId: string,
  values: Partial<typeof minutesCorrectionRequests.$inferInsert>,
): Promise<void> {
  const updated = await tx
    .update(minutesCorrectionRequests)
    .set(values)
    .where(
      and(eq(minutesCorrectionRequests.id, requestId), eq(minutesCorrectionRequests.status, 'requested')),
    )
    .returning({ id: minutesCorrectionRequests.id });
  if (updated.length === 0)
    throw conflict('This request was answered meanwhile; it cannot be answered again');
}

/** The executor refuses a request, with reasons (art. 12): the requester reads them. */
export async function refuseCorrection(
  db: Database,
  ctx: RequestContext,
  meetingId: string,
  requestId: string,
  answer: string,
) {
  const reason = answer.trim();
  if (reason.length === 0) throw badInput('body.reason', 'a refusal states its reason');
  if (reason.length > REASON_MAX) throw badInput('body.reason', `at most ${REASON_MAX} characters`);
  const { row, text } = await openRequest(db, ctx, meetingId, requestId, 'refused');
  const { payload } = await frozenMinutes(db, meetingId);
  const item = (await openItems(db, payload)).find((i) => i.itemId === row.itemId);
  if (!item?.content)
    throw conflict("This subject's data were destroyed at the end of the retention period (art. 13)");
  const now = new Date();
  await db.transaction(async (tx) => {
    // Sealed, audited, then the request: the same lock order as carrying a request out (the rectification is sealed
    // and audited, then the request answered), so a refusal racing a carry-out waits for it instead of deadlocking
    // with it. When the request was answered meanwhile, the conflict rolls the audit row back with the rest.
    const sealed = await seal(tx, keyOwnerOf({ subjectId: item.subjectId, ...item.content! }), {
      ...text,
      answer: reason,
    } satisfies RequestText);
    await appendAudit(tx, [
      byRequester(ctx, {
        action: 'update',
        objectType: 'meeting_record',
        objectId: row.recordId,
        subjectId: item.subjectId,
        fieldGroup: row.compartment,
        result: 'allowed',
        rule: 'art. 12',
        purpose: PURPOSE,
      }),
    ]);
    await answerOpenRequest(tx, row.id, {
      status: 'refused',
      sealed,
      answeredByMembershipId: ctx.actor.membershipId,
      answeredAt: now,
    });
  });
  return (await listCorrectionRequests(db, ctx, meetingId, { audit: false })).requests.find(
    (r) => r.id === row.id,
  )!;
}

/** The executor carries a request out: a rectification record (art. 12), linked to the request. */
export async function carryOutCorrection(
  db: Database,
  ctx: RequestContext,
  meetingId: string,
  requestId: string,
  correction: string,
) {
  const { row, text } = await openRequest(db, ctx, meetingId, requestId, 'carried out');
  const rectification = await rectifyRecord(
    db,
    ctx,
    meetingId,
    {
      itemId: row.itemId,
      compartment: row.compartment as Compartment,
      field: row.field,
      correction,
      reason: text.reason,
    },
    // The request is answered in the rectification's own transaction, and only if nobody answered it meanwhile:
    // two executors at once give one rectification, never a second one or a request left open beside it.
    async (tx, done) => {
      await answerOpenRequest(tx, row.id, {
        status: 'rectified',
        answeredByMembershipId: ctx.actor.membershipId,
        answeredAt: done.rectifiedAt,
        rectificationRecordId: done.recordId,
      });
    },
  );
  return { rectification };
}
