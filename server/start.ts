import type { FastifyInstance } from 'fastify';
import { openDatabase, type DatabaseHandle } from '../db/client';
import { databaseTarget } from './database-target';
import { buildApp } from './app';
import { loadConfig, type Config } from './config';
import { seedDemo } from './demo/seed';

export interface RunningCasustafel {
  url: string;
  app: FastifyInstance;
  config: Config;
  database: DatabaseHandle;
  close(): Promise<void>;
}

/**
 * Boots Casustafel from environment variables: validate the configuration, open and migrate the database,
 * create demo data if asked, and listen. Used by `npm start` and by the browser tests (PORT=0).
 */
export async function startCasustafel(
  env: Record<string, string | undefined> = process.env,
): Promise<RunningCasustafel> {
  const config = loadConfig(env);
  const database = await openDatabase(databaseTarget(config));
  try {
    if (config.demo) await seedDemo(database.db, config.demoPassword);
    const app = await buildApp(config, database);
    for (const warning of database.warnings) app.log.warn(warning);
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    return {
      url: `http://${shownHost}:${port}`,
      app,
      config,
      database,
      /** Graceful shutdown (server/plugins/lifecycle.ts), then the database; Redis closes with the app. */
      async close() {
        try {
          await app.close();
        } finally {
          await database.close();
        }
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
