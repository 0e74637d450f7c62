import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client';
import {
  agendaItemRemovals,
  fileRestorations,
  agendaItems,
  caseDisclosures,
  caseFiles,
  caseInvolvedParties,
  caseSignals,
  consentRounds,
  consentVotes,
  covenants,
  measures,
  meetings,
  plans,
  relatedPersons,
  subjects,
  weighingDecisionParties,
  weighingDecisions,
  weighingFiles,
  weighingFindings,
  weighingSignals,
} from '../../db/schema/index';
import {
  MODEL_COVENANT_POLICY,
  POSTPONEMENT_NOTICE_MONTHS,
  canRestoreFromArchive,
  canSeePostponements,
  canViewRetention,
  dueStep,
  holdsItsFiles,
  retentionSteps,
  statesWhere,
  type Postponement,
  type OverduePostponements,
  type RestoreFileBody,
  type RetentionOverview,
  type CovenantPolicy,
  type FileKind,
  type RetainedFile,
  type RetentionStep,
} from '../../shared/index';
import type { RequestContext } from '../context';
import { appendAudit } from './audit';
import { auditDecision, concerning, enforce } from './authorize';
import { conflict, notFound } from '../errors';
import { filesLeft, forgetLeftoverSubjects, forgetSubjectTexts } from './subject-retention';
import { destroyFileKey } from './sealing';
import { deleteDocuments, itemDocuments } from './live-documents';

const PURPOSE = 'bewaartermijn (convenant art. 13)';
type RetentionPolicy = CovenantPolicy['retention'];

export interface RetentionOutcome {
  kind: FileKind;
  fileId: string;
  subjectId: string;
  action: RetentionStep['action'];
  rule: RetentionStep['rule'];
  /** 'done', or 'postponed' while the file is on the agenda of a meeting that is not closed yet. */
  result: 'done' | 'postponed';
  /** For a destruction: the name prefixes of the live documents deleted, to drop any copy still in memory. */
  documents?: string[];
}

interface Candidate extends RetainedFile {
  id: string;
  subjectId: string;
  covenantId: string;
}

/** The agenda items that discussed this file, and whether all their meetings are closed. */
async function itemsOf(tx: Executor, kind: FileKind, fileId: string) {
  return tx
    .select({ id: agendaItems.id, meetingId: agendaItems.meetingId, state: meetings.state })
    .from(agendaItems)
    .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
    .where(kind === 'weighing' ? eq(agendaItems.weighingFileId, fileId) : eq(agendaItems.caseFileId, fileId));
}

/**
 * Destroys a file for real, in the caller's transaction: its rows with personal data are deleted, the file row
 * becomes a tombstone without personal data, the live documents of every agenda item that discussed it (update
 * log and snapshots) are deleted, consent remarks on those items too, and the file's key is destroyed, which
 * erases its content from every frozen record (the records and their chain stay intact).
 */
