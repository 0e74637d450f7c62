import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  ErrorResponse,
  OverduePostponements,
  RestoreFileBody,
  RetentionOverview,
  withErrors,
} from '../../shared/index';
import { contextOf, recentlyAuthenticated } from '../plugins/session';
import { overduePostponements, restoreFromArchive, retentionOverview } from '../services/retention';

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

  app.get(
    '/api/retention/postponements',
    {
      schema: {
        tags: ['lifecycle'],
        summary: 'Retention steps waiting for a meeting longer than the covenant allows (executor, officer)',
        response: withErrors({ 200: OverduePostponements }),
      },
    },
    async (request) => overduePostponements(app.db, contextOf(request)),
  );

  app.post(
    '/api/retention/restore',
    {
      schema: {
        tags: ['lifecycle'],
        summary: "Make an archived file available again on the controller's order (art. 13.4)",
        body: RestoreFileBody,
        response: withErrors({ 200: Type.Object({ restoredAt: Type.String() }), 409: ErrorResponse }),
      },
    },
    async (request) =>
      restoreFromArchive(
        app.db,
        await recentlyAuthenticated(request, {
          action: 'update',
          objectType: request.body.kind === 'weighing' ? 'weighing_file' : 'case_file',
          objectId: request.body.fileId,
        }),
        request.body,
      ),
  );
};

export default retentionRoutes;
