import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { covenants, referenceCriteria, referenceFrameworks } from '../../db/schema/index';
import {
  EXAMPLE_CRITERIA,
  EXAMPLE_FRAMEWORK_NAME,
  type ReferenceCriterionInput,
  type ReferenceFrameworkView,
} from '../../shared/index';

async function insertFramework(
  db: Executor,
  covenantId: string,
  name: string,
  isExample: boolean,
  criteria: readonly ReferenceCriterionInput[],
): Promise<string> {
  const id = randomUUID();
  await db.insert(referenceFrameworks).values({ id, covenantId, name, isExample, active: true });
  await db
    .insert(referenceCriteria)
    .values(criteria.map((c, position) => ({ id: randomUUID(), frameworkId: id, ...c, position })));
  return id;
}

/** Installs the shipped example framework (annex 3 was not published with the model convenant). */
export function installExampleFramework(db: Executor, covenantId: string): Promise<string> {
  return insertFramework(db, covenantId, EXAMPLE_FRAMEWORK_NAME, true, EXAMPLE_CRITERIA);
}

/**
 * Replaces the active framework by a new version. Old versions stay, because recorded analyses refer to the
 * criteria they were weighed against (the Ministerial letter on early signalling, 2024: decisions on uniform, recorded criteria).
 */
export async function replaceFramework(
  db: Executor,
  covenantId: string,
  name: string,
  criteria: readonly ReferenceCriterionInput[],
): Promise<string> {
  // Serialise replacements per covenant: exactly one framework stays active (the Ministerial letter on early signalling, 2024: uniform criteria).
  await db.select({ id: covenants.id }).from(covenants).where(eq(covenants.id, covenantId)).for('update');
  await db
    .update(referenceFrameworks)
    .set({ active: false })
    .where(and(eq(referenceFrameworks.covenantId, covenantId), eq(referenceFrameworks.active, true)));
  return insertFramework(db, covenantId, name, false, criteria);
}

export async function activeFramework(db: Executor, covenantId: string): Promise<ReferenceFrameworkView> {
  const [framework] = await db
    .select()
    .from(referenceFrameworks)
    .where(and(eq(referenceFrameworks.covenantId, covenantId), eq(referenceFrameworks.active, true)))
    .limit(1);
  if (!framework) throw new Error(`covenant ${covenantId} has no active reference framework`);
  const criteria = await db
    .select({
      id: referenceCriteria.id,
      code: referenceCriteria.code,
      title: referenceCriteria.title,
      description: referenceCriteria.description,
      position: referenceCriteria.position,
    })
    .from(referenceCriteria)
    .where(eq(referenceCriteria.frameworkId, framework.id))
    .orderBy(asc(referenceCriteria.position));
  return { id: framework.id, name: framework.name, isExample: framework.isExample, criteria };
}