async function destroyFile(
  tx: Executor,
  file: Candidate,
  items: { id: string; meetingId: string }[],
  rule: RetentionStep['rule'],
  now: Date,
) {
  // The meeting's agenda document stays: it can hold only each item's order, planned minutes and status, keyed by
  // the item's id (shared/live/document-shape.ts refuses any text in it), so nothing of the file is in it.
  for (const item of items) await deleteDocuments(tx, itemDocuments(item));
  // And those of items once taken off an agenda: removed with their item, but a write still in flight on another
  // instance at that moment may have stored a little after (art. 5, art. 13).
  const removed = await tx
    .select({ id: agendaItemRemovals.agendaItemId, meetingId: agendaItemRemovals.meetingId })
    .from(agendaItemRemovals)
    .where(
      file.kind === 'weighing'
        ? eq(agendaItemRemovals.weighingFileId, file.id)
        : eq(agendaItemRemovals.caseFileId, file.id),
    );
  for (const item of removed) await deleteDocuments(tx, itemDocuments(item));
  if (items.length > 0) {
    const rounds = tx
      .select({ id: consentRounds.id })
      .from(consentRounds)
      .where(
        inArray(
          consentRounds.agendaItemId,
          items.map((i) => i.id),
        ),
      );
    await tx.delete(consentVotes).where(inArray(consentVotes.roundId, rounds));
  }
  // Why the file was restored from the archive, or once taken off an agenda, may touch the subject: it goes too.
  await tx
    .update(fileRestorations)
    .set({ order: '' })
    .where(and(eq(fileRestorations.fileKind, file.kind), eq(fileRestorations.fileId, file.id)));
  await tx
    .update(agendaItemRemovals)
    .set({ reason: '' })
    .where(
      file.kind === 'weighing'
        ? eq(agendaItemRemovals.weighingFileId, file.id)
        : eq(agendaItemRemovals.caseFileId, file.id),
    );
  if (file.kind === 'weighing') {
    const decisions = tx
      .select({ id: weighingDecisions.id })
      .from(weighingDecisions)
      .where(eq(weighingDecisions.fileId, file.id));
    await tx.delete(weighingFindings).where(inArray(weighingFindings.decisionId, decisions));
    await tx.delete(weighingDecisionParties).where(inArray(weighingDecisionParties.decisionId, decisions));
    await tx.delete(weighingDecisions).where(eq(weighingDecisions.fileId, file.id));
    await tx.delete(weighingSignals).where(eq(weighingSignals.fileId, file.id));
    await tx
      .update(weighingFiles)
      .set({ name: '', dateOfBirth: null, address: null, residence: null, destroyedAt: now })
      .where(eq(weighingFiles.id, file.id));
  } else {
    const plan = tx.select({ id: plans.id }).from(plans).where(eq(plans.fileId, file.id));
    await tx.delete(measures).where(inArray(measures.planId, plan));
    await tx.delete(plans).where(eq(plans.fileId, file.id));
    await tx.delete(relatedPersons).where(eq(relatedPersons.fileId, file.id));
    await tx.delete(caseSignals).where(eq(caseSignals.fileId, file.id));
    await tx.delete(caseInvolvedParties).where(eq(caseInvolvedParties.fileId, file.id));
    // The disclosure log keeps who gave what to whom (ids), without the free text that may describe the subject.
    await tx
      .update(caseDisclosures)
      .set({ purpose: '', legalBasis: '', necessity: '', dataKind: '', care: '' })
      .where(eq(caseDisclosures.fileId, file.id));
    await tx
      .update(caseFiles)
      .set({
        name: '',
        dateOfBirth: null,
        address: null,
        residence: null,
        analysis: '',
        nextReviewOn: null,
        destroyedAt: now,
      })
      .where(eq(caseFiles.id, file.id));
  }
  await destroyFileKey(tx, { fileId: file.id, fileKind: file.kind, subjectId: file.subjectId }, rule, now);
  if (!(await filesLeft(tx, file.subjectId))) await forgetSubjectTexts(tx, file.subjectId, rule, now);
}

/** Applies the step due for one file, in its own transaction; re-checks the file inside it (idempotent). */
async function applyStep(
  db: Database,
  file: Candidate,
  policy: RetentionPolicy,
  step: RetentionStep,
  now: Date,
): Promise<RetentionOutcome> {
  const table = file.kind === 'weighing' ? weighingFiles : caseFiles;
  const outcome = {
    kind: file.kind,
    fileId: file.id,
    subjectId: file.subjectId,
    action: step.action,
    rule: step.rule,
  };
  return db.transaction(async (tx) => {
    // Lock the file and make sure nothing changed since it was selected (a new processing moves the clock).
    const [current] = await tx
      .select({
        lastProcessedAt: table.lastProcessedAt,
        archivedAt: table.archivedAt,
        destroyedAt: table.destroyedAt,
      })
      .from(table)
      .where(eq(table.id, file.id))
      .for('update');
    const still = current && dueStep({ ...file, ...current }, policy, now);
    if (!still || still.action !== step.action) return { ...outcome, result: 'postponed' as const };
    const items = await itemsOf(tx, file.kind, file.id);
    // Never under a running meeting: its documents are live; the next run takes it.
    if (items.some((i) => holdsItsFiles(i.state))) return { ...outcome, result: 'postponed' as const };
    if (step.action === 'archive')
      await tx.update(table).set({ archivedAt: now }).where(eq(table.id, file.id));
    else await destroyFile(tx, file, items, step.rule, now);
    await appendAudit(
      tx,
      [
        {
          actor: null,
          origin: { ip: null, userAgent: 'retention job' },
          action: step.action,
          objectType: file.kind === 'weighing' ? 'weighing_file' : 'case_file',
          objectId: file.id,
          subjectId: file.subjectId,
          fieldGroup: 'all',
          result: 'allowed',
          rule: step.rule,
          purpose: PURPOSE,
        },
      ],
      now,
    );
    return {
      ...outcome,
      result: 'done' as const,
      ...(step.action === 'destroy' ? { documents: items.map(itemDocuments) } : {}),
    };
  });
}

