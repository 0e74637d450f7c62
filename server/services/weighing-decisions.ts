import { openTexts, sealTexts } from './file-texts';
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, notInArray } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client';
import {
  agendaItems,
  caseFiles,
  caseInvolvedParties,
  caseSignals,
  itemOutcomes,
  meetings,
  organisations,
  parties,
  referenceCriteria,
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
  isInSession,
  missingCoreParties,
  statusAfterDecision,
  type DecisionView,
  type RecordDecisionBody,
  type WeighingOutcome,
} from '../../shared/index';
import type { RequestContext } from '../context';
import { badInput, conflict, notFound, ruleViolation } from '../errors';
import { appendAudit } from './audit';
import { FreezeError } from './freeze/errors';
import { concerning, decisionEntry, enforce } from './authorize';
import { activeFramework } from './reference-framework';
import { findWeighingFile, readDecision, subjectOfWeighingFile } from './weighing-files';

const PURPOSE = 'weegploeg: voorstel voor het besluit over agendering (convenant art. 7.4, 8.2)';

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

/** The meeting row, locked: a proposal waits for (or is refused by) a fence moving the meeting to closing. */
async function lockOpenWeighingMeeting(tx: Executor, covenantId: string, meetingId: string, fileId: string) {
  const [meeting] = await tx
    .select({ id: meetings.id, kind: meetings.kind, state: meetings.state })
    .from(meetings)
    .where(and(eq(meetings.id, meetingId), eq(meetings.covenantId, covenantId)))
    .for('update');
  if (!meeting) throw notFound('Meeting', 'body.meetingId');
  if (meeting.kind !== 'weighing') {
    throw ruleViolation(
      'A weegploeg decision is taken in a weegploeg meeting (convenant art. 7.3)',
      'art. 7.3',
      'body.meetingId',
    );
  }
  if (!isInSession(meeting.state)) {
    throw conflict(
      isFrozen(meeting.state)
        ? 'That meeting is closed; its decisions can no longer change'
        : 'The decision is proposed while the weegploeg meets: the chair opens the meeting first',
      'body.meetingId',
    );
  }
  const [item] = await tx
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
  return { meeting, itemId: item.id };
}

