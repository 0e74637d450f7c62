import { openTexts, sealTexts } from './file-texts';
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client';
import {
  organisations,
  parties,
  referenceCriteria,
  subjects,
  users,
  weighingDecisionParties,
  weighingDecisions,
  weighingFiles,
  weighingFindings,
  weighingSignals,
} from '../../db/schema/index';
import {
  canConsultArchive,
  canReadWeighingFile,
  canRegisterSignal,
  type DecisionView,
  type RegisterSignalBody,
  type SignalView,
  type WeighingFileDetail,
  type WeighingFileStatus,
  type WeighingFileSummary,
} from '../../shared/index';
import type { RequestContext } from '../context';
import { badInput, conflict, notFound, ruleViolation } from '../errors';
import { appendAudit } from './audit';
import { auditDecision, concerning, enforce, listedEntries } from './authorize';
import { createSubject } from './subjects';

const PURPOSE = 'weegploeg: analyse van signalen (convenant art. 7, 8)';

/** A weighing file of the actor's covenant, or a 404 (files of other covenants do not exist for this actor). */
export async function findWeighingFile(db: Executor, covenantId: string, id: string) {
  const [file] = await db
    .select({ file: weighingFiles, reference: subjects.reference })
    .from(weighingFiles)
    .innerJoin(subjects, eq(subjects.id, weighingFiles.subjectId))
    .where(and(eq(weighingFiles.id, id), eq(weighingFiles.covenantId, covenantId)))
    .limit(1);
  // A destroyed file is a tombstone without personal data (art. 13): for everyone, it no longer exists.
  if (!file || file.file.destroyedAt) throw notFound('Weighing file');
  return { ...file, file: await openTexts(db, 'weighingFile', file.file.id, file.file) };
}

/** The subject a weighing file of this covenant is about, or null; for auditing refused attempts. */
export async function subjectOfWeighingFile(
  db: Executor,
  covenantId: string,
  id: string,
): Promise<string | null> {
  const [row] = await db
    .select({ subjectId: weighingFiles.subjectId })
    .from(weighingFiles)
    .where(and(eq(weighingFiles.id, id), eq(weighingFiles.covenantId, covenantId)))
    .limit(1);
  return row?.subjectId ?? null;
}

const today = () => new Date().toISOString().slice(0, 10);

async function resolveBringingParty(
  db: Executor,
  ctx: RequestContext,
  body: RegisterSignalBody,
): Promise<string> {
  const { actor } = ctx;
  if (actor.partyKind === 'core' && actor.partyId) {
    if (body.broughtByPartyId && body.broughtByPartyId !== actor.partyId) {
      throw ruleViolation(
        'A core party brings its own signals: broughtByPartyId must be your own party (convenant art. 7.2)',
        'art. 7.2',
        'body.broughtByPartyId',
      );
    }
    return actor.partyId;
  }
  if (!body.broughtByPartyId) {
    throw badInput(
      'body.broughtByPartyId',
      'is required: name the core party that brought the signal (art. 7.2)',
    );
  }
  const [party] = await db
    .select({ kind: parties.kind })
    .from(parties)
    .where(and(eq(parties.id, body.broughtByPartyId), eq(parties.covenantId, actor.covenantId)))
    .limit(1);
  if (!party) throw notFound('Party', 'body.broughtByPartyId');
  if (party.kind !== 'core') {
    throw ruleViolation(
      'Signals reach the weegploeg only through one of the core parties (convenant art. 7.1)',
      'art. 7.1',
      'body.broughtByPartyId',
    );
  }
  return body.broughtByPartyId;
}

