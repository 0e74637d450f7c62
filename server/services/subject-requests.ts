import { openTexts } from './file-texts';
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client';
import {
  caseFiles,
  covenants,
  organisations,
  partyNotices,
  subjectRequests,
  subjects,
  weighingFiles,
} from '../../db/schema/index';
import {
  MODEL_COVENANT_POLICY,
  canHandleSubjectRequests,
  dutchDay,
  executionOf,
  requestDeadline,
  requestStatus,
  type CarriedOutBody,
  type DecideRequestBody,
  type RegisterRequestBody,
  type SubjectRequestView,
} from '../../shared/index';
import type { RequestContext } from '../context';
import { badInput, conflict, notFound } from '../errors';
import { byRequester, appendAudit } from './audit';
import { auditDecision, concerning, enforce } from './authorize';
import { noticeRequestCarriedOut } from './party-notices';
import { openSubjectText, sealSubjectText, sealSubjectTextOrNull } from './subject-texts';

export const REQUEST_PURPOSE = 'verzoek van de betrokkene (convenant art. 12)';

type Row = typeof subjectRequests.$inferSelect;

/** The subject's name as its files hold it (the newest file not destroyed), for the executor's register. */
async function namesOf(db: Database, subjectIds: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (subjectIds.length === 0) return names;
  for (const table of [weighingFiles, caseFiles]) {
    const rows = await db
      .select({ id: table.id, subjectId: table.subjectId, name: table.name })
      .from(table)
      .where(and(inArray(table.subjectId, subjectIds), isNull(table.destroyedAt)))
      .orderBy(asc(table.lastProcessedAt));
    const kind = table === weighingFiles ? 'weighingFile' : 'caseFile';
    for (const row of rows) {
      const { name } = await openTexts(db, kind, row.id, { name: row.name });
      if (name !== null) names.set(row.subjectId, name);
    }
  }
  return names;
}

const EXECUTION_WEEKS = 4;

type Notices = NonNullable<SubjectRequestView['execution']>['notices'];

/** The notices sent per request (art. 12.6), by request id. */
async function noticesOf(db: Database, requestIds: readonly string[]): Promise<Map<string, Notices>> {
  const byRequest = new Map<string, Notices>();
  if (requestIds.length === 0) return byRequest;
  const rows = await db
    .select({
      requestId: partyNotices.subjectRequestId,
      organisation: organisations.name,
      acknowledgedAt: partyNotices.acknowledgedAt,
    })
    .from(partyNotices)
    .innerJoin(organisations, eq(organisations.id, partyNotices.organisationId))
    .where(inArray(partyNotices.subjectRequestId, [...requestIds]))
    .orderBy(asc(organisations.name));
  for (const row of rows)
    byRequest.set(row.requestId!, [
      ...(byRequest.get(row.requestId!) ?? []),
      { organisation: row.organisation, acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null },
    ]);
  return byRequest;
}

function executionView(request: Row, today: string, notices: Notices = []): SubjectRequestView['execution'] {
  const execution = executionOf(
    {
      kind: request.kind,
      decision: request.decision,
      decidedOn: request.decidedOn,
    },
    EXECUTION_WEEKS,
  );
  if (!execution) return null;
  return {
    deadline: execution.deadline,
    carriedOutOn: request.carriedOutOn,
    partiesNotifiedOn: request.partiesNotifiedOn,
    overdue: !(request.carriedOutOn && request.partiesNotifiedOn) && today > execution.deadline,
    notices,
  };
}

async function viewsOf(
  db: Database,
  rows: { request: Row; reference: string }[],
): Promise<SubjectRequestView[]> {
  const names = await namesOf(
    db,
    rows.map((r) => r.request.subjectId),
  );
  const notices = await noticesOf(
    db,
    rows.map((r) => r.request.id),
  );
  const today = dutchDay(new Date());
  // What was asked and why it was refused are sealed with the subject's key (art. 13): opened per row.
  const texts = await Promise.all(
    rows.map(async ({ request }) => ({
      details: await openSubjectText(db, request.subjectId, 'subject_requests.details', request.details),
      reasoning: await openSubjectText(
        db,
        request.subjectId,
        'subject_requests.reasoning',
        request.reasoning,
      ),
    })),
  );
  return rows.map(({ request, reference }, i) => ({
    id: request.id,
    subjectReference: reference,
    subjectName: names.get(request.subjectId) ?? null,
    kind: request.kind,
    requester: request.requester,
    receivedOn: request.receivedOn,
    deadline: request.deadline,
    identityVerifiedOn: request.identityVerifiedOn,
    details: texts[i]!.details ?? '',
    decision: request.decision,
    decidedOn: request.decidedOn,
    refusalGround: request.refusalGround,
    reasoning: texts[i]!.reasoning,
    status: requestStatus({ decision: request.decision, deadline: request.deadline }, today),
    execution: executionView(request, today, notices.get(request.id)),
  }));
}

