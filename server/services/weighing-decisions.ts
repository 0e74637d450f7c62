import { randomUUID } from 'node:crypto';
import { and, eq, inArray, notInArray } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client';
import {
  agendaItems,
  caseFiles,
  caseInvolvedParties,
  caseSignals,
  meetings,
  organisations,
  parties,
  weighingDecisionParties,
  weighingDecisions,
  weighingFiles,
  weighingFindings,
  weighingSignals,
} from '../../db/schema/index';
import {
  canRecordWeighingDecision,
  copyForCaseFile,
  isFrozen,
  missingCoreParties,
  statusAfterDecision,
  type DecisionView,
  type RecordDecisionBody,
} from '../../shared/index';
import type { RequestContext } from '../context';
import { badInput, conflict, notFound, ruleViolation } from '../errors';
import { appendAudit, type AuditEntry } from './audit';
import { concerning, decisionEntry, enforce } from './authorize';
import { activeFramework } from './reference-framework';
import { findWeighingFile, readDecision, subjectOfWeighingFile } from './weighing-files';

const PURPOSE = 'weegploeg: besluit over agendering (convenant art. 7.4, 8.2)';

const alreadyDecided = (status: string) =>
  conflict(`This subject's weighing file is ${status}; the weegploeg has already decided on it`);

async function partiesOf(db: Executor, covenantId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ partyId: parties.id, kind: parties.kind, organisationType: organisations.type })
    .from(parties)
    .innerJoin(organisations, eq(organisations.id, parties.organisationId))
    .where(and(eq(parties.covenantId, covenantId), inArray(parties.id, [...ids])));
}

async function checkMeeting(db: Executor, covenantId: string, meetingId: string, fileId: string) {
  const [meeting] = await db
    .select({ kind: meetings.kind, state: meetings.state })
    .from(meetings)
    .where(and(eq(meetings.id, meetingId), eq(meetings.covenantId, covenantId)))
    .limit(1);
  if (!meeting) throw notFound('Meeting', 'body.meetingId');
  if (isFrozen(meeting.state))
    throw conflict('That meeting is closed; its decisions can no longer change', 'body.meetingId');
  if (meeting.kind !== 'weighing') {
    throw ruleViolation(
      'A weegploeg decision is taken in a weegploeg meeting (convenant art. 7.3)',
      'art. 7.3',
      'body.meetingId',
    );
  }
  const [item] = await db
    .select({ id: agendaItems.id })
    .from(agendaItems)
    .where(and(eq(agendaItems.meetingId, meetingId), eq(agendaItems.weighingFileId, fileId)))
    .limit(1);
  if (!item) {
    throw ruleViolation(
      'This subject is not on the agenda of that weegploeg meeting',
      'art. 7.3',
      'body.meetingId',
    );
  }
}

/**
 * Records the weegploeg's analysis against the reference framework and its decision (art. 7.3–7.4, 8.2d–e).
 * The Ministerial letter on early signalling (2024): integral (all three core parties), on the uniform criteria (a finding for every criterion), with
 * grounds. On `agenda`, a copy of the relevant data goes to a new case file (art. 8.5).
 */
