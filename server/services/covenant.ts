import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { covenants, organisations, parties } from '../../db/schema/index';
import type { CovenantView, PartyView } from '../../shared/index';
import { activeFramework } from './reference-framework';

export async function covenantParties(db: Executor, covenantId: string): Promise<PartyView[]> {
  const rows = await db
    .select({
      id: parties.id,
      organisationId: organisations.id,
      name: organisations.name,
      organisationType: organisations.type,
      kind: parties.kind,
      annex1: parties.annex1,
    })
    .from(parties)
    .innerJoin(organisations, eq(organisations.id, parties.organisationId))
    .where(eq(parties.covenantId, covenantId))
    .orderBy(asc(parties.kind), asc(organisations.name));
  return rows.map((r) => ({
    ...r,
    organisationType: r.organisationType,
    kind: r.kind,
  }));
}

export async function covenantView(db: Executor, covenantId: string): Promise<CovenantView> {
  const [covenant] = await db.select().from(covenants).where(eq(covenants.id, covenantId)).limit(1);
  if (!covenant) throw new Error(`covenant ${covenantId} missing`);
  return {
    id: covenant.id,
    name: covenant.name,
    region: covenant.region,
    parties: await covenantParties(db, covenantId),
    referenceFramework: await activeFramework(db, covenantId),
    retention: covenant.policy.retention,
  };
}
