import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../shared/index';
import { clientIp } from './forwarded';
import type { AuditOrigin } from './services/audit';
import { resumeSessionActor, type ResumedSession } from './services/sessions';

/*
 * Who is asking, and from where: one reading of a request for REST (server/plugins/session.ts) and both live
 * transports (server/live/handshake.ts), so that the audit log names the same session, actor and address whichever
 * way a user reached the server (convenant art. 15).
 */

/** The actor behind a session token, with its session (resumed: the idle clock moves), or null. */
export async function sessionActor(
  app: FastifyInstance,
  token: string,
): Promise<{ actor: Actor; session: ResumedSession } | null> {
  return resumeSessionActor(app.db, token, {
    idleMinutes: app.config.sessionIdleMinutes,
    maxHours: app.config.sessionMaxHours,
  });
}

/**
 * The client's address: the socket's peer, or behind a trusted proxy (TRUST_PROXY) the first address in
 * X-Forwarded-For, as Fastify's `request.ip` reads it (server/forwarded.ts).
 */
export const requesterIp = (app: FastifyInstance, request: IncomingMessage): string | null =>
  clientIp(request, app.config.trustProxy);

/** Who connects, for the audit log: the client's address and user agent. */
export const requesterOrigin = (app: FastifyInstance, request: IncomingMessage): AuditOrigin => ({
  ip: requesterIp(app, request),
  userAgent: request.headers['user-agent'] ?? null,
});
