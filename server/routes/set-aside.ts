import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SetAsideUpdates, withErrors } from '../../shared/index';
import { contextOf } from '../plugins/session';
import { setAsideUpdates } from '../services/set-aside';

/** Live updates that could not be applied on load and were kept aside (art. 15.1), for the executor. */
const setAsideRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/live/set-aside',
    {
      schema: {
        tags: ['live'],
        summary: 'Stored live updates that could not be applied and were set aside (executor)',
        response: withErrors({ 200: SetAsideUpdates }),
      },
    },
    async (request) => setAsideUpdates(app.db, contextOf(request)),
  );
};

export default setAsideRoutes;
