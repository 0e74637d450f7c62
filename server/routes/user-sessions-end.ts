import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EndedSessionsResponse, ErrorResponse, IdParams } from '../../shared/index';
import { recentlyAuthenticated } from '../plugins/session';
import { endUserSessions } from '../services/user-sessions-end';

const userSessionsEndRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/authorisations/:id/sessions/end',
    {
      schema: {
        tags: ['authorisations'],
        summary: 'End every session of an authorisation holder: the next use needs a new login',
        params: IdParams,
        response: { 200: EndedSessionsResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => {
      const ended = await endUserSessions(
        app.db,
        await recentlyAuthenticated(request, {
          action: 'update',
          objectType: 'session',
          objectId: request.params.id,
        }),
        request.params.id,
      );
      // The user is out everywhere at once, live connections included (art. 15.2d).
      for (const sessionId of ended)
        await app.events.publish({ type: 'session.ended', sessionId, reason: 'ended-by-administrator' });
      return { endedSessions: ended.length };
    },
  );
};

export default userSessionsEndRoutes;
