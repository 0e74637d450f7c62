import { openTexts } from './file-texts';
import { openSubjectText, sealSubjectTextOrNull, type SubjectColumn } from './subject-texts';
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client';
import {
  memberships,
  notificationDuties,
  notificationEvents,
  subjects,
  users,
  weighingDecisions,
  weighingFiles,
} from '../../db/schema/index';
import {
  canConsultArchive,
  canDeferNotification,
  canReadNotifications,
  canRecordInforming,
  dutchDay,
  notificationStatus,
  type DeferNotificationBody,
  type InformedBody,
  type NotificationView,
  type Actor,
} from '../../shared/index';
import type { RequestContext } from '../context';
import { badInput, conflict, notFound } from '../errors';
import { byRequester, appendAudit } from './audit';
import { enforce, listedEntries } from './authorize';

const PURPOSE = 'informatieplicht jegens de betrokkene (convenant art. 11)';

async function views(db: Database, actor: Actor, ids?: string[]): Promise<NotificationView[]> {
  const covenantId = actor.covenantId;
  // Art. 13.2: the name in an archived weighing file is for the core parties only.
  const consultsArchive = canConsultArchive(actor).allowed;
  const rows = await db
    .select({
      duty: notificationDuties,
      reference: subjects.reference,
      outcome: weighingDecisions.outcome,
      fileId: weighingFiles.id,
      name: weighingFiles.name,
      destroyedAt: weighingFiles.destroyedAt,
      archivedAt: weighingFiles.archivedAt,
    })
    .from(notificationDuties)
    .innerJoin(subjects, eq(subjects.id, notificationDuties.subjectId))
    .leftJoin(weighingDecisions, eq(weighingDecisions.id, notificationDuties.weighingDecisionId))
    .leftJoin(weighingFiles, eq(weighingFiles.id, weighingDecisions.fileId))
    .where(
      and(
        eq(notificationDuties.covenantId, covenantId),
        ids ? inArray(notificationDuties.id, ids) : undefined,
      ),
    )
    .orderBy(asc(notificationDuties.dueSince));
  const events = rows.length
    ? await db
        .select({ event: notificationEvents, by: users.displayName })
        .from(notificationEvents)
        .innerJoin(memberships, eq(memberships.id, notificationEvents.byMembershipId))
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(
          inArray(
            notificationEvents.dutyId,
            rows.map((r) => r.duty.id),
          ),
        )
        .orderBy(asc(notificationEvents.at))
    : [];
  const now = new Date();
  const today = dutchDay(now);
  // The name is sealed with the weighing file's key (art. 13): opened per row.
  const names = await Promise.all(
    rows.map(async ({ fileId, name }) =>
      fileId && name !== null ? (await openTexts(db, 'weighingFile', fileId, { name })).name : name,
    ),
  );
  const openHow = (subjectId: string, column: SubjectColumn, stored: string | null) =>
    openSubjectText(db, subjectId, column, stored);
  const dutiesHow = await Promise.all(
    rows.map(({ duty }) => openHow(duty.subjectId, 'notification_duties.informed_how', duty.informedHow)),
  );
  const subjectOf = new Map(rows.map(({ duty }) => [duty.id, duty.subjectId]));
  const eventsHow = await Promise.all(
    events.map(({ event }) =>
      openHow(subjectOf.get(event.dutyId)!, 'notification_events.informed_how', event.informedHow),
    ),
  );
  return rows.map(({ duty, reference, outcome, fileId, destroyedAt, archivedAt }, i) => ({
    id: duty.id,
    subjectReference: reference,
    subjectName: fileId && !destroyedAt && (!archivedAt || consultsArchive) ? (names[i] ?? null) : null,
    weighingFileId: fileId && !destroyedAt ? fileId : null,
    decisionOutcome: outcome ?? null,
    dueSince: duty.dueSince.toISOString(),
    state: duty.state,
    status: notificationStatus(
      { state: duty.state, dueSince: duty.dueSince, reviewOn: duty.reviewOn },
      today,
      now,
    ),
    deferralGround: duty.deferralGround,
    reviewOn: duty.reviewOn,
    informedOn: duty.informedOn,
    informedHow: dutiesHow[i] ?? null,
    history: events
      .map((e, j) => ({ ...e, how: eventsHow[j] ?? null }))
      .filter((e) => e.event.dutyId === duty.id)
      .map(({ event, by, how }) => ({
        kind: event.kind,
        deferralGround: event.deferralGround,
        reviewOn: event.reviewOn,
        informedOn: event.informedOn,
        informedHow: how,
        by,
        at: event.at.toISOString(),
      })),
  }));
}

