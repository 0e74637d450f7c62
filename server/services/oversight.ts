import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gte, inArray, lt, min, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client';
import {
  accessReviews,
  agendaItems,
  auditLog,
  incidents,
  meetingAttendance,
  meetingRecords,
  meetings,
  memberships,
  organisations,
  subjects,
  users,
} from '../../db/schema/index';
import {
  AUTHORITY_DEADLINE_HOURS,
  addDays,
  canReviewAccess,
  dutchDay,
  flagAccess,
  incidentStatus,
  inMeeting,
  type MeetingWindow,
  type AccessLogQuery,
  type AccessLogView,
  type AccessReviewView,
  type IncidentView,
  type RecordReviewBody,
  type RegisterIncidentBody,
  type UpdateIncidentBody,
} from '../../shared/index';
import type { RequestContext } from '../context';
import { badInput, conflict, notFound, ruleViolation } from '../errors';
import { byRequester, appendAudit } from './audit';
import { auditDecision, concerning, enforce } from './authorize';

const PURPOSE = 'controle op de toegang tot gegevens en incidentenregistratie (convenant art. 15.2e, 15.2g)';
/** Most entries one response carries; narrow the period or filter to see more. */
export const ACCESS_LOG_LIMIT = 2000;

function mayReview(db: Database, ctx: RequestContext, action: 'read' | 'list' | 'create' | 'update') {
  return enforce(db, ctx, canReviewAccess(ctx.actor), { action, objectType: 'audit_log', purpose: PURPOSE });
}

/** Day boundaries in Dutch time as instants: [from 00:00, to+1 00:00). */
const startOfDay = (day: string) => sql`(${day}::date)::timestamp at time zone 'Europe/Amsterdam'`;

/**
 * The access log for review (art. 15.2e): who accessed which subject's data, when, in which capacity, in or
 * outside a meeting, with unusual entries flagged. The covenant's entries: by its users or on its subjects.
 */
