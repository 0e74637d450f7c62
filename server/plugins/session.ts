import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ErrorCode } from '../../shared/index';
import type { RequestContext } from '../context';
import { AppError } from '../errors';
import { loadActor } from '../services/actors';
import { SESSION_COOKIE, resumeSession } from '../services/sessions';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Cross-site request refusal: a state-changing request must come from this origin (or one listed in
 * ALLOWED_ORIGINS). The cookie is SameSite=Strict as well; this is the second lock on the same door.
 */
function checkOrigin(app: FastifyInstance, request: FastifyRequest) {
  if (!UNSAFE.has(request.method)) return;
  const origin = request.headers.origin;
  if (request.headers['sec-fetch-site'] === 'cross-site') {
    throw new AppError(403, ErrorCode.CrossOriginRefused, 'Cross-site requests are refused');
  }
  if (!origin) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new AppError(403, ErrorCode.CrossOriginRefused, 'The Origin header is not a valid origin');
  }
  if (host === request.headers.host || app.config.allowedOrigins.includes(origin)) return;
  throw new AppError(403, ErrorCode.CrossOriginRefused, 'Requests from this origin are refused');
}

/** Resolves the session cookie to an actor; every /api route except public ones requires one. */
export default fp(
  (app: FastifyInstance) => {
    app.decorateRequest('actor', null);
    app.decorateRequest('sessionToken', null);
    app.addHook('onRequest', async (request) => {
      if (!request.url.startsWith('/api/')) return;
      checkOrigin(app, request);
      const token = request.cookies[SESSION_COOKIE];
      if (token) {
        const session = await resumeSession(app.db, token, {
          idleMinutes: app.config.sessionIdleMinutes,
          maxHours: app.config.sessionMaxHours,
        });
        if (session) {
          request.actor = await loadActor(app.db, session.membershipId);
          if (request.actor) request.sessionToken = token;
        }
      }
      if (!request.actor && !request.routeOptions.config.public) {
        throw new AppError(401, ErrorCode.NotAuthenticated, 'Log in first: this route requires a session');
      }
    });
  },
  { name: 'session', dependencies: ['@fastify/cookie'] },
);

/** The request's actor and origin, for services; a 401 if the request has no session. */
export function contextOf(request: FastifyRequest): RequestContext {
  if (!request.actor)
    throw new AppError(401, ErrorCode.NotAuthenticated, 'Log in first: this route requires a session');
  return {
    actor: request.actor,
    origin: { ip: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null },
  };
}
