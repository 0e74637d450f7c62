import { openTexts } from './file-texts';
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client';
import {
  caseFiles,
  caseInvolvedParties,
  caseSignals,
  organisations,
  parties,
  subjects,
} from '../../db/schema/index';
import {
  canConsultArchive,
  canReadCaseFile,
  mayConsultCaseFiles,
  type CaseFileDetail,
  type CaseFileSummary,
} from '../../shared/index';
import type { RequestContext } from '../context';
import { notFound } from '../errors';
import { appendAudit } from './audit';
import { auditDecision, concerning, decide, enforce, listedEntries } from './authorize';

const PURPOSE = 'casusoverleg: opstellen en monitoren van het plan van aanpak (convenant art. 9, 10)';

/** The parties involved in each of the given case files (art. 9.1). */
export async function involvedParties(
  db: Executor,
  fileIds: readonly string[],
): Promise<Map<string, string[]>> {
  const byFile = new Map<string, string[]>(fileIds.map((id) => [id, []]));
  if (fileIds.length === 0) return byFile;
  const rows = await db
    .select()
    .from(caseInvolvedParties)
    .where(inArray(caseInvolvedParties.fileId, [...fileIds]));
  for (const row of rows) byFile.get(row.fileId)?.push(row.partyId);
  return byFile;
}

/** Art. 10.2b–c: a case's signals, with the party that brought each (never the reporter). */
export async function caseSignalsOf(db: Executor, fileId: string) {
  const rows = await db
    .select({
      description: caseSignals.description,
      observedOn: caseSignals.observedOn,
      broughtBy: organisations.name,
    })
    .from(caseSignals)
    .innerJoin(parties, eq(parties.id, caseSignals.broughtByPartyId))
    .innerJoin(organisations, eq(organisations.id, parties.organisationId))
    .where(eq(caseSignals.fileId, fileId))
    .orderBy(asc(caseSignals.observedOn));
  return Promise.all(rows.map((row) => openTexts(db, 'caseSignal', fileId, row)));
}

/**
 * Art. 10.4: the case file, for parties as far as needed for the casusoverleg — a case party only when it is
 * involved in the case (art. 9.1). Reads and refusals are audited.
 */
export async function readCaseFile(db: Database, ctx: RequestContext, id: string): Promise<CaseFileDetail> {
  const attempt = {
    action: 'read' as const,
    objectType: 'case_file' as const,
    objectId: id,
    purpose: PURPOSE,
  };
  await enforce(db, ctx, mayConsultCaseFiles(ctx.actor), attempt);
  const [row] = await db
    .select({ file: caseFiles, reference: subjects.reference })
    .from(caseFiles)
    .innerJoin(subjects, eq(subjects.id, caseFiles.subjectId))
    .where(and(eq(caseFiles.id, id), eq(caseFiles.covenantId, ctx.actor.covenantId)))
    .limit(1);
  if (!row || row.file.destroyedAt) throw notFound('Case file');
  const allowed = await enforce(
    db,
    ctx,
    canReadCaseFile(ctx.actor, (await involvedParties(db, [id])).get(id) ?? []),
    { ...attempt, subjectId: row.file.subjectId },
  );
  if (row.file.archivedAt)
    await enforce(db, ctx, canConsultArchive(ctx.actor), { ...attempt, subjectId: row.file.subjectId });
  const signals = await caseSignalsOf(db, id);
  const involved = await db
    .select({ partyId: parties.id, name: organisations.name })
    .from(caseInvolvedParties)
    .innerJoin(parties, eq(parties.id, caseInvolvedParties.partyId))
    .innerJoin(organisations, eq(organisations.id, parties.organisationId))
    .where(eq(caseInvolvedParties.fileId, id))
    .orderBy(asc(organisations.name));
  await auditDecision(db, ctx, concerning(allowed, { fieldGroup: 'all' }), attempt);
  const file = await openTexts(db, 'caseFile', row.file.id, row.file);
  return {
    id: file.id,
    subjectReference: row.reference,
    subject: {
      name: file.name,
      dateOfBirth: file.dateOfBirth,
      address: file.address,
      residence: file.residence,
    },
    signals,
    analysis: file.analysis,
    involvedParties: involved,
    status: file.status,
    createdAt: file.createdAt.toISOString(),
  };
}

/**
 * The case files the actor may consult (names are personal data: one audit row per subject listed). A case
 * party sees only the cases it is involved in (art. 9.1).
 */
export async function listCaseFiles(db: Database, ctx: RequestContext): Promise<CaseFileSummary[]> {
  await enforce(db, ctx, mayConsultCaseFiles(ctx.actor), {
    action: 'list',
    objectType: 'case_file',
    purpose: PURPOSE,
  });
  const all = await db
    .select({ file: caseFiles, reference: subjects.reference })
    .from(caseFiles)
    .innerJoin(subjects, eq(subjects.id, caseFiles.subjectId))
    .where(
      and(
        eq(caseFiles.covenantId, ctx.actor.covenantId),
        isNull(caseFiles.destroyedAt),
        // The non-active archive is for the core parties only (art. 13.2).
        canConsultArchive(ctx.actor).allowed ? undefined : isNull(caseFiles.archivedAt),
      ),
    )
    .orderBy(desc(caseFiles.lastProcessedAt));
  const involvement = await involvedParties(
    db,
    all.map(({ file }) => file.id),
  );
  const rows = all.flatMap((row) => {
    const decision = decide(canReadCaseFile(ctx.actor, involvement.get(row.file.id) ?? []));
    return decision.allowed ? [{ ...row, decision }] : [];
  });
  await appendAudit(
    db,
    listedEntries(
      ctx,
      'case_file',
      PURPOSE,
      rows.map(({ file, decision }) => ({ objectId: file.id, subjectId: file.subjectId, decision })),
    ),
  );
  const names = await Promise.all(
    rows.map(({ file }) => openTexts(db, 'caseFile', file.id, { name: file.name })),
  );
  return rows.map(({ file, reference }, i) => ({
    id: file.id,
    subjectReference: reference,
    subjectName: names[i]!.name ?? '',
    status: file.status,
    createdAt: file.createdAt.toISOString(),
  }));
}