/**
 * Proposes the weegploeg's decision on a weighing file, in the weegploeg meeting that has it on its agenda: the
 * analysis against the reference framework and the outcome (art. 7.3–7.4, 8.2d–e). The Ministerial letter on early
 * signalling (2024): integral (all three core parties), on the uniform criteria (a finding for every criterion),
 * with grounds. Nothing changes in the file yet: the core parties agree to it in the consent round, and it is taken
 * when the meeting is frozen (`takeWeighingDecision`). A newer proposal replaces the one before, and withdraws an
 * outcome already given (what was agreed to is no longer what is proposed).
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
  if (!body.meetingId) {
    throw ruleViolation(
      'A weegploeg decision is taken in a weegploeg meeting, by the three core parties together (convenant art. 7.3–7.4): put the subject on the agenda of the weegploeg and propose the decision there',
      'art. 7.3',
      'body.meetingId',
    );
  }
  const meetingId = body.meetingId;
  if (file.status === 'agendaed' || file.status === 'closed') throw alreadyDecided(file.status);

  const framework = await activeFramework(db, covenantId);
  checkFindings(framework.criteria, body.findings);
  await checkParties(db, covenantId, body);

  const now = new Date();
  const decisionId = randomUUID();
  await db.transaction(async (tx) => {
    const { itemId } = await lockOpenWeighingMeeting(tx, covenantId, meetingId, fileId);
    // The proposal before this one lapses; an outcome agreed to it no longer stands.
    await tx
      .update(weighingDecisions)
      .set({ state: 'lapsed' })
      .where(
        and(
          eq(weighingDecisions.fileId, fileId),
          eq(weighingDecisions.meetingId, meetingId),
          eq(weighingDecisions.state, 'proposed'),
        ),
      );
    await tx.delete(itemOutcomes).where(eq(itemOutcomes.agendaItemId, itemId));
    const owner = { fileId, fileKind: 'weighing' as const, subjectId: file.subjectId };
    await tx.insert(weighingDecisions).values({
      id: decisionId,
      fileId,
      meetingId,
      state: 'proposed',
      outcome: body.outcome,
      ...(await sealTexts(tx, 'weighingDecision', owner, { grounds: body.grounds })),
      frameworkId: framework.id,
      decidedAt: now,
      recordedByUserId: ctx.actor.userId,
    });
    await tx.insert(weighingFindings).values(
      await Promise.all(
        body.findings.map(async (f, position) => ({
          decisionId,
          ...f,
          ...(await sealTexts(tx, 'weighingFinding', owner, { grounds: f.grounds })),
          position,
        })),
      ),
    );
    await tx
      .insert(weighingDecisionParties)
      .values([
        ...body.decidedByPartyIds.map((partyId) => ({ decisionId, partyId, role: 'decided' as const })),
        ...body.involvedPartyIds.map((partyId) => ({ decisionId, partyId, role: 'involve' as const })),
      ]);
    await appendAudit(
      tx,
      [
        decisionEntry(ctx, concerning(allowed, { subjectId: file.subjectId }), {
          action: 'create',
          objectType: 'weighing_file',
          objectId: fileId,
          purpose: PURPOSE,
        }),
      ],
      now,
    );
  });
  return readDecision(db, fileId, decisionId);
}

function checkFindings(
  criteria: readonly { id: string; code: string }[],
  findings: RecordDecisionBody['findings'],
): void {
  const criterionIds = new Set(criteria.map((c) => c.id));
  findings.forEach((f, i) => {
    if (!criterionIds.has(f.criterionId)) {
      throw ruleViolation(
        'is not a criterion of the active reference framework',
        'art. 7.3',
        `body.findings.${i}.criterionId`,
      );
    }
  });
  const answered = new Set(findings.map((f) => f.criterionId));
  if (answered.size !== findings.length) {
    const index = findings.findIndex(
      (f, i) => findings.findIndex((g) => g.criterionId === f.criterionId) !== i,
    );
    throw badInput(
      `body.findings.${index}.criterionId`,
      'weighs a criterion that was already weighed earlier in the list',
    );
  }
  const unanswered = criteria.filter((c) => !answered.has(c.id)).map((c) => c.code);
  if (unanswered.length > 0) {
    throw ruleViolation(
      `The analysis must weigh every criterion of the reference framework (the Ministerial letter on early signalling, 2024: uniform criteria); missing: ${unanswered.join(', ')}`,
      'art. 7.3',
      'body.findings',
    );
  }
}

async function checkParties(db: Executor, covenantId: string, body: RecordDecisionBody): Promise<void> {
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
}

/**
 * Takes a proposed decision the core parties agreed to, in the freeze's transaction (art. 7.4): the file's status
 * follows the outcome, and on `agenda` the relevant data is copied to a new case file (art. 8.5). Returns the case
 * file's id, if one was made. Refuses (and so leaves the meeting open) if the proposal is no longer current, or the
 * file was decided on elsewhere meanwhile.
 */
export async function takeWeighingDecision(
  tx: Executor,
  covenantId: string,
  decisionId: string,
  now: Date,
): Promise<{ outcome: WeighingOutcome; caseFileId: string | null }> {
  const taken = await tx
    .update(weighingDecisions)
    .set({ state: 'taken', decidedAt: now })
    .where(and(eq(weighingDecisions.id, decisionId), eq(weighingDecisions.state, 'proposed')))
    .returning();
  const decision = taken[0];
  if (!decision) throw new FreezeError('a weegploeg proposal agreed to was replaced meanwhile: ask again');
  // Claim the file: of two decisions racing for one file, only one may agenda it (one case file, art. 8.5).
  const claimed = await tx
    .update(weighingFiles)
    .set({ status: statusAfterDecision(decision.outcome), lastProcessedAt: now })
    .where(
      and(eq(weighingFiles.id, decision.fileId), notInArray(weighingFiles.status, ['agendaed', 'closed'])),
    )
    .returning();
  const file = claimed[0];
  if (!file) throw new FreezeError('the weegploeg already decided on this subject in another meeting');
  if (decision.outcome !== 'agenda') return { outcome: decision.outcome, caseFileId: null };
  const caseFileId = await copyToCaseFile(tx, covenantId, file, decision, now);
  // The copy is a write of personal data on the rule of art. 8.5, done by the freeze (whoever froze is named in
  // the record): logged in the same transaction, so the log and the copy exist together or not at all.
  await appendAudit(
    tx,
    [
      {
        actor: null,
        origin: { ip: null, userAgent: null },
        action: 'create',
        objectType: 'case_file',
        objectId: caseFileId,
        subjectId: file.subjectId,
        fieldGroup: 'copy',
        result: 'allowed',
        rule: 'art. 8.5',
        purpose: 'weegploeg: kopie naar het casusoverlegbestand bij agendering (convenant art. 8.5)',
      },
    ],
    now,
  );
  return { outcome: decision.outcome, caseFileId };
}

