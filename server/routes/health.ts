import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sql } from 'drizzle-orm';

/** Readiness: answers once migrations ran and the database responds (503 when it stops responding). */
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
          }),
          503: Type.Object({ status: Type.Literal('unavailable'), database: Type.String() }),
        },
      },
    },
    async (_request, reply) => {
      try {
        await app.db.execute(sql`select 1`);
        return { status: 'ok' as const, database: app.databaseDriver, demo: app.config.demo };
      } catch {
        return reply.status(503).send({ status: 'unavailable' as const, database: app.databaseDriver });
      }
    },
  );
};

export default healthRoutes;
