import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf } from './client';
import { createTestDatabase, type TestDatabase } from './testing';

// Runs on PGlite locally and on PostgreSQL in CI (DATABASE_URL set): the same migrations on both.
describe(`migrations (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  let handle: TestDatabase;
  const owner = (query: SQL) => handle.asOwner((db) => db.execute(query));
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => {
    await handle.close();
  });

  it('create the weighing file, the case file and the audit log in separate schemas', async () => {
    const tables = rowsOf<{ table_schema: string; table_name: string }>(
      await handle.db.execute(sql`
        select table_schema, table_name from information_schema.tables
        where table_schema in ('weighing', 'casefile', 'audit') order by 1, 2`),
    );
    const names = tables.map((t) => `${t.table_schema}.${t.table_name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'weighing.weighing_files',
        'weighing.weighing_signals',
        'casefile.case_files',
        'casefile.case_plans',
        'audit.log',
      ]),
    );
  });

  it('give the case file no foreign key into the weighing file (art. 8.1, 10.1: separate files)', async () => {
    // information_schema shows constraints to the tables' owner only (on PostgreSQL the tests connect as a role
    // that owns nothing).
    const crossing = rowsOf<{ constraint_name: string }>(
      await owner(sql`
        select tc.constraint_name from information_schema.table_constraints tc
        join information_schema.constraint_column_usage ccu
          on tc.constraint_name = ccu.constraint_name and tc.constraint_schema = ccu.constraint_schema
        where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = 'casefile' and ccu.table_schema = 'weighing'`),
    );
    expect(crossing).toEqual([]);
    // And the other way round: no table outside the weighing schema points into it, except the agenda, which
    // names the file an agenda item is about.
    const intoWeighing = rowsOf<{ table_schema: string; table_name: string }>(
      await owner(sql`
        select distinct tc.table_schema, tc.table_name from information_schema.table_constraints tc
        join information_schema.constraint_column_usage ccu
          on tc.constraint_name = ccu.constraint_name and tc.constraint_schema = ccu.constraint_schema
        where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema <> 'weighing' and ccu.table_schema = 'weighing'`),
    );
    expect(intoWeighing).toEqual([{ table_schema: 'public', table_name: 'agenda_items' }]);
  });

  it('install the append-only triggers on the audit log', async () => {
    const triggers = rowsOf<{ tgname: string }>(
      await handle.db.execute(sql`
        select tgname from pg_trigger where tgrelid = 'audit.log'::regclass and not tgisinternal order by tgname`),
    );
    expect(triggers.map((t) => t.tgname)).toEqual(['log_refuse_truncate', 'log_refuse_update_delete']);
  });

  it('install the append-only triggers on the destruction log (art. 13)', async () => {
    const triggers = rowsOf<{ tgname: string }>(
      await handle.db.execute(sql`
        select tgname from pg_trigger where tgrelid = 'records.destructions'::regclass and not tgisinternal
        order by tgname`),
    );
    expect(triggers.map((t) => t.tgname)).toEqual([
      'destructions_refuse_truncate',
      'destructions_refuse_update_delete',
    ]);
  });
});
