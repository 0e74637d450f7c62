import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sql } from 'drizzle-orm';

/**
 * Readiness: answers once migrations ran and the database responds, and, with several instances, while the link
 * to Redis holds (503 when either is down). Per dependency only a status: never a connection string.
 */
const Up = Type.Union([Type.Literal('up'), Type.Literal('down')]);
const Dependencies = Type.Object({ database: Up, redis: Type.Optional(Up) });

const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/health',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        response: {
          200: Type.Object({
            status: Type.Literal('ok'),
            database: Type.String(),
            /** A demonstration installation: the login screen says so. */
            demo: Type.Boolean(),
            dependencies: Dependencies,
          }),
          503: Type.Object({
            status: Type.Literal('unavailable'),
            database: Type.String(),
            dependencies: Dependencies,
          }),
        },
      },
    },
    async (_request, reply) => {
      let database: 'up' | 'down' = 'up';
      try {
        await app.db.execute(sql`select 1`);
      } catch {
        database = 'down';
      }
      const dependencies: { database: 'up' | 'down'; redis?: 'up' | 'down' } = { database };
      // Only in multi-instance mode: a single instance has no Redis to report.
      if (app.config.redisUrl) dependencies.redis = app.events.connected ? 'up' : 'down';
      if (database === 'up' && dependencies.redis !== 'down') {
        return { status: 'ok' as const, database: app.databaseDriver, demo: app.config.demo, dependencies };
      }
      return reply
        .status(503)
        .send({ status: 'unavailable' as const, database: app.databaseDriver, dependencies });
    },
  );
};

export default healthRoutes;
