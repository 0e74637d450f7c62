import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  EnrolmentOffer,
  EnrolmentResponse,
  ErrorResponse,
  SecondFactorBody,
  SessionResponse,
} from '../../shared/index';
import {
  LOGIN_CHALLENGE_COOKIE,
  challengeOf,
  confirmEnrolment,
  offerEnrolment,
  verifySecondFactor,
} from '../services/second-factor';
import { accountOf, checkedStep, completeLogin } from './login-steps';

/**
 * The second step of a login (after the password, routes/session.ts) with the authenticator app: its code or a
 * recovery code, or, at the first login of an account, enrolling the app (the fallback to a passkey,
 * routes/passkeys.ts). Only this step opens the session.
 */
const secondFactorRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;

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
      const account = await accountOf(app, challenge);
      const how = await checkedStep(app, request, account, 'art. 15.2d: second factor', () =>
        verifySecondFactor(db, challenge, request.body.code),
      );
      const rule = how === 'totp' ? 'art. 15.2d: second factor' : 'art. 15.2d: recovery code';
      return { me: await completeLogin(app, request, reply, account, rule) };
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
      const { user } = await accountOf(app, challenge);
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
      const account = await accountOf(app, challenge);
      const recoveryCodes = await checkedStep(
        app,
        request,
        account,
        'art. 15.2d: second factor enrolment',
        () => confirmEnrolment(db, challenge, request.body.code),
      );
      const me = await completeLogin(app, request, reply, account, 'art. 15.2d: second factor enrolled');
      return { me, recoveryCodes };
    },
  );
};

export default secondFactorRoutes;
