import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorResponse, IdParams } from '../../shared/index';
import { recentlyAuthenticated } from '../plugins/session';
import { resetUserSecondFactor } from '../services/second-factor-reset';

const secondFactorResetRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/authorisations/:id/second-factor/reset',
    {
      schema: {
        tags: ['authorisations'],
        summary:
          'Reset the second factor of an authorisation holder: sessions end, the next login enrols anew',
        params: IdParams,
        response: { 204: Type.Null(), 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      const ended = await resetUserSecondFactor(
        app.db,
        await recentlyAuthenticated(request, {
          action: 'update',
          objectType: 'membership',
          objectId: request.params.id,
        }),
        request.params.id,
      );
      // The user is out everywhere at once, live connections included (art. 15.2d).
      for (const sessionId of ended)
        await app.events.publish({ type: 'session.ended', sessionId, reason: 'second-factor-reset' });
      return reply.status(204).send(null);
    },
  );
};

export default secondFactorResetRoutes;