export async function accessLog(
  db: Database,
  ctx: RequestContext,
  query: AccessLogQuery,
): Promise<AccessLogView> {
  const allowed = await mayReview(db, ctx, 'read');
  const covenantId = ctx.actor.covenantId;
  const to = query.to ?? dutchDay(new Date());
  const from = query.from ?? addDays(to, -30);
  if (from > to) throw badInput('querystring.from', 'must not be after querystring.to');
  const ofCovenant = or(
    inArray(
      auditLog.userId,
      db.select({ id: memberships.userId }).from(memberships).where(eq(memberships.covenantId, covenantId)),
    ),
    inArray(
      auditLog.subjectId,
      db.select({ id: subjects.id }).from(subjects).where(eq(subjects.covenantId, covenantId)),
    ),
  )!;
  const period: SQL[] = [
    ofCovenant,
    gte(auditLog.occurredAt, startOfDay(from)),
    lt(auditLog.occurredAt, startOfDay(addDays(to, 1))),
  ];
  const rows = await db
    .select({
      log: auditLog,
      user: users.displayName,
      organisation: organisations.name,
      reference: subjects.reference,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .leftJoin(organisations, eq(organisations.id, auditLog.organisationId))
    .leftJoin(subjects, eq(subjects.id, auditLog.subjectId))
    .where(and(...period))
    .orderBy(asc(auditLog.seq));
  // When each user took part in a meeting on each subject: from their first presence at its agenda item until the
  // meeting was frozen (its minutes record); not frozen yet: still going on.
  const closedAt = db
    .select({ meetingId: meetingRecords.meetingId, at: min(meetingRecords.createdAt).as('closed_at') })
    .from(meetingRecords)
    .where(eq(meetingRecords.kind, 'minutes'))
    .groupBy(meetingRecords.meetingId)
    .as('closed');
  const windows: MeetingWindow[] = (
    await db
      .select({
        userId: memberships.userId,
        subjectId: agendaItems.subjectId,
        from: meetingAttendance.firstSeenAt,
        to: closedAt.at,
      })
      .from(meetingAttendance)
      .innerJoin(agendaItems, eq(agendaItems.id, meetingAttendance.agendaItemId))
      .innerJoin(memberships, eq(memberships.id, meetingAttendance.membershipId))
      .innerJoin(meetings, and(eq(meetings.id, agendaItems.meetingId), eq(meetings.covenantId, covenantId)))
      .leftJoin(closedAt, eq(closedAt.meetingId, agendaItems.meetingId))
  ).map((w) => ({ ...w, to: w.to === null ? null : new Date(w.to) }));
  const met = new Set(windows.map((w) => `${w.userId}:${w.subjectId}`));
  const flags = flagAccess(
    rows.map(({ log }) => ({
      seq: log.seq,
      at: log.occurredAt,
      userId: log.userId,
      role: log.role,
      action: log.action,
      subjectId: log.subjectId,
      result: log.result,
      attendedSubject: met.has(`${log.userId}:${log.subjectId}`),
    })),
  );
  const entries = rows
    .map(({ log, user, organisation, reference }) => ({
      seq: log.seq,
      at: log.occurredAt.toISOString(),
      user,
      userId: log.userId,
      organisation,
      role: log.role,
      capacity: log.capacity,
      action: log.action,
      objectType: log.objectType,
      subjectReference: reference,
      fieldGroup: log.fieldGroup,
      result: log.result,
      rule: log.rule,
      purpose: log.purpose,
      inMeeting: inMeeting(
        { at: log.occurredAt, userId: log.userId, subjectId: log.subjectId, objectType: log.objectType },
        windows,
      ),
      flags: flags.get(log.seq) ?? [],
    }))
    .filter(
      (e) =>
        (!query.subjectReference || e.subjectReference === query.subjectReference) &&
        (!query.userId || e.userId === query.userId) &&
        (!query.result || e.result === query.result) &&
        (!query.flagged || e.flags.length > 0),
    );
  // Reading the log is itself logged (no subject: it is about access, not about a person's data).
  await auditDecision(
    db,
    ctx,
    concerning(allowed, { fieldGroup: query.format === 'csv' ? 'export' : 'review' }),
    {
      action: 'read',
      objectType: 'audit_log',
      objectId: `${from}..${to}`,
      purpose: PURPOSE,
    },
  );
  return {
    entries: entries.slice(-ACCESS_LOG_LIMIT).reverse(),
    total: rows.length,
    flagged: flags.size,
    truncated: entries.length > ACCESS_LOG_LIMIT,
  };
}

const CSV_COLUMNS = [
  'seq',
  'at',
  'user',
  'organisation',
  'role',
  'capacity',
  'action',
  'objectType',
  'subjectReference',
  'fieldGroup',
  'result',
  'rule',
  'inMeeting',
  'flags',
] as const;

/** The review as CSV (semicolon-separated, as Dutch spreadsheet software expects); values quoted. */
export function accessLogCsv(view: AccessLogView): string {
  const cell = (value: string | number | boolean | readonly string[] | null) => {
    const text = Array.isArray(value) ? value.join(' ') : value === null ? '' : String(value);
    // Guard against formulas in spreadsheet software (CSV injection).
    const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
    return `"${safe.replace(/"/g, '""')}"`;
  };
  return [
    CSV_COLUMNS.join(';'),
    ...view.entries.map((e) => CSV_COLUMNS.map((c) => cell(e[c])).join(';')),
  ].join('\r\n');
}

/** Records a periodic review: the period, what it covered, and the findings (art. 15.2e). */
export async function recordReview(
  db: Database,
  ctx: RequestContext,
  body: RecordReviewBody,
): Promise<AccessReviewView> {
  const allowed = await mayReview(db, ctx, 'create');
  if (body.periodFrom > body.periodTo) throw badInput('body.periodFrom', 'must not be after body.periodTo');
  const view = await accessLog(db, ctx, { from: body.periodFrom, to: body.periodTo });
  const row = {
    id: randomUUID(),
    covenantId: ctx.actor.covenantId,
    periodFrom: body.periodFrom,
    periodTo: body.periodTo,
    entries: view.total,
    flagged: view.flagged,
    findings: body.findings,
    reviewedByMembershipId: ctx.actor.membershipId,
    reviewedAt: new Date(),
  };
  await db.transaction(async (tx) => {
    await tx.insert(accessReviews).values(row);
    await auditDecision(tx, ctx, allowed, {
      action: 'create',
      objectType: 'access_review',
      objectId: row.id,
      purpose: PURPOSE,
    });
  });
  return { ...row, reviewedBy: ctx.actor.displayName, reviewedAt: row.reviewedAt.toISOString() };
}

export async function listReviews(db: Database, ctx: RequestContext): Promise<AccessReviewView[]> {
  await mayReview(db, ctx, 'list');
  const rows = await db
    .select({ review: accessReviews, by: users.displayName })
    .from(accessReviews)
    .innerJoin(memberships, eq(memberships.id, accessReviews.reviewedByMembershipId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(accessReviews.covenantId, ctx.actor.covenantId))
    .orderBy(desc(accessReviews.reviewedAt));
  return rows.map(({ review, by }) => ({
    id: review.id,
    periodFrom: review.periodFrom,
    periodTo: review.periodTo,
    entries: review.entries,
    flagged: review.flagged,
    findings: review.findings,
    reviewedBy: by,
    reviewedAt: review.reviewedAt.toISOString(),
  }));
}

type IncidentRow = typeof incidents.$inferSelect;

const authorityDeadline = (discoveredAt: Date) =>
  new Date(discoveredAt.getTime() + AUTHORITY_DEADLINE_HOURS * 3_600_000);

function incidentView(row: IncidentRow, notifiedBy: string | null, now = new Date()): IncidentView {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    occurredOn: row.occurredOn,
    discoveredAt: row.discoveredAt.toISOString(),
    personalData: row.personalData,
    authorityNotification: row.authorityNotification,
    authorityNotifiedAt: row.authorityNotifiedAt?.toISOString() ?? null,
    authorityNotifiedBy: notifiedBy,
    notifiedLate: !!row.authorityNotifiedAt && row.authorityNotifiedAt > authorityDeadline(row.discoveredAt),
    lateReason: row.lateReason,
    authorityDeadline: authorityDeadline(row.discoveredAt).toISOString(),
    actions: row.actions,
    status: incidentStatus(
      {
        closedAt: row.closedAt,
        authorityNotification: row.authorityNotification,
        authorityNotifiedAt: row.authorityNotifiedAt,
        discoveredAt: row.discoveredAt,
      },
      now,
    ),
    createdAt: row.createdAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
  };
}

function incidentAudit(ctx: RequestContext, action: 'create' | 'update', id: string, fieldGroup: string) {
  return byRequester(ctx, {
    action,
    objectType: 'incident' as const,
    objectId: id,
    fieldGroup,
    result: 'allowed' as const,
    rule: 'art. 15.2g',
    purpose: PURPOSE,
  });
}

export async function listIncidents(db: Database, ctx: RequestContext): Promise<IncidentView[]> {
  await mayReview(db, ctx, 'list');
  const rows = await incidentRows(db, eq(incidents.covenantId, ctx.actor.covenantId));
  const order = ['notification_overdue', 'notification_due', 'open', 'closed'];
  return rows
    .map((r) => incidentView(r.incident, r.notifiedBy))
    .sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status));
}

