import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { auditLog, weighingFiles } from '../db/schema/index';
import { rowsOf } from '../db/client';
import { JOB_LOCK_CLASS, exclusively } from './job-lock';
import { setLastProcessed } from './testing/database-clock';
import { newSubjectSignal, startTestServer, type TestServer } from './testing/harness';

const DATABASE_URL = process.env.DATABASE_URL;
/** Seven months without processing: a weighing file due for destruction (art. 13.3). */
const DUE = () => new Date(Date.now() - 214 * 86_400_000);

async function dueFile(server: TestServer, name: string): Promise<string> {
  const police = await server.login('politie');
  const signal = await police.post('/api/signals', newSubjectSignal(name));
  const id = signal.body.weighingFileId as string;
  await setLastProcessed(server.database, { kind: 'weighing', id }, DUE());
  return id;
}

async function destroyed(server: TestServer, id: string): Promise<boolean> {
  const [file] = await server.database.db.select().from(weighingFiles).where(eq(weighingFiles.id, id));
  return file!.destroyedAt !== null;
}

/** The destructions the audit log holds of a file: exactly one when the job did its work once. */
async function destructionsOf(server: TestServer, id: string): Promise<number> {
  const rows = await server.database.db
    .select({ seq: auditLog.seq })
    .from(auditLog)
    .where(and(eq(auditLog.objectId, id), eq(auditLog.action, 'destroy')));
  return rows.length;
}

async function jobLocksHeld(server: TestServer): Promise<number> {
  const result = await server.database.db.execute(
    sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and classid = ${JOB_LOCK_CLASS}`,
  );
  return rowsOf<{ n: number }>(result)[0]!.n;
}

/** Periodic jobs run once at a time across the instances on one database (session-level advisory lock). */
describe('job lock', { timeout: 60_000 }, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('runs the job and leaves no lock behind, also when the job fails', async () => {
    const { db, driver } = server.database;
    expect(await exclusively(db, driver, 'test-job', () => Promise.resolve(42))).toEqual({
      ran: true,
      value: 42,
    });
    expect(await jobLocksHeld(server)).toBe(0);
    await expect(
      exclusively(db, driver, 'test-job', () => Promise.reject(new Error('job failed'))),
    ).rejects.toThrow('job failed');
    expect(await jobLocksHeld(server)).toBe(0);
  });

  it('holds the lock while the job runs', async () => {
    const { db, driver } = server.database;
    const during = await exclusively(db, driver, 'test-job', () => jobLocksHeld(server));
    expect(during).toEqual({ ran: true, value: 1 });
  });
});

describe.skipIf(!DATABASE_URL)('retention job across instances', { timeout: 90_000 }, () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    // No Redis here: the job's exclusion is the database's, whatever carries the events.
    a = await startTestServer();
    b = await startTestServer({}, undefined, { sharing: a });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('is skipped by an instance while another runs it, and runs once that one is done', async () => {
    const id = await dueFile(a, 'RetentieElders');
    // Another instance in the middle of its run: a session holding the job's lock.
    const other = new pg.Client({ connectionString: a.database.url });
    await other.connect();
    try {
      await other.query('select pg_advisory_lock($1, hashtext($2))', [JOB_LOCK_CLASS, 'retention']);
      expect(await b.app.retention.runNow()).toBe(false);
      expect(await a.app.retention.runNow()).toBe(false);
      expect(await destroyed(a, id)).toBe(false);
      await other.query('select pg_advisory_unlock($1, hashtext($2))', [JOB_LOCK_CLASS, 'retention']);
      expect(await b.app.retention.runNow()).toBe(true);
      expect(await destroyed(a, id)).toBe(true);
    } finally {
      await other.end();
    }
  });

  it('does its work once when two instances start it at the same moment', async () => {
    const ids = await Promise.all(
      Array.from({ length: 3 }, (_, i) => dueFile(a, `RetentieTegelijk${i}-${randomUUID()}`)),
    );
    const runs = await Promise.all([a.app.retention.runNow(), b.app.retention.runNow()]);
    // One ran it; the other either found it running (skipped) or ran after it and found nothing left.
    expect(runs).toContain(true);
    for (const id of ids) {
      expect(await destroyed(a, id)).toBe(true);
      expect(await destructionsOf(a, id)).toBe(1);
    }
    expect(await jobLocksHeld(a)).toBe(0);
  });
});
