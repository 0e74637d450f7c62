import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ErrorCode } from '../../shared/index';
import type { RequestContext } from '../context';
import { AppError } from '../errors';
import { requesterOrigin, sessionActor } from '../requester';
import { SESSION_COOKIE, tokenHash } from '../services/sessions';
import { requireRecentAuthentication } from '../services/step-up';
import { appendAudit, type AuditEntry } from '../services/audit';

/** Resolves the session cookie to an actor; every /api route except public ones requires one. */
export default fp(
  (app: FastifyInstance) => {
    app.decorateRequest('actor', null);
    app.decorateRequest('sessionToken', null);
    app.addHook('onRequest', async (request) => {
      if (!request.url.startsWith('/api/')) return;
      const token = request.cookies[SESSION_COOKIE];
      if (token) {
        const resumed = await sessionActor(app, token);
        if (resumed) {
          request.actor = resumed.actor;
          request.sessionToken = token;
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
    origin: requesterOrigin(request.server, request.raw),
  };
}

/**
 * The request's context, for one of the most sensitive actions: also a 403 STEP_UP_REQUIRED unless its session
 * authenticated recently (server/services/step-up.ts). The client then asks for the password again and retries.
 * A refusal is audited as a denied attempt at `attempt` (art. 15.2e: refused accesses are logged too).
 */
export async function recentlyAuthenticated(
  request: FastifyRequest,
  attempt: Pick<AuditEntry, 'action' | 'objectType'> & { objectId?: string | null },
): Promise<RequestContext> {
  const ctx = contextOf(request);
  if (!request.sessionToken)
    throw new AppError(401, ErrorCode.NotAuthenticated, 'Log in first: this route requires a session');
  try {
    await requireRecentAuthentication(
      request.server.db,
      tokenHash(request.sessionToken),
      ctx.actor.covenantId,
    );
  } catch (error) {
    await appendAudit(request.server.db, [
      {
        actor: ctx.actor,
        origin: ctx.origin,
        ...attempt,
        result: 'denied',
        rule: 'art. 15.2d: step-up',
        purpose: 'gevoelige handeling zonder recente aanmelding',
      },
    ]);
    throw error;
  }
  return ctx;
}
