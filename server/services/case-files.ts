import { and, asc, desc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import {
  caseFiles,
  caseInvolvedParties,
  caseSignals,
  organisations,
  parties,
  subjects,
} from '../../db/schema/index';
import {
  canReadCaseFile,
  type CaseFileDetail,
  type CaseFileStatus,
  type CaseFileSummary,
} from '../../shared/index';
import type { RequestContext } from '../context';
import { notFound } from '../errors';
import { appendAudit } from './audit';
import { enforce } from './authorize';

const PURPOSE = 'casusoverleg: opstellen en monitoren van het plan van aanpak (convenant art. 9, 10)';

/** Art. 10.4: the case file, for parties as far as needed for the casusoverleg. Reads are audited. */
export async function readCaseFile(db: Database, ctx: RequestContext, id: string): Promise<CaseFileDetail> {
  const decision = canReadCaseFile(ctx.actor);
  await enforce(db, ctx, decision, {
    action: 'read',
    objectType: 'case_file',
    objectId: id,
    purpose: PURPOSE,
  });
  const [row] = await db
    .select({ file: caseFiles, reference: subjects.reference })
    .from(caseFiles)
    .innerJoin(subjects, eq(subjects.id, caseFiles.subjectId))
    .where(and(eq(caseFiles.id, id), eq(caseFiles.covenantId, ctx.actor.covenantId)))
    .limit(1);
  if (!row) throw notFound('Case file');
  const signals = await db
    .select({
      description: caseSignals.description,
      observedOn: caseSignals.observedOn,
      broughtBy: organisations.name,
    })
    .from(caseSignals)
    .innerJoin(parties, eq(parties.id, caseSignals.broughtByPartyId))
    .innerJoin(organisations, eq(organisations.id, parties.organisationId))
    .where(eq(caseSignals.fileId, id))
    .orderBy(asc(caseSignals.observedOn));
  const involved = await db
    .select({ partyId: parties.id, name: organisations.name })
    .from(caseInvolvedParties)
    .innerJoin(parties, eq(parties.id, caseInvolvedParties.partyId))
    .innerJoin(organisations, eq(organisations.id, parties.organisationId))
    .where(eq(caseInvolvedParties.fileId, id))
    .orderBy(asc(organisations.name));
  await appendAudit(db, [
    {
      actor: ctx.actor,
      origin: ctx.origin,
      action: 'read',
      objectType: 'case_file',
      objectId: id,
      subjectId: row.file.subjectId,
      fieldGroup: 'all',
      result: 'allowed',
      rule: decision.rule,
      purpose: PURPOSE,
    },
  ]);
  const { file } = row;
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
    status: file.status as CaseFileStatus,
    createdAt: file.createdAt.toISOString(),
  };
}

/** The case files of the covenant (names are personal data: one audit row per subject listed). */
export async function listCaseFiles(db: Database, ctx: RequestContext): Promise<CaseFileSummary[]> {
  const decision = canReadCaseFile(ctx.actor);
  await enforce(db, ctx, decision, { action: 'list', objectType: 'case_file', purpose: PURPOSE });
  const rows = await db
    .select({ file: caseFiles, reference: subjects.reference })
    .from(caseFiles)
    .innerJoin(subjects, eq(subjects.id, caseFiles.subjectId))
    .where(eq(caseFiles.covenantId, ctx.actor.covenantId))
    .orderBy(desc(caseFiles.lastProcessedAt));
  await appendAudit(
    db,
    rows.map(({ file }) => ({
      actor: ctx.actor,
      origin: ctx.origin,
      action: 'list' as const,
      objectType: 'case_file',
      objectId: file.id,
      subjectId: file.subjectId,
      fieldGroup: 'naw.name',
      result: 'allowed' as const,
      rule: decision.rule,
      purpose: PURPOSE,
    })),
  );
  return rows.map(({ file, reference }) => ({
    id: file.id,
    subjectReference: reference,
    subjectName: file.name,
    status: file.status as CaseFileStatus,
    createdAt: file.createdAt.toISOString(),
  }));
}
