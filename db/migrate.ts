/**
 * `tsx db/migrate.ts`: applies the migrations to DATABASE_URL (PostgreSQL) or to the PGlite store in DATA_DIR.
 * The server also does this at every start; this entry point is for operators who migrate before a rollout.
 */
import { openDatabase } from './client';

const url = process.env.DATABASE_URL;
const handle = await openDatabase(
  url ? { kind: 'postgres', url } : { kind: 'pglite', dataDir: process.env.DATA_DIR ?? './data' },
);
await handle.close();
console.log(`migrations applied (${handle.driver})`);