/** A carried-over item's proposal lapses: a later meeting proposes anew on what is known then. */
export async function lapseProposals(tx: Executor, meetingId: string, fileId: string): Promise<void> {
  await tx
    .update(weighingDecisions)
    .set({ state: 'lapsed' })
    .where(
      and(
        eq(weighingDecisions.fileId, fileId),
        eq(weighingDecisions.meetingId, meetingId),
        eq(weighingDecisions.state, 'proposed'),
      ),
    );
}

async function copyToCaseFile(
  tx: Executor,
  covenantId: string,
  file: typeof weighingFiles.$inferSelect,
  decision: typeof weighingDecisions.$inferSelect,
  now: Date,
): Promise<string> {
  // Opened from the weighing file's key, and sealed again below with the new case file's own key (art. 8.5:
  // a copy, with its own retention, art. 13).
  const signals = await Promise.all(
    (await tx.select().from(weighingSignals).where(eq(weighingSignals.fileId, file.id))).map((signal) =>
      openTexts(tx, 'weighingSignal', file.id, signal),
    ),
  );
  const naw = await openTexts(tx, 'weighingFile', file.id, {
    name: file.name,
    dateOfBirth: file.dateOfBirth,
    address: file.address,
    residence: file.residence,
  });
  const findings = await tx
    .select({
      code: referenceCriteria.code,
      title: referenceCriteria.title,
      finding: weighingFindings.finding,
      grounds: weighingFindings.grounds,
    })
    .from(weighingFindings)
    .innerJoin(referenceCriteria, eq(referenceCriteria.id, weighingFindings.criterionId))
    .where(eq(weighingFindings.decisionId, decision.id))
    .orderBy(asc(weighingFindings.position))
    .then((rows) => Promise.all(rows.map((row) => openTexts(tx, 'weighingFinding', file.id, row))));
  const { grounds } = await openTexts(tx, 'weighingDecision', file.id, { grounds: decision.grounds });
  const involved = await tx
    .select({ partyId: weighingDecisionParties.partyId })
    .from(weighingDecisionParties)
    .where(
      and(eq(weighingDecisionParties.decisionId, decision.id), eq(weighingDecisionParties.role, 'involve')),
    );
  const copy = copyForCaseFile({
    naw: { ...naw, name: naw.name ?? '' },
    signals,
    findings: findings.map((f) => ({ ...f, grounds: f.grounds ?? '' })),
    grounds: grounds ?? '',
  });
  const caseFileId = randomUUID();
  const owner = { fileId: caseFileId, fileKind: 'case' as const, subjectId: file.subjectId };
  await tx.insert(caseFiles).values({
    id: caseFileId,
    covenantId,
    subjectId: file.subjectId,
    ...(await sealTexts(tx, 'caseFile', owner, { ...copy.naw, analysis: copy.analysis })),
    status: 'open',
    createdAt: now,
    lastProcessedAt: now,
  });
  if (copy.signals.length > 0) {
    await tx.insert(caseSignals).values(
      await Promise.all(
        copy.signals.map(async (s) => ({
          id: randomUUID(),
          fileId: caseFileId,
          ...(await sealTexts(tx, 'caseSignal', owner, s)),
        })),
      ),
    );
  }
  await tx
    .insert(caseInvolvedParties)
    .values(involved.map(({ partyId }) => ({ fileId: caseFileId, partyId })));
  await tx.update(weighingDecisions).set({ caseFileId }).where(eq(weighingDecisions.id, decision.id));
  return caseFileId;
}
