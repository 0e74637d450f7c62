import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';

/**
 * One log line per request, at `debug`: at the default level the log shows what happened to the service (start,
 * jobs, errors), not every click. The line names the route's pattern, never the requested path: ids and query
 * values (a subject's reference) stay out of the log.
 */
export default fp(
  (app: FastifyInstance) => {
    app.addHook('onResponse', async (request, reply) => {
      request.log.debug(
        {
          method: request.method,
          route: request.routeOptions.url ?? '(no route)',
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime),
        },
        'request',
      );
    });
  },
  { name: 'request-log' },
);