/**
 * The retention job (art. 13): archives and destroys what is due at `now`. Idempotent and safe to interrupt or to
 * run twice: each file is handled in its own transaction that re-checks it, so a rerun continues where an
 * interrupted run stopped and never does a step twice.
 */
export async function runRetention(db: Database, now: Date): Promise<RetentionOutcome[]> {
  const policies = new Map<string, RetentionPolicy>();
  for (const covenant of await db.select({ id: covenants.id, policy: covenants.policy }).from(covenants))
    policies.set(covenant.id, covenant.policy.retention ?? MODEL_COVENANT_POLICY.retention);
  const candidates: Candidate[] = [];
  for (const kind of ['weighing', 'case'] as const) {
    const table = kind === 'weighing' ? weighingFiles : caseFiles;
    const rows = await db
      .select({
        id: table.id,
        subjectId: table.subjectId,
        covenantId: table.covenantId,
        status: table.status,
        lastProcessedAt: table.lastProcessedAt,
        archivedAt: table.archivedAt,
        destroyedAt: table.destroyedAt,
      })
      .from(table)
      .where(isNull(table.destroyedAt));
    candidates.push(...rows.map((row) => ({ ...row, kind })));
  }
  const outcomes: RetentionOutcome[] = [];
  for (const file of candidates) {
    const policy = policies.get(file.covenantId)!;
    const step = dueStep(file, policy, now);
    if (step) outcomes.push(await applyStep(db, file, policy, step, now));
  }
  await forgetLeftoverSubjects(db, policies, now);
  return outcomes;
}

/**
 * Per file of this kind on the agenda of a meeting that still holds it (not closed, not cancelled): the earliest
 * such meeting, and whether its date lies more than `noticeMonths` in the past. A step due for such a file waits
 * (art. 13 is applied after the meeting); one held by a meeting that never takes place would wait for ever.
 */
async function postponements(db: Executor, kind: FileKind, now: Date, noticeMonths: number) {
  const fileId = kind === 'weighing' ? agendaItems.weighingFileId : agendaItems.caseFileId;
  const rows = await db
    .select({
      fileId,
      meetingId: meetings.id,
      meetingTitle: meetings.title,
      meetingScheduledAt: meetings.scheduledAt,
      meetingState: meetings.state,
    })
    .from(agendaItems)
    .innerJoin(meetings, eq(meetings.id, agendaItems.meetingId))
    .where(and(isNotNull(fileId), inArray(meetings.state, statesWhere(holdsItsFiles))))
    .orderBy(asc(meetings.scheduledAt));
  const held = new Map<string, Omit<Postponement, 'since'>>();
  for (const row of rows) {
    if (!row.fileId || held.has(row.fileId)) continue;
    const noticeAt = new Date(row.meetingScheduledAt);
    noticeAt.setUTCMonth(noticeAt.getUTCMonth() + noticeMonths);
    held.set(row.fileId, {
      meetingId: row.meetingId,
      meetingTitle: row.meetingTitle,
      meetingScheduledAt: row.meetingScheduledAt.toISOString(),
      meetingState: row.meetingState,
      overdue: noticeAt.getTime() < now.getTime(),
    });
  }
  return held;
}

/** Per file not yet destroyed: what retention does next and when, and whether that waits for a meeting. */
async function retentionFiles(db: Executor, covenantId: string, now: Date) {
  const [covenant] = await db
    .select({ policy: covenants.policy })
    .from(covenants)
    .where(eq(covenants.id, covenantId));
  const policy = covenant?.policy.retention ?? MODEL_COVENANT_POLICY.retention;
  const noticeMonths = policy.postponementNoticeMonths ?? POSTPONEMENT_NOTICE_MONTHS;
  const files: RetentionOverview['files'] = [];
  for (const kind of ['weighing', 'case'] as const) {
    const table = kind === 'weighing' ? weighingFiles : caseFiles;
    const rows = await db
      .select({
        id: table.id,
        reference: subjects.reference,
        status: table.status,
        lastProcessedAt: table.lastProcessedAt,
        archivedAt: table.archivedAt,
      })
      .from(table)
      .innerJoin(subjects, eq(subjects.id, table.subjectId))
      .where(and(eq(table.covenantId, covenantId), isNull(table.destroyedAt)));
    const waiting = await postponements(db, kind, now, noticeMonths);
    for (const row of rows) {
      const [next] = retentionSteps({ kind, ...row, destroyedAt: null }, policy);
      const held = next && next.at.getTime() <= now.getTime() ? waiting.get(row.id) : undefined;
      files.push({
        kind,
        fileId: row.id,
        subjectReference: row.reference,
        status: row.status,
        lastProcessedAt: row.lastProcessedAt.toISOString(),
        archivedAt: row.archivedAt?.toISOString() ?? null,
        next: next ? { action: next.action, at: next.at.toISOString(), rule: next.rule } : null,
        postponed: held && next ? { ...held, since: next.at.toISOString() } : null,
      });
    }
  }
  files.sort((a, b) => (a.next?.at ?? '9999').localeCompare(b.next?.at ?? '9999'));
  return { policy, noticeMonths, files };
}

