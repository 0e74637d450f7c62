import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { ErrorCode } from '../../shared/index';
import { AppError } from '../errors';
import { originPolicyOf, requestRefusal } from '../origin-policy';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Host and Origin check of every HTTP request, with the policy the live transports use (server/origin-policy.ts).
 * A Host this server does not answer for is refused everywhere (DNS rebinding), except the health check, which
 * holds no personal data and which load balancers and container probes call by address. A state-changing API
 * request must come from an allowed origin; the cookie is SameSite=Strict as well, this is the second lock on the
 * same door.
 */
export default fp(
  (app: FastifyInstance) => {
    app.addHook('onRequest', async (request) => {
      if (request.routeOptions.url === '/api/health') return;
      const stateChanging = request.url.startsWith('/api/') && UNSAFE.has(request.method);
      const refused = requestRefusal(originPolicyOf(app), request.raw, {
        trustProxy: app.config.trustProxy,
        checkOrigin: stateChanging,
      });
      if (refused?.kind === 'host')
        throw new AppError(403, ErrorCode.HostRefused, 'This server does not answer for the requested host');
      if (stateChanging && request.headers['sec-fetch-site'] === 'cross-site')
        throw new AppError(403, ErrorCode.CrossOriginRefused, 'Cross-site requests are refused');
      if (refused?.kind === 'origin')
        throw new AppError(403, ErrorCode.CrossOriginRefused, 'Requests from this origin are refused');
    });
  },
  { name: 'origin-guard' },
);
