import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { openDatabase, rowsOf, type DatabaseHandle } from './client';

/** What a query of the database rejected with: drizzle wraps the driver's error as its `cause`. */
async function failure(query: Promise<unknown>) {
  try {
    await query;
  } catch (error) {
    return error as { message: string; cause?: { code?: string; message: string } };
  }
  throw new Error('the query succeeded');
}

// The embedded database (PGlite in a worker thread) only: on PostgreSQL the server is another process anyway.
describe.skipIf(Boolean(process.env.DATABASE_URL))('the embedded database in its worker thread', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    await handle.db.execute(sql`create table probe (n int primary key, body bytea, tags text[])`);
  });
  afterAll(async () => {
    await handle.close();
  });

  it('leave the event loop free while a query runs: timers fire before its answer', async () => {
    const events: string[] = [];
    let turns = 0;
    let turning = true;
    const turn = () => {
      turns++;
      if (turning) setImmediate(turn);
    };
    setImmediate(turn);
    const query = handle.db.execute(sql`select pg_sleep(0.3)`).then(() => {
      turning = false;
      events.push('answer');
    });
    setTimeout(() => events.push('timer'), 1);
    await query;
    // On the server's own thread PGlite would run the whole sleep inside this turn of the loop.
    expect(events).toEqual(['timer', 'answer']);
    expect(turns).toBeGreaterThan(2);
  });

  it('run a statement from outside a transaction after it, never inside it', async () => {
    const events: string[] = [];
    let outside: Promise<unknown> | undefined;
    const transaction = handle.db.transaction(async (tx) => {
      await tx.execute(sql`insert into probe (n) values (1)`);
      // Sent while the transaction is open: it must wait for the end, and not be rolled back with it.
      outside = handle.db.execute(sql`insert into probe (n) values (2)`).then(() => events.push('outside'));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const seen = rowsOf<{ n: number }>(await tx.execute(sql`select n from probe order by n`));
      events.push(`inside sees ${seen.map((r) => r.n).join(',')}`);
      tx.rollback();
    });
    await expect(transaction).rejects.toThrow();
    events.push('rolled back');
    await outside;
    expect(events).toEqual(['inside sees 1', 'rolled back', 'outside']);
    const rows = rowsOf<{ n: number }>(await handle.db.execute(sql`select n from probe order by n`));
    expect(rows).toEqual([{ n: 2 }]);
    await handle.db.execute(sql`delete from probe`);
  });

  it('roll back what a broken connection left open before the next connection uses the database', async () => {
    const pool = (handle.db as unknown as { $client: pg.Pool }).$client;
    const client = await pool.connect();
    await client.query('begin');
    await client.query('insert into probe (n) values (5)');
    // The connection goes away inside its transaction (as after an error on it): the pool opens a new one.
    client.release(true);
    const rows = rowsOf<{ n: number }>(await handle.db.execute(sql`select n from probe`));
    expect(rows).toEqual([]);
    expect(rowsOf(await handle.db.execute(sql`select now() = statement_timestamp() as idle`))).toEqual([
      { idle: true },
    ]);
  });

  it('carry the SQLSTATE of an error across the thread boundary', async () => {
    const division = await failure(handle.db.execute(sql`select 1 / 0`));
    expect(division.cause?.code).toBe('22012');
    await handle.db.execute(sql`insert into probe (n) values (7)`);
    const duplicate = await failure(handle.db.execute(sql`insert into probe (n) values (7)`));
    expect(duplicate.cause?.code).toBe('23505');
    const badText = await failure(handle.db.execute(sql`select convert_from('\\xff'::bytea, 'UTF8')`));
    expect(badText.cause?.code).toBe('22021');
    // The connection is usable after the errors.
    expect(rowsOf(await handle.db.execute(sql`select 1 as one`))).toEqual([{ one: 1 }]);
    await handle.db.execute(sql`delete from probe`);
  });

  it('pass bytes and arrays both ways', async () => {
    const body = new Uint8Array([0, 1, 127, 128, 255]);
    await handle.db.execute(
      sql`insert into probe (n, body, tags) values (3, ${body}, ${sql.param(['a', 'b,c', 'é'])}::text[])`,
    );
    const [row] = rowsOf<{ body: Uint8Array; tags: string[]; ns: number[] }>(
      await handle.db.execute(
        sql`select body, tags, array[n, n + 1] as ns from probe where n = any(${sql.param([3, 4])}::int[])`,
      ),
    );
    expect([...row!.body]).toEqual([...body]);
    expect(row!.tags).toEqual(['a', 'b,c', 'é']);
    expect(row!.ns).toEqual([3, 4]);
    await handle.db.execute(sql`delete from probe`);
  });
});

describe.skipIf(Boolean(process.env.DATABASE_URL))('opening and closing the embedded database', () => {
  it('keep a data directory across a close and an open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'casustafel-embedded-'));
    try {
      const first = await openDatabase({ kind: 'pglite', dataDir: dir });
      await first.db.execute(sql`create table kept (word text)`);
      await first.db.execute(sql`insert into kept values ('canary-kept')`);
      await first.close();
      const closed = await failure(first.db.execute(sql`select 1`));
      // server/database-outage.ts reads this message as "database unavailable".
      expect(closed.cause?.message ?? closed.message).toMatch(
        /^Cannot use a pool after calling end on the pool/,
      );
      const second = await openDatabase({ kind: 'pglite', dataDir: dir });
      try {
        expect(rowsOf(await second.db.execute(sql`select word from kept`))).toEqual([
          { word: 'canary-kept' },
        ]);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('let the process end after close, and also when a caller forgets to close', async () => {
    const script = (close: boolean) => `
      import { openDatabase } from './db/client.ts';
      import { sql } from 'drizzle-orm';
      const handle = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
      await handle.db.execute(sql\`select 1\`);
      ${close ? 'await handle.close();' : ''}
      console.log('done');`;
    const run = promisify(execFile);
    for (const close of [true, false]) {
      // A worker thread that outlived its use would keep the process running until the timeout kills it.
      const { stdout } = await run(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script(close)],
        { timeout: 50_000, env: { ...process.env, DATABASE_URL: '' } },
      );
      expect(stdout.trim()).toBe('done');
    }
  }, 120_000);
});
