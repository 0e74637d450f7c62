import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import {
  EnrolmentResponse,
  ErrorResponse,
  PasskeyAssertionBody,
  PasskeyOptions,
  PasskeyRegistrationBody,
  SessionResponse,
} from '../../shared/index';
import {
  confirmPasskeyEnrolment,
  loginAuthenticationOptions,
  passkeyNotVerified,
  registrationOptions,
  verifyLoginPasskey,
} from '../services/passkeys';
import {
  LOGIN_CHALLENGE_COOKIE,
  challengeOf,
  countWrongAttempt,
  endChallenge,
} from '../services/second-factor';
import { accountOf, checkedStep, completeLogin } from './login-steps';
import { relyingPartyOf } from './relying-party';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 409: ErrorResponse };

/**
 * The second step of a login with a passkey (WebAuthn), the main second factor (BIO; art. 15.2d): made at the first
 * login, used at every later one. Each ceremony is two calls: the server's challenge, then the authenticator's
 * answer to it. A wrong answer counts like a wrong code.
 */
const passkeyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;
  const challengeFor = (cookies: Record<string, string | undefined>, step: 'second-factor' | 'enrol') =>
    challengeOf(db, cookies[LOGIN_CHALLENGE_COOKIE], step);

  app.post(
    '/api/session/enrolment/passkey/options',
    {
      config: { public: true },
      schema: {
        tags: ['session'],
        summary: 'First login of an account: the options to make a passkey for this server',
        response: { 200: PasskeyOptions, ...errors },
      },
    },
    async (request) => {
      const challenge = await challengeFor(request.cookies, 'enrol');
      const { user } = await accountOf(app, challenge);
      return registrationOptions(db, challenge, user, relyingPartyOf(app, request));
    },
  );

  app.post(
    '/api/session/enrolment/passkey',
    {
      config: { public: true },
      schema: {
        tags: ['session'],
        summary: 'Completes enrolment with the new passkey; answers the recovery codes, once',
        body: PasskeyRegistrationBody,
        response: { 200: EnrolmentResponse, ...errors },
      },
    },
    async (request, reply) => {
      const challenge = await challengeFor(request.cookies, 'enrol');
      const account = await accountOf(app, challenge);
      const rule = 'art. 15.2d: passkey enrolment';
      const recoveryCodes = await checkedStep(app, request, account, rule, async () => {
        const codes = await confirmPasskeyEnrolment(
          db,
          challenge,
          request.body.credential as RegistrationResponseJSON,
          relyingPartyOf(app, request),
        );
        if (codes) return codes;
        await countWrongAttempt(db, challenge);
        throw passkeyNotVerified();
      });
      const me = await completeLogin(app, request, reply, account, 'art. 15.2d: passkey enrolled');
      return { me, recoveryCodes };
    },
  );

  app.post(
    '/api/session/passkey/options',
    {
      config: { public: true },
      schema: {
        tags: ['session'],
        summary: 'Second step of a login: the challenge for a passkey of the account',
        response: { 200: PasskeyOptions, ...errors },
      },
    },
    async (request) => {
      const challenge = await challengeFor(request.cookies, 'second-factor');
      return loginAuthenticationOptions(db, challenge, relyingPartyOf(app, request));
    },
  );

  app.post(
    '/api/session/passkey',
    {
      config: { public: true },
      schema: {
        tags: ['session'],
        summary: 'Second step of a login: the answer of the passkey to the challenge',
        body: PasskeyAssertionBody,
        response: { 200: SessionResponse, ...errors },
      },
    },
    async (request, reply) => {
      const challenge = await challengeFor(request.cookies, 'second-factor');
      const account = await accountOf(app, challenge);
      await checkedStep(app, request, account, 'art. 15.2d: passkey', async () => {
        const ok = await verifyLoginPasskey(
          db,
          challenge,
          request.body.credential,
          relyingPartyOf(app, request),
        );
        if (!ok) {
          await countWrongAttempt(db, challenge);
          throw passkeyNotVerified();
        }
        await endChallenge(db, challenge);
      });
      return { me: await completeLogin(app, request, reply, account, 'art. 15.2d: passkey') };
    },
  );
};

export default passkeyRoutes;
