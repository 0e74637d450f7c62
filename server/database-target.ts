import type { DatabaseTarget } from '../db/client';
import type { Config } from './config';

/** The database the configuration names: PostgreSQL when DATABASE_URL is set, else the embedded one in DATA_DIR. */
export const databaseTarget = (config: Config): DatabaseTarget =>
  config.databaseUrl
    ? {
        kind: 'postgres',
        url: config.databaseUrl,
        migrationUrl: config.migrationDatabaseUrl,
        keystoreUrl: config.keystoreDatabaseUrl,
      }
    : { kind: 'pglite', dataDir: config.dataDir, keystoreDir: config.keystoreDir };
