import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ErrorCode,
  ErrorResponse,
  PasskeyOptions,
  StepUpBody,
  StepUpResponse,
  StepUpStatus,
} from '../../shared/index';
import { AppError } from '../errors';
import { contextOf } from '../plugins/session';
import { appendAudit } from '../services/audit';
import { tokenHash } from '../services/sessions';
import { oidcSessionOf } from '../services/oidc-step-up';
import { stepUp, stepUpPasskeyOptions, stepUpValidUntil } from '../services/step-up';
import { relyingPartyOf } from './relying-party';

const PURPOSE = 'opnieuw bevestigen voor een gevoelige handeling (convenant art. 15.2d; BIO)';

/** The step-up: the user confirms who they are again, opening the most sensitive actions for a few minutes. */
const stepUpRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/session/step-up',
    {
      schema: {
        tags: ['session'],
        summary: 'Until when this session may take the most sensitive actions without confirming again',
        response: { 200: StepUpStatus, 401: ErrorResponse },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      const token = request.sessionToken;
      if (!token) throw new AppError(401, ErrorCode.NotAuthenticated, 'Log in first');
      const sessionId = tokenHash(token);
      const until = await stepUpValidUntil(app.db, sessionId, ctx.actor.covenantId);
      const via = (await oidcSessionOf(app.db, sessionId)) ? 'identity-provider' : 'password';
      return { validUntil: until?.toISOString() ?? null, via } as const;
    },
  );

  app.post(
    '/api/session/step-up/passkey',
    {
      schema: {
        tags: ['session'],
        summary: 'The challenge for confirming with a passkey instead of a code',
        response: { 200: PasskeyOptions, 400: ErrorResponse, 401: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      const token = request.sessionToken;
      if (!token) throw new AppError(401, ErrorCode.NotAuthenticated, 'Log in first');
      return stepUpPasskeyOptions(
        app.db,
        { userId: ctx.actor.userId, sessionId: tokenHash(token) },
        relyingPartyOf(app, request),
      );
    },
  );

  app.post(
    '/api/session/step-up',
    {
      schema: {
        tags: ['session'],
        summary: 'Confirm the password (and second factor) again before a sensitive action',
        body: StepUpBody,
        response: {
          200: StepUpResponse,
          400: ErrorResponse,
          401: ErrorResponse,
          403: ErrorResponse,
          429: ErrorResponse,
        },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      const token = request.sessionToken;
      if (!token) throw new AppError(401, ErrorCode.NotAuthenticated, 'Log in first');
      const audit = (result: 'allowed' | 'denied') =>
        appendAudit(app.db, [
          {
            actor: ctx.actor,
            origin: ctx.origin,
            action: 'login',
            objectType: 'session',
            objectId: `user:${ctx.actor.userId}`,
            result,
            rule: 'art. 15.2d: step-up',
            purpose: PURPOSE,
          },
        ]);
      let validUntil: Date;
      try {
        validUntil = await stepUp(app.db, {
          userId: ctx.actor.userId,
          sessionId: tokenHash(token),
          covenantId: ctx.actor.covenantId,
          password: request.body.password,
          code: request.body.code,
          ...(request.body.passkey
            ? {
                passkey: {
                  response: request.body.passkey,
                  rp: relyingPartyOf(app, request),
                },
              }
            : {}),
          address: request.ip,
        });
      } catch (error) {
        if (error instanceof AppError) await audit('denied');
        throw error;
      }
      await audit('allowed');
      return { validUntil: validUntil.toISOString() };
    },
  );
};

export default stepUpRoutes;
