import { sql } from 'drizzle-orm';
import type pg from 'pg';
import type { Database } from '../db/client';

/**
 * First key of the session-level advisory locks of periodic jobs; the second is the hash of the job's name. The
 * two-key form keeps them apart from the one-key transaction locks of the audit and records chains.
 */
export const JOB_LOCK_CLASS = 0x0ca5_0b;

export type JobRun<T> = { ran: true; value: T } | { ran: false };

/**
 * Runs `work` unless the same job runs right now on another instance of this database (then it is skipped: that
 * run does what is due). The lock is a session-level PostgreSQL advisory lock, taken without waiting and held on a
 * connection of its own for the whole run, since the job's transactions use other connections of the pool; an
 * instance that dies, or loses that connection, releases it with the session, so no lock outlives its holder.
 *
 * The embedded PGlite has one session, which only this process can open: the lock is taken on it the same way,
 * and keeps nothing out (advisory locks are re-entrant within a session); the job's own one-run-at-a-time guard
 * does that.
 */
export async function exclusively<T>(
  db: Database,
  driver: 'pglite' | 'postgres',
  job: string,
  work: () => Promise<T>,
): Promise<JobRun<T>> {
  if (driver === 'pglite') {
    // The pool's one connection is shared: holding it for the run would leave none for the job itself.
    await db.execute(sql`select pg_try_advisory_lock(${JOB_LOCK_CLASS}, hashtext(${job}))`);
    try {
      return { ran: true, value: await work() };
    } finally {
      await db.execute(sql`select pg_advisory_unlock(${JOB_LOCK_CLASS}, hashtext(${job}))`);
    }
  }
  const pool = (db as unknown as { $client: pg.Pool }).$client;
  const connection = await pool.connect();
  // A connection whose lock or unlock failed is dropped: closing its session releases whatever it held.
  let broken = false;
  try {
    const locked = await connection
      .query<{ locked: boolean }>('select pg_try_advisory_lock($1, hashtext($2)) as locked', [
        JOB_LOCK_CLASS,
        job,
      ])
      .catch((error: unknown) => {
        broken = true;
        throw error;
      });
    if (!locked.rows[0]?.locked) return { ran: false };
    try {
      return { ran: true, value: await work() };
    } finally {
      await connection
        .query('select pg_advisory_unlock($1, hashtext($2))', [JOB_LOCK_CLASS, job])
        .catch(() => (broken = true));
    }
  } finally {
    connection.release(broken);
  }
}
