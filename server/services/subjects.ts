import { randomUUID } from 'node:crypto';
import { and, eq, like, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { subjects } from '../../db/schema/index';

/**
 * Creates a subject anchor with the next reference of the year, e.g. "PGA-2026-0007". The reference carries no
 * personal data, so it can be shown where a name may not be (agenda placeholders, audit review).
 */
export async function createSubject(
  db: Executor,
  covenantId: string,
  now = new Date(),
): Promise<{ id: string; reference: string }> {
  const year = now.getUTCFullYear();
  const prefix = `PGA-${year}-`;
  // Serialise numbering per covenant across instances; released when the surrounding transaction ends.
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`subjects:${covenantId}`}))`);
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(subjects)
    .where(and(eq(subjects.covenantId, covenantId), like(subjects.reference, `${prefix}%`)));
  const reference = `${prefix}${String((row?.count ?? 0) + 1).padStart(4, '0')}`;
  const id = randomUUID();
  await db.insert(subjects).values({ id, covenantId, reference, createdAt: now });
  return { id, reference };
}
