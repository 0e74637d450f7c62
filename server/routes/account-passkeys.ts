import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { Type } from '@sinclair/typebox';
import { eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { users } from '../../db/schema/index';
import {
  ErrorCode,
  ErrorResponse,
  OwnPasskeyList,
  PasskeyOptions,
  PasskeyRegistrationBody,
} from '../../shared/index';
import { AppError } from '../errors';
import { contextOf, recentlyAuthenticated } from '../plugins/session';
import { appendAudit } from '../services/audit';
import { addPasskey, addPasskeyOptions, listPasskeys, removePasskey } from '../services/passkeys';
import { tokenHash } from '../services/sessions';
import { relyingPartyOf } from './relying-party';

const PURPOSE = 'eigen tweede factor beheren (convenant art. 15.2d: logische toegangscontrole; BIO)';
const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
};

/**
 * The account's own passkeys under "Account en beveiliging": see them, add one (a second key, or moving from the
 * authenticator app to a passkey), remove a lost one, but never the last second factor. Changing a factor is a
 * sensitive action: it needs a recent login (step-up), so a session left open cannot plant its own key.
 */
const accountPasskeyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;

  const sessionOf = (request: FastifyRequest) => {
    if (!request.sessionToken) throw new AppError(401, ErrorCode.NotAuthenticated, 'Log in first');
    return { userId: contextOf(request).actor.userId, sessionId: tokenHash(request.sessionToken) };
  };
  const attempt = (request: FastifyRequest) => ({
    action: 'update' as const,
    objectType: 'membership' as const,
    objectId: contextOf(request).actor.membershipId,
  });
  const audit = async (request: FastifyRequest, rule: string) => {
    const ctx = contextOf(request);
    await appendAudit(db, [
      {
        actor: ctx.actor,
        origin: ctx.origin,
        ...attempt(request),
        result: 'allowed',
        rule,
        purpose: PURPOSE,
      },
    ]);
  };

  app.get(
    '/api/account/passkeys',
    {
      schema: {
        tags: ['session'],
        summary: 'The passkeys of the logged-in account',
        response: { 200: OwnPasskeyList, 401: ErrorResponse },
      },
    },
    async (request) => {
      const rows = await listPasskeys(db, sessionOf(request).userId);
      return {
        passkeys: rows.map((k) => ({
          id: k.id,
          rpId: k.rpId,
          createdAt: k.createdAt.toISOString(),
          lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
        })),
      };
    },
  );

  app.post(
    '/api/account/passkeys/options',
    {
      schema: {
        tags: ['session'],
        summary: 'The options to make another passkey for the logged-in account (needs a recent login)',
        response: { 200: PasskeyOptions, ...errors },
      },
    },
    async (request) => {
      await recentlyAuthenticated(request, attempt(request));
      const session = sessionOf(request);
      const [user] = await db.select().from(users).where(eq(users.id, session.userId));
      if (!user) throw new AppError(401, ErrorCode.NotAuthenticated, 'Log in first');
      return addPasskeyOptions(db, session, user, relyingPartyOf(app, request));
    },
  );

  app.post(
    '/api/account/passkeys',
    {
      schema: {
        tags: ['session'],
        summary: 'Adds the passkey the authenticator made (needs a recent login)',
        body: PasskeyRegistrationBody,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await recentlyAuthenticated(request, attempt(request));
      await addPasskey(
        db,
        sessionOf(request),
        request.body.credential as RegistrationResponseJSON,
        relyingPartyOf(app, request),
      );
      await audit(request, 'art. 15.2d: passkey added');
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/account/passkeys/:id',
    {
      schema: {
        tags: ['session'],
        summary: 'Removes a passkey of the account, never the last second factor (needs a recent login)',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 1024 }) }),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await recentlyAuthenticated(request, attempt(request));
      await removePasskey(db, sessionOf(request).userId, request.params.id);
      await audit(request, 'art. 15.2d: passkey removed');
      return reply.status(204).send(null);
    },
  );
};

export default accountPasskeyRoutes;