/** Incidents with the name of who recorded the notification to the authority, newest discovery first. */
async function incidentRows(db: Database, where: SQL) {
  return db
    .select({ incident: incidents, notifiedBy: users.displayName })
    .from(incidents)
    .leftJoin(memberships, eq(memberships.id, incidents.authorityNotifiedByMembershipId))
    .leftJoin(users, eq(users.id, memberships.userId))
    .where(where)
    .orderBy(desc(incidents.discoveredAt));
}

export async function registerIncident(db: Database, ctx: RequestContext, body: RegisterIncidentBody) {
  await mayReview(db, ctx, 'create');
  const now = new Date();
  if (new Date(body.discoveredAt) > now) throw badInput('body.discoveredAt', 'must not be in the future');
  if (body.occurredOn && body.occurredOn > dutchDay(new Date(body.discoveredAt)))
    throw badInput('body.occurredOn', 'must not be after the discovery');
  const row = {
    id: randomUUID(),
    covenantId: ctx.actor.covenantId,
    title: body.title,
    description: body.description,
    occurredOn: body.occurredOn ?? null,
    discoveredAt: new Date(body.discoveredAt),
    personalData: body.personalData,
    authorityNotification: body.authorityNotification,
    authorityNotifiedAt: null,
    authorityNotifiedByMembershipId: null,
    lateReason: null,
    actions: body.actions,
    createdByMembershipId: ctx.actor.membershipId,
    createdAt: now,
    closedAt: null,
  };
  await db.transaction(async (tx) => {
    await tx.insert(incidents).values(row);
    await appendAudit(tx, [incidentAudit(ctx, 'create', row.id, 'registered')]);
  });
  return incidentView(row, null, now);
}

