import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { ErrorCode } from '../../shared/index';

/**
 * Serves the built client (dist/client) on the API's origin, with the SPA fallback: any non-API GET that is
 * not a file gets index.html. Unknown API routes get a JSON 404.
 */
export default fp(
  async (app: FastifyInstance) => {
    const root = resolve(app.config.clientDir);
    const built = existsSync(resolve(root, 'index.html'));
    if (built) await app.register(fastifyStatic, { root, wildcard: false, index: ['index.html'] });

    app.setNotFoundHandler((request, reply) => {
      if (request.url.startsWith('/api/') || (request.method !== 'GET' && request.method !== 'HEAD')) {
        return reply.status(404).send({
          error: {
            code: ErrorCode.NotFound,
            message: `No route ${request.method} ${request.url.split('?')[0]}`,
          },
        });
      }
      if (!built)
        return reply
          .status(404)
          .type('text/plain')
          .send('The client is not built: run `npm run build:client`.');
      return reply.type('text/html').sendFile('index.html');
    });
  },
  { name: 'client' },
);
