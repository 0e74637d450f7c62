import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ErrorResponse,
  IdParams,
  PartyNoticeCount,
  PartyNoticeList,
  PartyNoticeQuery,
  PartyNoticeView,
  withErrors,
} from '../../shared/index';
import { contextOf } from '../plugins/session';
import { acknowledgePartyNotice, countUnacknowledged, listPartyNotices } from '../services/party-notices';

/** Notices to the parties of a correction carried out (art. 12.6). */
const partyNoticeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/notices',
    {
      schema: {
        tags: ['lifecycle'],
        summary:
          "The notices to the reader's party; `scope=sent`: every notice and who acknowledged (executor)",
        querystring: PartyNoticeQuery,
        response: withErrors({ 200: PartyNoticeList }),
      },
    },
    async (request) => listPartyNotices(app.db, contextOf(request), request.query),
  );

  app.get(
    '/api/notices/count',
    {
      schema: {
        tags: ['lifecycle'],
        summary:
          "How many notices to the reader's party nobody of it has acknowledged yet (the header's badge)",
        response: withErrors({ 200: PartyNoticeCount }),
      },
    },
    async (request) => countUnacknowledged(app.db, contextOf(request)),
  );

  app.post(
    '/api/notices/:id/acknowledge',
    {
      schema: {
        tags: ['lifecycle'],
        summary: 'Acknowledge a notice for the own party',
        params: IdParams,
        response: withErrors({ 200: PartyNoticeView, 409: ErrorResponse }),
      },
    },
    async (request) => acknowledgePartyNotice(app.db, contextOf(request), request.params.id),
  );
};

export default partyNoticeRoutes;
