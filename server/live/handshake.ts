import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../shared/index';
import { loadActor } from '../services/actors';
import type { AuditOrigin } from '../services/audit';
import { SESSION_COOKIE, resumeSession } from '../services/sessions';
import { singleFlight } from './single-flight';

/**
 * Same-origin check for WebSocket and socket.io handshakes (cross-site WebSocket hijacking): a browser always
 * sends Origin, and a page elsewhere must not ride on the user's cookie. No Origin means no browser.
 */
export function originAllowed(app: FastifyInstance, request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === request.headers.host || app.config.allowedOrigins.includes(origin);
  } catch {
    return false;
  }
}

/**
 * The actor behind the session cookie of a handshake, or null. Runs on every (re)connection; concurrent handshakes
 * with the same session share one lookup (see singleFlight).
 */
export async function handshakeActor(app: FastifyInstance, request: IncomingMessage): Promise<Actor | null> {
  const token = app.parseCookie(request.headers.cookie ?? '')[SESSION_COOKIE];
  if (!token) return null;
  return actorOfSession(app, token);
}

const actorOfSession = singleFlight(
  (token: string) => token,
  async (app: FastifyInstance, token: string) => {
    const session = await resumeSession(app.db, token, {
      idleMinutes: app.config.sessionIdleMinutes,
      maxHours: app.config.sessionMaxHours,
    });
    return session ? loadActor(app.db, session.membershipId) : null;
  },
);

export const handshakeOrigin = (request: IncomingMessage): AuditOrigin => ({
  ip: request.socket.remoteAddress ?? null,
  userAgent: request.headers['user-agent'] ?? null,
});