/** Art. 7.1–7.2, 8.2a–c: registers a signal on a new or existing subject's weighing file. */
export async function registerSignal(
  db: Database,
  ctx: RequestContext,
  body: RegisterSignalBody,
): Promise<{ weighingFileId: string; signal: SignalView }> {
  const allowed = await enforce(db, ctx, canRegisterSignal(ctx.actor), {
    action: 'create',
    objectType: 'weighing_file',
    objectId: body.weighingFileId ?? null,
    fieldGroup: 'signals',
    purpose: PURPOSE,
  });
  if ((body.weighingFileId === undefined) === (body.subject === undefined)) {
    throw badInput(
      'body.subject',
      'or body.weighingFileId: give exactly one (a new subject, or an existing weighing file)',
    );
  }
  if (body.observedOn > today()) throw badInput('body.observedOn', 'must not be in the future');
  if (body.subject?.dateOfBirth && body.subject.dateOfBirth > today()) {
    throw badInput('body.subject.dateOfBirth', 'must not be in the future');
  }
  const broughtByPartyId = await resolveBringingParty(db, ctx, body);
  const now = new Date();

  return db.transaction(async (tx) => {
    let fileId: string;
    let subjectId: string;
    if (body.subject) {
      const subject = await createSubject(tx, ctx.actor.covenantId, now);
      subjectId = subject.id;
      fileId = randomUUID();
      await tx.insert(weighingFiles).values({
        id: fileId,
        covenantId: ctx.actor.covenantId,
        subjectId,
        ...(await sealTexts(
          tx,
          'weighingFile',
          { fileId, fileKind: 'weighing', subjectId },
          {
            name: body.subject.name,
            dateOfBirth: body.subject.dateOfBirth ?? null,
            address: body.subject.address ?? null,
            residence: body.subject.residence ?? null,
          },
        )),
        status: 'open',
        openedAt: now,
        lastProcessedAt: now,
      });
    } else {
      const { file } = await findWeighingFile(tx, ctx.actor.covenantId, body.weighingFileId!);
      if (file.archivedAt)
        throw conflict(
          'This weighing file is in the non-active archive (art. 13.2); the controller can make it available to the weegploeg again (art. 13.4)',
          'body.weighingFileId',
        );
      fileId = file.id;
      subjectId = file.subjectId;
      // A new signal reopens a file that was judged not substantial: it must be weighed again (art. 7.3).
      const status: WeighingFileStatus =
        file.status === 'not_substantial' || file.status === 'closed' ? 'open' : file.status;
      await tx
        .update(weighingFiles)
        .set({ lastProcessedAt: now, status })
        .where(eq(weighingFiles.id, fileId));
    }
    const signalId = randomUUID();
    await tx.insert(weighingSignals).values({
      id: signalId,
      fileId,
      ...(await sealTexts(
        tx,
        'weighingSignal',
        { fileId, fileKind: 'weighing', subjectId },
        {
          description: body.description,
          reporterName: body.reporter.name,
          reporterContact: body.reporter.contact,
        },
      )),
      observedOn: body.observedOn,
      broughtByPartyId,
      phenomenon: body.phenomenon,
      setting: body.setting,
      registeredByUserId: ctx.actor.userId,
      registeredAt: now,
    });
    await auditDecision(
      tx,
      ctx,
      concerning(allowed, { subjectId, fieldGroup: body.subject ? 'naw+signals' : 'signals' }),
      { action: 'create', objectType: 'weighing_file', objectId: fileId, purpose: PURPOSE },
    );
    const [signal] = await signalViews(tx, [fileId], signalId);
    return { weighingFileId: fileId, signal: signal! };
  });
}

export async function signalViews(
  db: Executor,
  fileIds: string[],
  onlySignalId?: string,
): Promise<(SignalView & { fileId: string })[]> {
  if (fileIds.length === 0) return [];
  const rows = await db
    .select({ signal: weighingSignals, partyName: organisations.name, registeredBy: users.displayName })
    .from(weighingSignals)
    .innerJoin(parties, eq(parties.id, weighingSignals.broughtByPartyId))
    .innerJoin(organisations, eq(organisations.id, parties.organisationId))
    .innerJoin(users, eq(users.id, weighingSignals.registeredByUserId))
    .where(onlySignalId ? eq(weighingSignals.id, onlySignalId) : inArray(weighingSignals.fileId, fileIds))
    .orderBy(desc(weighingSignals.observedOn), desc(weighingSignals.registeredAt));
  const opened = await Promise.all(
    rows.map(async (row) => ({
      ...row,
      signal: await openTexts(db, 'weighingSignal', row.signal.fileId, row.signal),
    })),
  );
  return opened.map(({ signal, partyName, registeredBy }) => ({
    fileId: signal.fileId,
    id: signal.id,
    description: signal.description,
    observedOn: signal.observedOn,
    broughtBy: { partyId: signal.broughtByPartyId, name: partyName },
    reporter: { name: signal.reporterName, contact: signal.reporterContact },
    phenomenon: signal.phenomenon,
    setting: signal.setting,
    registeredAt: signal.registeredAt.toISOString(),
    registeredBy,
  }));
}

export async function decisionViews(db: Executor, fileId: string): Promise<DecisionView[]> {
  const decisions = await db
    .select({ decision: weighingDecisions, recordedBy: users.displayName })
    .from(weighingDecisions)
    .innerJoin(users, eq(users.id, weighingDecisions.recordedByUserId))
    .where(eq(weighingDecisions.fileId, fileId))
    .orderBy(desc(weighingDecisions.decidedAt));
  if (decisions.length === 0) return [];
  const ids = decisions.map((d) => d.decision.id);
  const findings = await db
    .select({ finding: weighingFindings, code: referenceCriteria.code, title: referenceCriteria.title })
    .from(weighingFindings)
    .innerJoin(referenceCriteria, eq(referenceCriteria.id, weighingFindings.criterionId))
    .where(inArray(weighingFindings.decisionId, ids))
    .orderBy(asc(weighingFindings.position))
    .then((rows) =>
      Promise.all(
        rows.map(async (row) => ({
          ...row,
          finding: await openTexts(db, 'weighingFinding', fileId, row.finding),
        })),
      ),
    );
  const grounds = await Promise.all(
    decisions.map(({ decision }) => openTexts(db, 'weighingDecision', fileId, { grounds: decision.grounds })),
  );
  const partyRows = await db
    .select({ link: weighingDecisionParties, name: organisations.name })
    .from(weighingDecisionParties)
    .innerJoin(parties, eq(parties.id, weighingDecisionParties.partyId))
    .innerJoin(organisations, eq(organisations.id, parties.organisationId))
    .where(inArray(weighingDecisionParties.decisionId, ids))
    .orderBy(asc(organisations.name));
  return decisions.map(({ decision, recordedBy }, i) => ({
    id: decision.id,
    state: decision.state,
    outcome: decision.outcome,
    grounds: grounds[i]!.grounds ?? '',
    decidedAt: decision.decidedAt.toISOString(),
    meetingId: decision.meetingId,
    findings: findings
      .filter((f) => f.finding.decisionId === decision.id)
      .map((f) => ({
        criterionId: f.finding.criterionId,
        code: f.code,
        title: f.title,
        finding: f.finding.finding,
        grounds: f.finding.grounds ?? '',
      })),
    decidedBy: partyRows
      .filter((p) => p.link.decisionId === decision.id && p.link.role === 'decided')
      .map((p) => ({ partyId: p.link.partyId, name: p.name })),
    involvedParties: partyRows
      .filter((p) => p.link.decisionId === decision.id && p.link.role === 'involve')
      .map((p) => ({ partyId: p.link.partyId, name: p.name })),
    recordedBy,
    caseFileId: decision.caseFileId,
  }));
}

