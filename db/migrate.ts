/**
 * `tsx db/migrate.ts`: applies the migrations to DATABASE_URL (PostgreSQL; as MIGRATION_DATABASE_URL's owner role
 * when set, granting DATABASE_URL's role its privileges) or to the PGlite store in DATA_DIR.
 * The server also does this at every start; this entry point is for operators who migrate before a rollout.
 */
import { openDatabase } from './client';

const url = process.env.DATABASE_URL;
const handle = await openDatabase(
  url
    ? { kind: 'postgres', url, migrationUrl: process.env.MIGRATION_DATABASE_URL || null }
    : { kind: 'pglite', dataDir: process.env.DATA_DIR ?? './data' },
);
await handle.close();
for (const warning of handle.warnings) console.warn(`warning: ${warning}`);
console.log(`migrations applied (${handle.driver})`);
