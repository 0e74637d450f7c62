import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { eq } from 'drizzle-orm';
import { covenants, users } from '../../db/schema/index';
import {
  EnrolmentOffer,
  EnrolmentResponse,
  ErrorCode,
  ErrorResponse,
  SecondFactorBody,
  SessionResponse,
  type Actor,
} from '../../shared/index';
import { AppError } from '../errors';
import { loadActor } from '../services/actors';
import { appendAudit } from '../services/audit';
import { meOf } from '../services/me';
import {
  LOGIN_CHALLENGE_COOKIE,
  challengeOf,
  confirmEnrolment,
  offerEnrolment,
  verifySecondFactor,
  type Challenge,
} from '../services/second-factor';
import { accountReference, clearLoginFailures } from '../services/sessions';
import { openSession } from './session-cookies';

const PURPOSE = 'aanmelden met tweede factor (convenant art. 15.2d: logische toegangscontrole; BIO)';

/**
 * The second step of a login (after the password, routes/session.ts): the code of the authenticator app or a
 * recovery code, or, at the first login of an account, enrolling the app. Only this step opens the session.
 */
const secondFactorRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;

  async function accountOf(challenge: Challenge) {
    const [user] = await db.select().from(users).where(eq(users.id, challenge.userId));
    const actor = user && !user.disabledAt ? await loadActor(db, challenge.membershipId) : null;
    if (!user || !actor)
      throw new AppError(403, ErrorCode.Forbidden, 'This account has no active membership of a covenant');
    return { user, actor };
  }

  const audit = (
    request: { ip: string; headers: Record<string, unknown> },
    account: { user: { id: string; username: string }; actor: Actor | null },
    result: 'allowed' | 'denied',
    rule: string,
  ) =>
    appendAudit(db, [
      {
        actor: result === 'allowed' ? account.actor : null,
        userId: account.user.id,
        origin: { ip: request.ip, userAgent: (request.headers['user-agent'] as string | undefined) ?? null },
        action: 'login',
        objectType: 'session',
        objectId: accountReference(account.user.username),
        result,
        rule,
        purpose: PURPOSE,
      },
    ]);

  const meFor = async (actor: Actor) => {
    const [covenant] = await db
      .select({ name: covenants.name })
      .from(covenants)
      .where(eq(covenants.id, actor.covenantId));
    return meOf(actor, covenant?.name ?? '');
  };

  app.post(
    '/api/session/second-factor',
    {
      config: { public: true },
      schema: {
        tags: ['session'],
        summary: 'Second step of a login: a code of the authenticator app, or a recovery code',
        body: SecondFactorBody,
        response: { 200: SessionResponse, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request, reply) => {
      const challenge = await challengeOf(db, request.cookies[LOGIN_CHALLENGE_COOKIE], 'second-factor');
      const account = await accountOf(challenge);
      let how: 'totp' | 'recovery-code';
      try {
        how = await verifySecondFactor(db, challenge, request.body.code);
      } catch (error) {
        await audit(request, account, 'denied', 'art. 15.2d: second factor');
        throw error;
      }
      await clearLoginFailures(db, { username: account.user.username, address: request.ip });
      await openSession(app, request, reply, { userId: account.user.id, actor: account.actor });
      await audit(
        request,
        account,
        'allowed',
        how === 'totp' ? 'art. 15.2d: second factor' : 'art. 15.2d: recovery code',
      );
      return { me: await meFor(account.actor) };
    },
  );

  app.post(
    '/api/session/enrolment',
    {
      config: { public: true },
      schema: {
        tags: ['session'],
        summary: 'First login of an account: a new authenticator secret to scan (TOTP)',
        response: { 200: EnrolmentOffer, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request) => {
      const challenge = await challengeOf(db, request.cookies[LOGIN_CHALLENGE_COOKIE], 'enrol');
      const { user } = await accountOf(challenge);
      return offerEnrolment(db, challenge, user.username);
    },
  );

  app.post(
    '/api/session/enrolment/confirm',
    {
      config: { public: true },
      schema: {
        tags: ['session'],
        summary: 'Completes enrolment with a code of the app; answers the recovery codes, once',
        body: SecondFactorBody,
        response: {
          200: EnrolmentResponse,
          400: ErrorResponse,
          401: ErrorResponse,
          403: ErrorResponse,
          409: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const challenge = await challengeOf(db, request.cookies[LOGIN_CHALLENGE_COOKIE], 'enrol');
      const account = await accountOf(challenge);
      let recoveryCodes: string[];
      try {
        recoveryCodes = await confirmEnrolment(db, challenge, request.body.code);
      } catch (error) {
        await audit(request, account, 'denied', 'art. 15.2d: second factor enrolment');
        throw error;
      }
      await clearLoginFailures(db, { username: account.user.username, address: request.ip });
      await openSession(app, request, reply, { userId: account.user.id, actor: account.actor });
      await audit(request, account, 'allowed', 'art. 15.2d: second factor enrolled');
      return { me: await meFor(account.actor), recoveryCodes };
    },
  );
};

export default secondFactorRoutes;
