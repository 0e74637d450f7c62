import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AgendaItemParams, IdParams, MeetingDetail, WithdrawalBody, withErrors } from '../../shared/index';
import { contextOf } from '../plugins/session';
import { meetingDetail } from '../services/meetings';
import { cancelMeeting, purgeRemovedDocuments, removeAgendaItem } from '../services/meeting-withdrawals';

/** The executor calls off a meeting or takes an item off its agenda, with a reason (art. 5); audited. */
const meetingWithdrawalRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;

  app.post(
    '/api/meetings/:id/cancel',
    {
      schema: {
        tags: ['meetings'],
        summary: 'Call off a meeting that has not begun (executor or chair), with a reason',
        params: IdParams,
        body: WithdrawalBody,
        response: withErrors({ 200: MeetingDetail }),
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      await cancelMeeting(db, ctx, request.params.id, request.body.reason);
      await app.events.publish({ type: 'meeting.cancelled', meetingId: request.params.id });
      return meetingDetail(db, ctx, request.params.id);
    },
  );

  app.post(
    '/api/meetings/:id/agenda-items/:itemId/remove',
    {
      schema: {
        tags: ['meetings'],
        summary: 'Take an item off the agenda before it is discussed (executor or chair), with a reason',
        params: AgendaItemParams,
        body: WithdrawalBody,
        response: withErrors({ 200: MeetingDetail }),
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      const { id, itemId } = request.params;
      const { documents } = await removeAgendaItem(db, ctx, id, itemId, request.body.reason);
      await app.events.publish({ type: 'agenda-item.removed', meetingId: id, documents });
      await app.live.store.drain();
      await purgeRemovedDocuments(db, documents);
      return meetingDetail(db, ctx, id);
    },
  );
};

export default meetingWithdrawalRoutes;