export async function updateIncident(
  db: Database,
  ctx: RequestContext,
  id: string,
  body: UpdateIncidentBody,
) {
  await mayReview(db, ctx, 'update');
  const [found] = await incidentRows(
    db,
    and(eq(incidents.id, id), eq(incidents.covenantId, ctx.actor.covenantId))!,
  );
  if (!found) throw notFound('Incident');
  const row = found.incident;
  if (row.closedAt) throw conflict('This incident is closed');
  const now = new Date();
  const notifiedAt = body.authorityNotifiedAt ? new Date(body.authorityNotifiedAt) : null;
  if (notifiedAt && notifiedAt > now) throw badInput('body.authorityNotifiedAt', 'must not be in the future');
  if (notifiedAt && notifiedAt < row.discoveredAt)
    throw badInput('body.authorityNotifiedAt', 'must not be before the discovery');
  if (body.lateReason && !notifiedAt)
    throw badInput('body.lateReason', 'goes with the notification (body.authorityNotifiedAt)');
  // Art. 33.1 AVG: "Indien de melding aan de toezichthoudende autoriteit niet binnen 72 uur plaatsvindt, gaat zij
  // vergezeld van een motivering voor de vertraging."
  if (notifiedAt && notifiedAt > authorityDeadline(row.discoveredAt) && !body.lateReason)
    throw ruleViolation(
      'The notification was made after the 72 hours: state the reasons for the delay',
      'art. 15.2g',
      'body.lateReason',
    );
  const notification =
    body.authorityNotification ?? (body.authorityNotifiedAt ? 'required' : row.authorityNotification);
  if (body.close && notification === 'undecided')
    throw conflict('Decide whether the supervisory authority must be notified before closing', 'body.close');
  if (body.close && notification === 'required' && !(body.authorityNotifiedAt ?? row.authorityNotifiedAt))
    throw conflict('Record the notification to the supervisory authority before closing', 'body.close');
  const change = {
    authorityNotification: notification,
    ...(notifiedAt
      ? {
          authorityNotifiedAt: notifiedAt,
          authorityNotifiedByMembershipId: ctx.actor.membershipId,
          lateReason: body.lateReason ?? null,
        }
      : {}),
    ...(body.actions !== undefined ? { actions: body.actions } : {}),
    ...(body.close ? { closedAt: now } : {}),
  };
  await db.transaction(async (tx) => {
    await tx.update(incidents).set(change).where(eq(incidents.id, id));
    await appendAudit(tx, [incidentAudit(ctx, 'update', id, body.close ? 'closed' : 'updated')]);
  });
  return incidentView({ ...row, ...change }, notifiedAt ? ctx.actor.displayName : found.notifiedBy, now);
}
