import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorCode, ErrorResponse, IdParams, OwnSessionsResponse } from '../../shared/index';
import { AppError } from '../errors';
import { contextOf } from '../plugins/session';
import { endOwnSession, listOwnSessions } from '../services/own-sessions';
import { tokenHash } from '../services/sessions';

/** A user's own sessions: where the account is logged in, and ending one left open elsewhere (art. 15.2d). */
const ownSessionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const currentSessionId = (token: string | null | undefined) => {
    if (!token) throw new AppError(401, ErrorCode.NotAuthenticated, 'Log in first');
    return tokenHash(token);
  };

  app.get(
    '/api/sessions',
    {
      schema: {
        tags: ['session'],
        summary: 'The live sessions of the logged-in user, the current one marked',
        response: { 200: OwnSessionsResponse, 401: ErrorResponse },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      const sessions = await listOwnSessions(
        app.db,
        { userId: ctx.actor.userId, currentSessionId: currentSessionId(request.sessionToken) },
        { idleMinutes: app.config.sessionIdleMinutes, maxHours: app.config.sessionMaxHours },
      );
      return { sessions };
    },
  );

  app.delete(
    '/api/sessions/:id',
    {
      schema: {
        tags: ['session'],
        summary: 'End another session of the logged-in user (the current one ends by logging out)',
        params: IdParams,
        response: { 204: Type.Null(), 401: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request, reply) => {
      const ended = await endOwnSession(app.db, contextOf(request), {
        publicId: request.params.id,
        currentSessionId: currentSessionId(request.sessionToken),
      });
      // Its live connections end with it: no more edits reach them, none from them is stored.
      await app.events.publish({ type: 'session.ended', sessionId: ended, reason: 'ended-by-owner' });
      return reply.status(204).send(null);
    },
  );
};

export default ownSessionsRoutes;