function mayHandle(
  db: Database,
  ctx: RequestContext,
  action: 'read' | 'list' | 'create' | 'update',
  id?: string,
) {
  return enforce(db, ctx, canHandleSubjectRequests(ctx.actor), {
    action,
    objectType: 'subject_request' as const,
    ...(id ? { objectId: id } : {}),
    purpose: REQUEST_PURPOSE,
  });
}

/**
 * The row of a later step of a request: it names the article of that step (identity art. 12.3, decision art.
 * 12.3–12.4, carrying out art. 12.6), which is not the rule of the authorisation to handle requests (art. 12.1).
 */
function audited(
  ctx: RequestContext,
  action: 'read' | 'create' | 'update',
  request: Row,
  fieldGroup: string,
  rule: string,
) {
  return byRequester(ctx, {
    action,
    objectType: 'subject_request' as const,
    objectId: request.id,
    subjectId: request.subjectId,
    fieldGroup,
    result: 'allowed' as const,
    rule,
    purpose: REQUEST_PURPOSE,
  });
}

export async function findRequest(db: Database, ctx: RequestContext, id: string) {
  const [row] = await db
    .select({ request: subjectRequests, reference: subjects.reference })
    .from(subjectRequests)
    .innerJoin(subjects, eq(subjects.id, subjectRequests.subjectId))
    .where(and(eq(subjectRequests.id, id), eq(subjectRequests.covenantId, ctx.actor.covenantId)))
    .limit(1);
  if (!row) throw notFound('Request');
  return row;
}

/** Art. 12.1, 12.3: registers a request with its date of receipt; the deadline follows from the covenant. */
export async function registerRequest(
  db: Database,
  ctx: RequestContext,
  body: RegisterRequestBody,
): Promise<SubjectRequestView> {
  const allowed = await mayHandle(db, ctx, 'create');
  const today = dutchDay(new Date());
  if (body.receivedOn > today) throw badInput('body.receivedOn', 'must not be in the future');
  if (body.identityVerifiedOn && body.identityVerifiedOn > today)
    throw badInput('body.identityVerifiedOn', 'must not be in the future');
  const [subject] = await db
    .select()
    .from(subjects)
    .where(and(eq(subjects.covenantId, ctx.actor.covenantId), eq(subjects.reference, body.subjectReference)))
    .limit(1);
  if (!subject) throw notFound('Subject with this reference', 'body.subjectReference');
  const [covenant] = await db.select().from(covenants).where(eq(covenants.id, ctx.actor.covenantId));
  const weeks = covenant?.policy.subjectRequestWeeks ?? MODEL_COVENANT_POLICY.subjectRequestWeeks;
  const row: Row = {
    id: randomUUID(),
    covenantId: ctx.actor.covenantId,
    subjectId: subject.id,
    kind: body.kind,
    requester: body.requester,
    receivedOn: body.receivedOn,
    deadline: requestDeadline(body.receivedOn, weeks),
    identityVerifiedOn: body.identityVerifiedOn ?? null,
    details: body.details,
    decision: null,
    decidedOn: null,
    refusalGround: null,
    reasoning: null,
    registeredByMembershipId: ctx.actor.membershipId,
    decidedByMembershipId: null,
    carriedOutOn: null,
    partiesNotifiedOn: null,
    createdAt: new Date(),
  };
  await db.transaction(async (tx) => {
    await tx.insert(subjectRequests).values({
      ...row,
      details: await sealSubjectText(tx, row.subjectId, 'subject_requests.details', row.details),
    });
    await auditDecision(tx, ctx, concerning(allowed, { subjectId: row.subjectId, fieldGroup: body.kind }), {
      action: 'create',
      objectType: 'subject_request',
      objectId: row.id,
      purpose: REQUEST_PURPOSE,
    });
  });
  return (await viewsOf(db, [{ request: row, reference: subject.reference }]))[0]!;
}

/** The executor's register of requests, the most urgent first. */
export async function listRequests(db: Database, ctx: RequestContext): Promise<SubjectRequestView[]> {
  await mayHandle(db, ctx, 'list');
  const rows = await db
    .select({ request: subjectRequests, reference: subjects.reference })
    .from(subjectRequests)
    .innerJoin(subjects, eq(subjects.id, subjectRequests.subjectId))
    .where(eq(subjectRequests.covenantId, ctx.actor.covenantId))
    .orderBy(asc(subjectRequests.deadline), desc(subjectRequests.createdAt));
  const views = await viewsOf(db, rows);
  const order = ['overdue', 'due_soon', 'open', 'decided'];
  return views.sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status));
}