/** What retention will do next, per file not yet destroyed, the soonest first (the executor's overview). */
export async function retentionOverview(db: Database, ctx: RequestContext): Promise<RetentionOverview> {
  const allowed = await enforce(db, ctx, canViewRetention(ctx.actor), {
    action: 'list',
    objectType: 'retention',
    purpose: PURPOSE,
  });
  const { policy, files } = await retentionFiles(db, ctx.actor.covenantId, new Date());
  // References and dates only, no one's data: one entry for the overview, not one per subject.
  await auditDecision(db, ctx, concerning(allowed, { fieldGroup: 'overview' }), {
    action: 'list',
    objectType: 'retention',
    purpose: PURPOSE,
  });
  return { policy, files };
}

/**
 * The steps that have waited for a meeting longer than the covenant allows (a meeting that never took place
 * holds its files for ever otherwise): for the executor, who cancels the meeting or removes the item, and for the
 * officer, who reviews the processing (art. 13, art. 15.2e). References only.
 */
export async function overduePostponements(db: Database, ctx: RequestContext): Promise<OverduePostponements> {
  const allowed = await enforce(db, ctx, canSeePostponements(ctx.actor), {
    action: 'list',
    objectType: 'retention',
    fieldGroup: 'postponed',
    purpose: PURPOSE,
  });
  const { noticeMonths, files } = await retentionFiles(db, ctx.actor.covenantId, new Date());
  await auditDecision(db, ctx, concerning(allowed, { fieldGroup: 'postponed' }), {
    action: 'list',
    objectType: 'retention',
    purpose: PURPOSE,
  });
  return {
    noticeMonths,
    files: files.flatMap((file) =>
      file.postponed?.overdue && file.next
        ? [
            {
              kind: file.kind,
              fileId: file.fileId,
              subjectReference: file.subjectReference,
              action: file.next.action,
              postponed: file.postponed,
            },
          ]
        : [],
    ),
  };
}

/**
 * Art. 13.4: on the controller's order an archived file is made available again; that is a processing, so its
 * retention clock starts anew. The order is in the audit log (field group) and the request log of the caller.
 */
export async function restoreFromArchive(db: Database, ctx: RequestContext, body: RestoreFileBody) {
  const table = body.kind === 'weighing' ? weighingFiles : caseFiles;
  const objectType = body.kind === 'weighing' ? 'weighing_file' : 'case_file';
  const allowed = await enforce(db, ctx, canRestoreFromArchive(ctx.actor), {
    action: 'update',
    objectType,
    objectId: body.fileId,
    fieldGroup: 'restore',
    purpose: PURPOSE,
  });
  const now = new Date();
  return db.transaction(async (tx) => {
    const [file] = await tx
      .select({ subjectId: table.subjectId, archivedAt: table.archivedAt, destroyedAt: table.destroyedAt })
      .from(table)
      .where(and(eq(table.id, body.fileId), eq(table.covenantId, ctx.actor.covenantId)))
      .for('update');
    if (!file || file.destroyedAt) throw notFound('File', 'body.fileId');
    if (!file.archivedAt) throw conflict('This file is not in the archive', 'body.fileId');
    await tx.update(table).set({ archivedAt: null, lastProcessedAt: now }).where(eq(table.id, body.fileId));
    // The order is kept with the file, not in the audit log: it may name the subject, and the log outlives files.
    await tx.insert(fileRestorations).values({
      id: randomUUID(),
      fileKind: body.kind,
      fileId: body.fileId,
      order: body.order,
      byMembershipId: ctx.actor.membershipId,
      at: now,
    });
    await auditDecision(
      tx,
      ctx,
      concerning(allowed, { subjectId: file.subjectId }),
      {
        action: 'update',
        objectType,
        objectId: body.fileId,
        purpose: `${PURPOSE}; op opdracht van de verwerkingsverantwoordelijke (art. 13.4)`,
      },
      now,
    );
    return { restoredAt: now.toISOString() };
  });
}
