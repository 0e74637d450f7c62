import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { RetentionOverview, withErrors } from '../../shared/index';
import { contextOf } from '../plugins/session';
import { retentionOverview } from '../services/retention';

/** Retention (art. 13): what will happen next to each file, and when. */
const retentionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/retention',
    {
      schema: {
        tags: ['lifecycle'],
        summary: 'What retention will do next to each file, and when, with the covenant periods (executor)',
        response: withErrors({ 200: RetentionOverview }),
      },
    },
    async (request) => retentionOverview(app.db, contextOf(request)),
  );
};

export default retentionRoutes;
