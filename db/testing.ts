import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { openDatabase, type Database, type DatabaseHandle } from './client';
import * as schema from './schema/index';

/** The login role tests connect as on PostgreSQL: owns nothing, like the application role in production. */
export const TEST_APP_ROLE = 'casustafel_app';

export interface TestDatabase extends DatabaseHandle {
  /** PostgreSQL only: the application role's URL, and the owner's (the migrations). */
  url?: string;
  migrationUrl?: string;
  /**
   * Runs `work` as the owner of the tables, e.g. to tamper the way an owner could (switching triggers off). On
   * PGlite there is one role, and this is the same connection.
   */
  asOwner<T>(work: (db: Database) => Promise<T>): Promise<T>;
}

async function ensureAppRole(admin: pg.Client) {
  const { rows } = await admin.query<{ login: boolean }>(
    'select rolcanlogin as login from pg_roles where rolname = $1',
    [TEST_APP_ROLE],
  );
  try {
    if (rows.length === 0) await admin.query(`create role ${TEST_APP_ROLE} login`);
    else if (!rows[0]!.login) await admin.query(`alter role ${TEST_APP_ROLE} login`);
  } catch (error) {
    // Test files start in parallel: another one may have created the role in between.
    const code = (error as { code?: string }).code;
    if (code !== '42710' && code !== '23505' && code !== 'XX000') throw error;
  }
}

/** The key store database every test database on the PostgreSQL server shares (file ids never collide). */
const TEST_KEYSTORE_DATABASE = 'casustafel_test_keys';

/**
 * The URL of the test key store database, created on first use, and named in KEYSTORE_DATABASE_URL so that
 * servers a test starts as child processes find the same keys.
 */
async function testKeystoreUrl(admin: pg.Client, serverUrl: string): Promise<string> {
  const { rows } = await admin.query('select 1 from pg_database where datname = $1', [
    TEST_KEYSTORE_DATABASE,
  ]);
  if (rows.length === 0)
    try {
      await admin.query(`CREATE DATABASE ${TEST_KEYSTORE_DATABASE}`);
    } catch (error) {
      // Test files start in parallel: another one may have created it in between.
      const code = (error as { code?: string }).code;
      if (code !== '42P04' && code !== '23505') throw error;
    }
  const url = new URL(serverUrl);
  url.pathname = `/${TEST_KEYSTORE_DATABASE}`;
  process.env.KEYSTORE_DATABASE_URL = url.toString();
  return url.toString();
}

/**
 * A fresh, migrated database for one test file: an in-memory PGlite by default, or — when DATABASE_URL is set,
 * as in CI — a new database created on that PostgreSQL server and dropped afterwards, so test files running in
 * parallel never see each other's rows. On PostgreSQL the roles are split as in production: DATABASE_URL's role
 * creates and migrates the database (owner), the tests connect as TEST_APP_ROLE.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const handle = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    return { ...handle, asOwner: (work) => work(handle.db) };
  }

  const name = `casustafel_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  let keystoreUrl: string;
  try {
    await ensureAppRole(admin);
    await admin.query(`CREATE DATABASE ${name}`);
    keystoreUrl = await testKeystoreUrl(admin, serverUrl);
  } finally {
    await admin.end();
  }
  const owner = new URL(serverUrl);
  owner.pathname = `/${name}`;
  const app = new URL(owner);
  app.username = TEST_APP_ROLE;
  app.password = '';
  const handle = await openDatabase({
    kind: 'postgres',
    url: app.toString(),
    migrationUrl: owner.toString(),
    keystoreUrl,
  });
  return {
    ...handle,
    url: app.toString(),
    migrationUrl: owner.toString(),
    async asOwner(work) {
      const pool = new pg.Pool({ connectionString: owner.toString(), max: 1 });
      try {
        return await work(drizzlePg({ client: pool, schema }));
      } finally {
        await pool.end();
      }
    },
    async close() {
      await handle.close();
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
