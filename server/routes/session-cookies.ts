import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../shared/index';
import { endSession, createSession, SESSION_COOKIE, tokenHash } from '../services/sessions';
import { LOGIN_CHALLENGE_COOKIE } from '../services/second-factor';

const secure = (app: FastifyInstance, request: FastifyRequest) =>
  app.config.cookieSecure === 'auto' ? request.protocol === 'https' : app.config.cookieSecure;

/**
 * Opens a session for a completed login: a fresh token every time (no session fixation), and an earlier session
 * of this browser ends, with its live connections. Returns the new session's id (its token's hash).
 */
export async function openSession(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  login: { userId: string; actor: Actor },
): Promise<string> {
  if (request.sessionToken) {
    await endSession(app.db, request.sessionToken);
    await app.events.publish({
      type: 'session.ended',
      sessionId: tokenHash(request.sessionToken),
      reason: 'replaced',
    });
  }
  const token = await createSession(
    app.db,
    login.userId,
    login.actor.membershipId,
    {
      idleMinutes: app.config.sessionIdleMinutes,
      maxHours: app.config.sessionMaxHours,
    },
    new Date(),
    { userAgent: request.headers['user-agent'] ?? null, address: request.ip },
  );
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: secure(app, request),
    path: '/',
  });
  reply.clearCookie(LOGIN_CHALLENGE_COOKIE, { path: '/api/session' });
  return tokenHash(token);
}

/** The cookie of a login halfway: only the session routes see it. */
export function setChallengeCookie(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
): void {
  reply.setCookie(LOGIN_CHALLENGE_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: secure(app, request),
    path: '/api/session',
  });
}
