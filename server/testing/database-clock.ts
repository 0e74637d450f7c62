import { eq, sql } from 'drizzle-orm';
import { caseFiles, weighingFiles } from '../../db/schema/index';
import type { TestDatabase } from '../../db/testing';

/**
 * Time travel for tests, the only way the database allows it (migration 0020): as the owner. The application
 * role cannot back-date a file's last processing or record a destruction in the future, so a test that runs the
 * retention "at" a later moment first moves the database's clock there, and one that ages a file moves its clock.
 */
export async function setDatabaseClock(database: TestDatabase, at: Date | null): Promise<void> {
  await database.asOwner(async (db) => {
    await db.execute(sql`delete from records.clock_shift`);
    if (at)
      await db.execute(
        sql`insert into records.clock_shift (shift) values (${at.toISOString()}::timestamptz - now())`,
      );
  });
}

/** Runs `work` with the database's clock at `at`, and puts the clock back afterwards. */
export async function atDatabaseTime<T>(
  database: TestDatabase,
  at: Date,
  work: () => Promise<T>,
): Promise<T> {
  await setDatabaseClock(database, at);
  try {
    return await work();
  } finally {
    await setDatabaseClock(database, null);
  }
}

/** Sets a file's last processing (the start of its retention, art. 13), as the owner. */
export function setLastProcessed(
  database: TestDatabase,
  file: { kind: 'weighing' | 'case'; id: string },
  at: Date,
): Promise<unknown> {
  return database.asOwner((db) =>
    file.kind === 'weighing'
      ? db.update(weighingFiles).set({ lastProcessedAt: at }).where(eq(weighingFiles.id, file.id))
      : db.update(caseFiles).set({ lastProcessedAt: at }).where(eq(caseFiles.id, file.id)),
  );
}
