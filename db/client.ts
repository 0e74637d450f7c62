import { fileURLToPath } from 'node:url';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { resolve } from 'node:path';
import { startEmbeddedDatabase } from './embedded';
import { processMemoryKeyStore, useKeyStore } from './keystore/current';
import {
  DirectoryKeyStore,
  migrateKeyStore,
  openSqlKeyStore,
  SqlKeyStore,
  type KeyStore,
} from './keystore/store';
import { grantAppRole, roleWarnings } from './roles';
import { nameStatementsOn } from './statements';
import * as schema from './schema/index';

export type Schema = typeof schema;
/** The drizzle database, whichever driver is underneath (PGlite embedded, or PostgreSQL through pg). */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle, typed like the database so services take either. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
export type Executor = Database | Tx;

export interface DatabaseHandle {
  db: Database;
  driver: 'pglite' | 'postgres';
  /** What the operator should know about the set-up, e.g. that the database roles are not separated. */
  warnings: string[];
  /** Where the files' secrets are (db/keystore): apart from this database, unless a warning says otherwise. */
  keys: KeyStore;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

export type DatabaseTarget =
  | {
      kind: 'postgres';
      /** The application's role: owns nothing, has only the privileges granted after migrating. */
      url: string;
      /** The owner's role, which runs the migrations and grants; when absent `url` does both (not separated). */
      migrationUrl?: string | null;
      /** The key store's own database; when absent the key store shares this one (and a warning says so). */
      keystoreUrl?: string | null;
    }
  | {
      kind: 'pglite';
      dataDir: string;
      /** The key store's directory; by default `<dataDir>-keys`, beside the data directory, never inside it. */
      keystoreDir?: string | null;
    };

function poolOf(url: string, max: number) {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client that loses its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * Migrates as the owner (`migrationUrl`), then grants the application's role (the user of `url`) what it needs.
 * Without a separate owner URL the application's own connection migrates, and a warning says the roles are not
 * separated.
 */
async function migrateAndGrant(
  app: pg.Pool,
  target: { url: string; migrationUrl?: string | null; keystoreUrl?: string | null },
) {
  const migrate = async (owner: pg.Pool) => {
    await migratePg(drizzlePg({ client: owner }), { migrationsFolder: MIGRATIONS_FOLDER });
    if (!target.keystoreUrl) await migrateKeyStore(drizzlePg({ client: owner }));
  };
  if (!target.migrationUrl || target.migrationUrl === target.url) {
    try {
      await migrate(app);
    } catch (error) {
      if ((error as { cause?: { code?: string } }).cause?.code !== '42501') throw error;
      throw new Error(
        'the role in DATABASE_URL may not migrate the database (permission denied): set MIGRATION_DATABASE_URL ' +
          'to the role that owns it',
        { cause: error },
      );
    }
    const warnings = await roleWarnings(app);
    return warnings.length > 0 ? warnings : ['MIGRATION_DATABASE_URL is not set: DATABASE_URL also migrates'];
  }
  const owner = poolOf(target.migrationUrl, 1);
  try {
    await migrate(owner);
    const { rows } = await app.query<{ role: string }>('select current_user as role');
    await grantAppRole(owner, rows[0]!.role);
  } finally {
    await owner.end();
  }
  return roleWarnings(app);
}

/**
 * Opens the database and runs the migrations (the same SQL files on both). `dataDir` 'memory://' gives an
 * in-memory PGlite, used by tests. Both go through node-postgres: PGlite runs in a worker thread behind it.
 */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.kind === 'postgres') {
    const pool = poolOf(target.url, 10);
    const db = drizzlePg({ client: pool, schema });
    nameStatementsOn(db);
    let warnings: string[];
    try {
      warnings = await migrateAndGrant(pool, target);
    } catch (error) {
      await pool.end();
      throw error;
    }
    let keys: KeyStore;
    try {
      keys = await keyStoreFor(target.keystoreUrl, db);
    } catch (error) {
      await pool.end();
      throw error;
    }
    if (keys.placement === 'same-database') warnings.push(SAME_DATABASE_WARNING);
    useKeyStore(keys);
    return { db: db as unknown as Database, driver: 'postgres', warnings, keys, close: () => pool.end() };
  }
  // PGlite in a worker thread, spoken to through node-postgres like the server above (db/embedded.ts).
  const embedded = await startEmbeddedDatabase(target.dataDir);
  const db = drizzlePg({ client: embedded.pool, schema });
  try {
    await migratePg(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } catch (error) {
    await embedded.close();
    throw error;
  }
  const keys =
    target.dataDir === 'memory://'
      ? processMemoryKeyStore
      : new DirectoryKeyStore(target.keystoreDir ?? `${resolve(target.dataDir)}-keys`);
  useKeyStore(keys);
  // One embedded database, one role: PGlite has no second connection that could be given fewer rights.
  return {
    db: db as unknown as Database,
    driver: 'pglite',
    warnings: [],
    keys,
    close: () => embedded.close(),
  };
}

const SAME_DATABASE_WARNING =
  'KEYSTORE_DATABASE_URL is not set: the file keys are kept in the same database as the content, so a backup of ' +
  'it holds both, and destroying a file (art. 13) does not reach the backups';

/** Key store databases by URL: opened once per process, shared by every database handle that names it. */
const keyStores = new Map<string, Promise<SqlKeyStore>>();

function keyStoreFor(url: string | null | undefined, db: Database): Promise<KeyStore> {
  if (!url) return Promise.resolve(new SqlKeyStore(db as never, 'same-database'));
  let store = keyStores.get(url);
  if (!store) {
    store = openSqlKeyStore(url);
    keyStores.set(url, store);
    store.catch(() => keyStores.delete(url));
  }
  return store;
}

/** Rows of a raw `db.execute(sql…)` result; both drivers return `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
