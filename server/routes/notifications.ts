import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  DeferNotificationBody,
  ErrorResponse,
  IdParams,
  InformedBody,
  NotificationList,
  NotificationView,
  withErrors,
} from '../../shared/index';
import { contextOf } from '../plugins/session';
import { deferNotification, listNotifications, recordInformed } from '../services/notifications';

/** The notification register (art. 11). */
const notificationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;

  app.get(
    '/api/notifications',
    {
      schema: {
        tags: ['lifecycle'],
        summary: 'The notification register: what is due, overdue, deferred or done (core parties, executor)',
        response: withErrors({ 200: NotificationList }),
      },
    },
    async (request) => ({ notifications: await listNotifications(db, contextOf(request)) }),
  );

  app.post(
    '/api/notifications/:id/deferral',
    {
      schema: {
        tags: ['lifecycle'],
        summary: 'Defer informing the subject on a ground of art. 43 Wbp until a review date (core party)',
        params: IdParams,
        body: DeferNotificationBody,
        response: withErrors({ 200: NotificationView, 409: ErrorResponse }),
      },
    },
    async (request) => deferNotification(db, contextOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/notifications/:id/informed',
    {
      schema: {
        tags: ['lifecycle'],
        summary: 'Record that and how the subject was informed (executor)',
        params: IdParams,
        body: InformedBody,
        response: withErrors({ 200: NotificationView, 409: ErrorResponse }),
      },
    },
    async (request) => recordInformed(db, contextOf(request), request.params.id, request.body),
  );
};

export default notificationRoutes;
