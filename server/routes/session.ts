import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { eq } from 'drizzle-orm';
import { covenants, memberships, users } from '../../db/schema/index';
import { ErrorCode, ErrorResponse, LoginBody, LoginResponse, SessionResponse } from '../../shared/index';
import { secondFactorMethods, startChallenge } from '../services/second-factor';
import { openSession, setChallengeCookie } from './session-cookies';
import { and, isNull } from 'drizzle-orm';
import { AppError } from '../errors';
import { contextOf } from '../plugins/session';
import { requesterOrigin } from '../requester';
import { loadActor } from '../services/actors';
import { appendAudit, type AuditOrigin } from '../services/audit';
import { burnPasswordCheck, verifyPassword } from '../services/passwords';
import {
  SESSION_COOKIE,
  accountReference,
  admitLoginAttempt,
  clearLoginFailures,
  endSession,
  tokenHash,
} from '../services/sessions';
import type { Database } from '../../db/client';
import type { Actor } from '../../shared/index';
import { meOf } from '../services/me';

const LOGIN_PURPOSE = 'aanmelden (convenant art. 15.2d: logische toegangscontrole)';
const invalid = () => new AppError(401, ErrorCode.InvalidCredentials, 'Unknown username or wrong password');

async function covenantName(db: Database, actor: Actor) {
  const [row] = await db
    .select({ name: covenants.name })
    .from(covenants)
    .where(eq(covenants.id, actor.covenantId));
  return row?.name ?? '';
}

const sessionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, config } = app;

  const auditLogin = (
    origin: AuditOrigin,
    username: string,
    result: 'allowed' | 'denied',
    userId: string | null,
    actor: Actor | null = null,
  ) =>
    appendAudit(db, [
      {
        actor,
        userId,
        origin,
        action: 'login',
        objectType: 'session',
        // Which account was tried, also when it does not exist — as a hash, never the typed name itself.
        objectId: accountReference(username),
        result,
        rule: 'art. 15.2d',
        purpose: LOGIN_PURPOSE,
      },
    ]);

  app.post(
    '/api/session',
    {
      config: { public: true },
      schema: {
        tags: ['session'],
        summary: 'Log in with a local account',
        body: LoginBody,
        response: {
          200: LoginResponse,
          400: ErrorResponse,
          401: ErrorResponse,
          403: ErrorResponse,
          429: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const origin = requesterOrigin(app, request.raw);
      const attempt = { username, address: request.ip };
      const wait = await admitLoginAttempt(db, attempt);
      if (wait > 0) {
        await auditLogin(origin, username, 'denied', null);
        reply.header('retry-after', String(Math.ceil(wait / 1000)));
        throw new AppError(
          429,
          ErrorCode.LoginThrottled,
          'Too many failed logins for this account or from this address; wait before trying again',
        );
      }
      const [user] = await db.select().from(users).where(eq(users.username, username)).limit(1);
      if (!user || user.disabledAt) {
        await burnPasswordCheck(password);
        await auditLogin(origin, username, 'denied', null);
        throw invalid();
      }
      if (!(await verifyPassword(user.passwordHash, password))) {
        await auditLogin(origin, username, 'denied', user.id);
        throw invalid();
      }
      const [membership] = await db
        .select({ id: memberships.id })
        .from(memberships)
        .where(and(eq(memberships.userId, user.id), isNull(memberships.revokedAt)))
        .limit(1);
      const actor = membership ? await loadActor(db, membership.id) : null;
      if (!actor) {
        await auditLogin(origin, username, 'denied', user.id);
        throw new AppError(
          403,
          ErrorCode.Forbidden,
          'This account has no active membership of a covenant',
          undefined,
          'art. 15.2c',
        );
      }
      // The password alone opens a session only for a demo account in demo mode; every other account shows its
      // second factor, or enrols one first (BIO: strong authentication; art. 15.2d). The failure counted above
      // stays until the second step succeeds, so the code cannot be guessed by repeating the password.
      const methods = await secondFactorMethods(db, user.id);
      const enrolled = methods.length > 0;
      if (enrolled || !(config.demo && user.passwordOnly)) {
        const challenge = await startChallenge(db, {
          userId: user.id,
          membershipId: actor.membershipId,
          step: enrolled ? 'second-factor' : 'enrol',
        });
        setChallengeCookie(app, request, reply, challenge);
        return { next: enrolled ? ('second-factor' as const) : ('enrol' as const), methods };
      }
      await clearLoginFailures(db, attempt);
      await openSession(app, request, reply, { userId: user.id, actor });
      await auditLogin(origin, username, 'allowed', user.id, actor);
      return { me: meOf(actor, await covenantName(db, actor)) };
    },
  );

  app.get(
    '/api/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Who is logged in',
        response: { 200: SessionResponse, 401: ErrorResponse },
      },
    },
    async (request) => {
      const { actor } = contextOf(request);
      return { me: meOf(actor, await covenantName(db, actor)) };
    },
  );

  app.delete(
    '/api/session',
    { schema: { tags: ['session'], summary: 'Log out', response: { 204: Type.Null(), 401: ErrorResponse } } },
    async (request, reply) => {
      const ctx = contextOf(request);
      if (request.sessionToken) {
        await endSession(db, request.sessionToken);
        // Its live connections end with it (art. 15.2d): no more edits reach them, none from them is stored.
        await app.events.publish({
          type: 'session.ended',
          sessionId: tokenHash(request.sessionToken),
          reason: 'logout',
        });
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      await appendAudit(db, [
        {
          actor: ctx.actor,
          origin: ctx.origin,
          action: 'logout',
          objectType: 'session',
          result: 'allowed',
          purpose: LOGIN_PURPOSE,
        },
      ]);
      return reply.status(204).send(null);
    },
  );
};

export default sessionRoutes;
