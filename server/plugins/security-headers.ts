import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { API_VERSION, API_VERSION_HEADER } from '../../shared/index';

/**
 * Headers on every response: a strict CSP (the client is served from this origin and needs nothing else),
 * no framing, no referrer, no sniffing; API answers are never cached (they hold personal data).
 */
export default fp(
  (app: FastifyInstance) => {
    app.addHook('onSend', async (request, reply) => {
      reply.header(
        'content-security-policy',
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
      );
      reply.header('x-frame-options', 'DENY');
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'no-referrer');
      reply.header('cross-origin-opener-policy', 'same-origin');
      if (request.url.startsWith('/api/')) {
        reply.header('cache-control', 'no-store');
        reply.header(API_VERSION_HEADER, String(API_VERSION));
      }
    });
  },
  { name: 'security-headers' },
);