/** The register: what is due, overdue, deferred (and up for review) and done. Names listed are audited. */
export async function listNotifications(db: Database, ctx: RequestContext): Promise<NotificationView[]> {
  const allowed = await enforce(db, ctx, canReadNotifications(ctx.actor), {
    action: 'list',
    objectType: 'notification_duty',
    purpose: PURPOSE,
  });
  const list = await views(db, ctx.actor);
  const subjectsOf = new Map(
    (
      await db
        .select({ id: notificationDuties.id, subjectId: notificationDuties.subjectId })
        .from(notificationDuties)
        .where(eq(notificationDuties.covenantId, ctx.actor.covenantId))
    ).map((r) => [r.id, r.subjectId]),
  );
  await appendAudit(
    db,
    listedEntries(
      ctx,
      'notification_duty',
      PURPOSE,
      list
        .filter((d) => d.subjectName !== null)
        .map((d) => ({ objectId: d.id, subjectId: subjectsOf.get(d.id)!, decision: allowed })),
    ),
  );
  // Most urgent first: overdue, review due, due, deferred, informed.
  const order = ['overdue', 'review_due', 'due', 'deferred', 'informed'];
  return list.sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status));
}

async function dutyOf(db: Database, ctx: RequestContext, id: string) {
  const [duty] = await db
    .select()
    .from(notificationDuties)
    .where(and(eq(notificationDuties.id, id), eq(notificationDuties.covenantId, ctx.actor.covenantId)))
    .limit(1);
  if (!duty) throw notFound('Notification duty');
  return duty;
}

/** A step in the register, with its event and audit row, in one transaction. */
async function step(
  db: Database,
  ctx: RequestContext,
  id: string,
  change: Partial<typeof notificationDuties.$inferInsert>,
  event: Omit<typeof notificationEvents.$inferInsert, 'id' | 'dutyId' | 'byMembershipId' | 'at'>,
  rule: string,
): Promise<NotificationView> {
  const duty = await dutyOf(db, ctx, id);
  if (duty.state === 'informed') throw conflict('The subject was already informed; the duty is met');
  const now = new Date();
  await db.transaction(async (tx) => {
    // How the subject was informed is sealed with the subject's key (art. 13).
    const informedHow = await sealSubjectTextOrNull(
      tx,
      duty.subjectId,
      'notification_duties.informed_how',
      change.informedHow,
    );
    const updated = await tx
      .update(notificationDuties)
      .set({ ...change, ...(change.informedHow === undefined ? {} : { informedHow }) })
      .where(and(eq(notificationDuties.id, id), eq(notificationDuties.state, duty.state)))
      .returning({ id: notificationDuties.id });
    if (updated.length === 0) throw conflict('The duty changed meanwhile; reload the register');
    await tx.insert(notificationEvents).values({
      id: randomUUID(),
      dutyId: id,
      byMembershipId: ctx.actor.membershipId,
      at: now,
      ...event,
      informedHow: await sealSubjectTextOrNull(
        tx,
        duty.subjectId,
        'notification_events.informed_how',
        event.informedHow,
      ),
    });
    await appendAudit(
      tx,
      [
        byRequester(ctx, {
          action: 'update',
          objectType: 'notification_duty',
          objectId: id,
          subjectId: duty.subjectId,
          fieldGroup: event.kind,
          result: 'allowed',
          rule,
          purpose: PURPOSE,
        }),
      ],
      now,
    );
  });
  const [view] = await views(db, ctx.actor, [id]);
  return view!;
}

/** Art. 11.3–11.4: a core party records the deferral (or its extension) with its ground and a review date. */
export async function deferNotification(
  db: Database,
  ctx: RequestContext,
  id: string,
  body: DeferNotificationBody,
) {
  const decision = canDeferNotification(ctx.actor);
  await enforce(db, ctx, decision, {
    action: 'update',
    objectType: 'notification_duty',
    objectId: id,
    fieldGroup: 'deferred',
    purpose: PURPOSE,
  });
  if (body.reviewOn <= dutchDay(new Date()))
    throw badInput('body.reviewOn', 'must be a date after today: a deferral is reviewed at a later date');
  return step(
    db,
    ctx,
    id,
    { state: 'deferred', deferralGround: body.ground, reviewOn: body.reviewOn },
    { kind: 'deferred', deferralGround: body.ground, reviewOn: body.reviewOn },
    'art. 11.4',
  );
}

/** Art. 11.2, 11.5: the executor records that (and how) the subject was informed; this ends any deferral. */
export async function recordInformed(db: Database, ctx: RequestContext, id: string, body: InformedBody) {
  const decision = canRecordInforming(ctx.actor);
  await enforce(db, ctx, decision, {
    action: 'update',
    objectType: 'notification_duty',
    objectId: id,
    fieldGroup: 'informed',
    purpose: PURPOSE,
  });
  if (body.informedOn > dutchDay(new Date())) throw badInput('body.informedOn', 'must not be in the future');
  return step(
    db,
    ctx,
    id,
    {
      state: 'informed',
      informedOn: body.informedOn,
      informedHow: body.how,
      deferralGround: null,
      reviewOn: null,
    },
    { kind: 'informed', informedOn: body.informedOn, informedHow: body.how },
    'art. 11.5',
  );
}