export async function recordWeighingDecision(
  db: Database,
  ctx: RequestContext,
  fileId: string,
  body: RecordDecisionBody,
): Promise<DecisionView> {
  const allowed = await enforce(db, ctx, canRecordWeighingDecision(ctx.actor), {
    action: 'create',
    objectType: 'weighing_file',
    objectId: fileId,
    fieldGroup: 'decision',
    purpose: PURPOSE,
    subjectOf: () => subjectOfWeighingFile(db, ctx.actor.covenantId, fileId),
  });
  const covenantId = ctx.actor.covenantId;
  const { file } = await findWeighingFile(db, covenantId, fileId);
  if (file.status === 'agendaed' || file.status === 'closed') throw alreadyDecided(file.status);
  if (body.meetingId) await checkMeeting(db, covenantId, body.meetingId, fileId);

  const framework = await activeFramework(db, covenantId);
  const criterionIds = new Set(framework.criteria.map((c) => c.id));
  body.findings.forEach((f, i) => {
    if (!criterionIds.has(f.criterionId)) {
      throw ruleViolation(
        'is not a criterion of the active reference framework',
        'art. 7.3',
        `body.findings.${i}.criterionId`,
      );
    }
  });
  const answered = new Set(body.findings.map((f) => f.criterionId));
  if (answered.size !== body.findings.length) {
    const index = body.findings.findIndex(
      (f, i) => body.findings.findIndex((g) => g.criterionId === f.criterionId) !== i,
    );
    throw badInput(
      `body.findings.${index}.criterionId`,
      'weighs a criterion that was already weighed earlier in the list',
    );
  }
  const unanswered = framework.criteria.filter((c) => !answered.has(c.id)).map((c) => c.code);
  if (unanswered.length > 0) {
    throw ruleViolation(
      `The analysis must weigh every criterion of the reference framework (the Ministerial letter on early signalling, 2024: uniform criteria); missing: ${unanswered.join(', ')}`,
      'art. 7.3',
      'body.findings',
    );
  }

  const deciding = await partiesOf(db, covenantId, body.decidedByPartyIds);
  if (deciding.length !== body.decidedByPartyIds.length) throw notFound('Party', 'body.decidedByPartyIds');
  if (deciding.some((p) => p.kind !== 'core')) {
    throw ruleViolation(
      'Only core parties take the weegploeg decision (convenant art. 1m)',
      'art. 1m',
      'body.decidedByPartyIds',
    );
  }
  const missing = missingCoreParties(deciding);
  if (missing.length > 0) {
    throw ruleViolation(
      `The weegploeg decision must be taken jointly by all three core parties (the Ministerial letter on early signalling, 2024); missing: ${missing.join(', ')}`,
      'art. 7.3',
      'body.decidedByPartyIds',
    );
  }
  const involved = await partiesOf(db, covenantId, body.involvedPartyIds);
  if (involved.length !== body.involvedPartyIds.length) throw notFound('Party', 'body.involvedPartyIds');
  if (body.outcome === 'agenda' && involved.length === 0) {
    throw ruleViolation(
      'Name the parties and external partners to involve in the casusoverleg (convenant art. 7.3)',
      'art. 7.3',
      'body.involvedPartyIds',
    );
  }
  if (body.outcome !== 'agenda' && involved.length > 0) {
    throw ruleViolation(
      'Parties to involve are named only when the subject is put on the agenda',
      'art. 7.4',
      'body.involvedPartyIds',
    );
  }

  const now = new Date();
  const decisionId = randomUUID();
  await db.transaction(async (tx) => {
    // Claim the file first: of two decisions racing for one file, only one may agenda it (one case file, art. 8.5).
    const claimed = await tx
      .update(weighingFiles)
      .set({ status: statusAfterDecision(body.outcome), lastProcessedAt: now })
      .where(and(eq(weighingFiles.id, fileId), notInArray(weighingFiles.status, ['agendaed', 'closed'])))
      .returning({ id: weighingFiles.id });
    if (claimed.length === 0) throw alreadyDecided('agendaed');
    await tx.insert(weighingDecisions).values({
      id: decisionId,
      fileId,
      meetingId: body.meetingId ?? null,
      outcome: body.outcome,
      grounds: body.grounds,
      frameworkId: framework.id,
      decidedAt: now,
      recordedByUserId: ctx.actor.userId,
    });
    await tx
      .insert(weighingFindings)
      .values(body.findings.map((f, position) => ({ decisionId, ...f, position })));
    await tx
      .insert(weighingDecisionParties)
      .values([
        ...body.decidedByPartyIds.map((partyId) => ({ decisionId, partyId, role: 'decided' as const })),
        ...body.involvedPartyIds.map((partyId) => ({ decisionId, partyId, role: 'involve' as const })),
      ]);
    const audit: AuditEntry[] = [
      decisionEntry(ctx, concerning(allowed, { subjectId: file.subjectId }), {
        action: 'create',
        objectType: 'weighing_file',
        objectId: fileId,
        purpose: PURPOSE,
      }),
    ];
    if (body.outcome === 'agenda') {
      const caseFileId = await copyToCaseFile(
        tx,
        covenantId,
        file,
        decisionId,
        body,
        framework.criteria,
        now,
      );
      // The copy rests on the rule of art. 8.5, not on the decision to record: the operation's own row.
      audit.push({
        ...audit[0]!,
        objectType: 'case_file',
        objectId: caseFileId,
        fieldGroup: 'copy',
        rule: 'art. 8.5',
      });
    }
    await appendAudit(tx, audit, now);
  });
  return readDecision(db, fileId, decisionId);
}

async function copyToCaseFile(
  tx: Executor,
  covenantId: string,
  file: Awaited<ReturnType<typeof findWeighingFile>>['file'],
  decisionId: string,
  body: RecordDecisionBody,
  criteria: readonly { id: string; code: string; title: string }[],
  now: Date,
): Promise<string> {
  const signals = await tx.select().from(weighingSignals).where(eq(weighingSignals.fileId, file.id));
  const copy = copyForCaseFile({
    naw: { name: file.name, dateOfBirth: file.dateOfBirth, address: file.address, residence: file.residence },
    signals,
    findings: body.findings.map((f) => {
      const criterion = criteria.find((c) => c.id === f.criterionId)!;
      return { code: criterion.code, title: criterion.title, finding: f.finding, grounds: f.grounds };
    }),
    grounds: body.grounds,
  });
  const caseFileId = randomUUID();
  await tx.insert(caseFiles).values({
    id: caseFileId,
    covenantId,
    subjectId: file.subjectId,
    ...copy.naw,
    analysis: copy.analysis,
    status: 'open',
    createdAt: now,
    lastProcessedAt: now,
  });
  if (copy.signals.length > 0) {
    await tx
      .insert(caseSignals)
      .values(copy.signals.map((s) => ({ id: randomUUID(), fileId: caseFileId, ...s })));
  }
  await tx
    .insert(caseInvolvedParties)
    .values(body.involvedPartyIds.map((partyId) => ({ fileId: caseFileId, partyId })));
  await tx.update(weighingDecisions).set({ caseFileId }).where(eq(weighingDecisions.id, decisionId));
  return caseFileId;
}