export async function verifyIdentity(db: Database, ctx: RequestContext, id: string, verifiedOn: string) {
  await mayHandle(db, ctx, 'update', id);
  const { request, reference } = await findRequest(db, ctx, id);
  if (verifiedOn > dutchDay(new Date())) throw badInput('body.verifiedOn', 'must not be in the future');
  if (verifiedOn < request.receivedOn)
    throw badInput('body.verifiedOn', 'must not be before the request was received');
  const updated = { ...request, identityVerifiedOn: verifiedOn };
  await db.transaction(async (tx) => {
    await tx
      .update(subjectRequests)
      .set({ identityVerifiedOn: verifiedOn })
      .where(eq(subjectRequests.id, id));
    await appendAudit(tx, [audited(ctx, 'update', updated, 'identity', 'art. 12.3')]);
  });
  return (await viewsOf(db, [{ request: updated, reference }]))[0]!;
}

/**
 * Art. 12.3–12.5: the decision, after the identity is established. A refusal names its ground (art. 43 Wbp) and is
 * reasoned; a decided request is final.
 */
export async function decideRequest(db: Database, ctx: RequestContext, id: string, body: DecideRequestBody) {
  await mayHandle(db, ctx, 'update', id);
  const { request, reference } = await findRequest(db, ctx, id);
  if (request.decision) throw conflict('This request was already decided');
  if (!request.identityVerifiedOn)
    throw conflict('Establish the identity of the requester first (art. 12.3)', 'body.decision');
  if (body.decision === 'refused' && !body.refusalGround)
    throw badInput('body.refusalGround', 'is required with a refusal: a ground of art. 43 Wbp (art. 12.4)');
  if (body.decision !== 'refused' && body.refusalGround)
    throw badInput('body.refusalGround', 'is given only with a refusal');
  if (body.decidedOn > dutchDay(new Date())) throw badInput('body.decidedOn', 'must not be in the future');
  if (body.decidedOn < request.receivedOn)
    throw badInput('body.decidedOn', 'must not be before the request was received');
  const decided: Row = {
    ...request,
    decision: body.decision,
    decidedOn: body.decidedOn,
    refusalGround: body.refusalGround ?? null,
    reasoning: body.reasoning,
    decidedByMembershipId: ctx.actor.membershipId,
  };
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(subjectRequests)
      .set({
        decision: decided.decision,
        decidedOn: decided.decidedOn,
        refusalGround: decided.refusalGround,
        reasoning: await sealSubjectTextOrNull(
          tx,
          request.subjectId,
          'subject_requests.reasoning',
          decided.reasoning,
        ),
        decidedByMembershipId: decided.decidedByMembershipId,
      })
      .where(and(eq(subjectRequests.id, id), isNull(subjectRequests.decision)))
      .returning({ id: subjectRequests.id });
    if (updated.length === 0) throw conflict('This request was already decided');
    await appendAudit(tx, [
      audited(ctx, 'update', decided, 'decision', body.decision === 'refused' ? 'art. 12.4' : 'art. 12.3'),
    ]);
  });
  return (await viewsOf(db, [{ request: decided, reference }]))[0]!;
}

/**
 * Art. 12.6: records that a granted correction, deletion or objection was carried out (a correction of the minutes
 * through a rectification) and that the parties were told ("Zij doet hiervan een kennisgeving aan partijen").
 */
export async function recordCarriedOut(db: Database, ctx: RequestContext, id: string, body: CarriedOutBody) {
  await mayHandle(db, ctx, 'update', id);
  const { request, reference } = await findRequest(db, ctx, id);
  if (!executionView(request, dutchDay(new Date())))
    throw conflict('Only a granted correction, deletion or objection is carried out (art. 12.6)');
  if (request.carriedOutOn) throw conflict('This decision was already carried out');
  const now = new Date();
  const today = dutchDay(now);
  const dates = { carriedOutOn: body.carriedOutOn, partiesNotifiedOn: body.partiesNotifiedOn ?? today };
  for (const field of ['carriedOutOn', 'partiesNotifiedOn'] as const) {
    if (dates[field] > today) throw badInput(`body.${field}`, 'must not be in the future');
    if (dates[field] < request.decidedOn!) throw badInput(`body.${field}`, 'must not be before the decision');
  }
  // Art. 12.6: the parties are told of what was carried out, so not before it was.
  if (dates.partiesNotifiedOn < dates.carriedOutOn)
    throw badInput('body.partiesNotifiedOn', 'must not be before body.carriedOutOn');
  const done = { ...request, ...dates };
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(subjectRequests)
      .set(dates)
      .where(and(eq(subjectRequests.id, id), isNull(subjectRequests.carriedOutOn)))
      .returning({ id: subjectRequests.id });
    if (updated.length === 0) throw conflict('This decision was already carried out');
    // "Zij doet hiervan een kennisgeving aan partijen" (art. 12.6): in the app, to the parties that received the data.
    await noticeRequestCarriedOut(
      tx,
      { covenantId: request.covenantId, subjectId: request.subjectId, subjectRequestId: id },
      now,
    );
    await appendAudit(tx, [audited(ctx, 'update', done, 'carried_out', 'art. 12.6')]);
  });
  return (await viewsOf(db, [{ request: done, reference }]))[0]!;
}