/** One decision as recorded (used to answer the request that recorded it). */
export async function readDecision(db: Executor, fileId: string, decisionId: string): Promise<DecisionView> {
  const decision = (await decisionViews(db, fileId)).find((d) => d.id === decisionId);
  if (!decision) throw notFound('Decision');
  return decision;
}

/** Art. 8.4: a subject's weighing file, for core parties and the executor; every read is audited. */
export async function readWeighingFile(
  db: Database,
  ctx: RequestContext,
  id: string,
): Promise<WeighingFileDetail> {
  const allowed = await enforce(db, ctx, canReadWeighingFile(ctx.actor), {
    action: 'read',
    objectType: 'weighing_file',
    objectId: id,
    purpose: PURPOSE,
    subjectOf: () => subjectOfWeighingFile(db, ctx.actor.covenantId, id),
  });
  const { file, reference } = await findWeighingFile(db, ctx.actor.covenantId, id);
  if (file.archivedAt)
    await enforce(db, ctx, canConsultArchive(ctx.actor), {
      action: 'read',
      objectType: 'weighing_file',
      objectId: id,
      subjectId: file.subjectId,
      purpose: PURPOSE,
    });
  const detail: WeighingFileDetail = {
    id: file.id,
    subjectReference: reference,
    subject: {
      name: file.name,
      dateOfBirth: file.dateOfBirth,
      address: file.address,
      residence: file.residence,
    },
    status: file.status,
    openedAt: file.openedAt.toISOString(),
    signals: (await signalViews(db, [file.id])).map(({ fileId: _fileId, ...signal }) => signal),
    decisions: await decisionViews(db, file.id),
  };
  await auditDecision(db, ctx, concerning(allowed, { subjectId: file.subjectId, fieldGroup: 'all' }), {
    action: 'read',
    objectType: 'weighing_file',
    objectId: file.id,
    purpose: PURPOSE,
  });
  return detail;
}

/** The list of weighing files (names are personal data: one audit row per subject listed). */
export async function listWeighingFiles(db: Database, ctx: RequestContext): Promise<WeighingFileSummary[]> {
  const allowed = await enforce(db, ctx, canReadWeighingFile(ctx.actor), {
    action: 'list',
    objectType: 'weighing_file',
    purpose: PURPOSE,
  });
  const rows = await db
    .select({
      file: weighingFiles,
      reference: subjects.reference,
      signalCount: sql<number>`(select count(*)::int from ${weighingSignals} where ${weighingSignals}.file_id = ${weighingFiles}.id)`,
      lastObservedOn: sql<
        string | null
      >`(select max(${weighingSignals.observedOn})::text from ${weighingSignals} where ${weighingSignals}.file_id = ${weighingFiles}.id)`,
    })
    .from(weighingFiles)
    .innerJoin(subjects, eq(subjects.id, weighingFiles.subjectId))
    .where(
      and(
        eq(weighingFiles.covenantId, ctx.actor.covenantId),
        isNull(weighingFiles.destroyedAt),
        // The non-active archive is for the core parties only (art. 13.2).
        canConsultArchive(ctx.actor).allowed ? undefined : isNull(weighingFiles.archivedAt),
      ),
    )
    .orderBy(desc(weighingFiles.lastProcessedAt));
  await appendAudit(
    db,
    listedEntries(
      ctx,
      'weighing_file',
      PURPOSE,
      rows.map(({ file }) => ({ objectId: file.id, subjectId: file.subjectId, decision: allowed })),
    ),
  );
  const names = await Promise.all(
    rows.map(({ file }) => openTexts(db, 'weighingFile', file.id, { name: file.name })),
  );
  return rows.map(({ file, reference, signalCount, lastObservedOn }, i) => ({
    id: file.id,
    subjectReference: reference,
    subjectName: names[i]!.name ?? '',
    status: file.status,
    signalCount,
    lastObservedOn,
    openedAt: file.openedAt.toISOString(),
  }));
}
