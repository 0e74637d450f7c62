import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  AccessLogQuery,
  AccessLogView,
  AccessReviewList,
  AccessReviewView,
  ErrorResponse,
  IdParams,
  IncidentList,
  IncidentView,
  RecordReviewBody,
  RegisterIncidentBody,
  UpdateIncidentBody,
  withErrors,
} from '../../shared/index';
import { contextOf, recentlyAuthenticated } from '../plugins/session';
import {
  accessLog,
  accessLogCsv,
  listIncidents,
  listReviews,
  recordReview,
  registerIncident,
  updateIncident,
} from '../services/oversight';

/** The controller's oversight (art. 15.2e, 15.2g): access-log review, periodic reviews, incident register. */
const oversightRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;

  app.get(
    '/api/access-log',
    {
      schema: {
        tags: ['oversight'],
        summary: 'Who accessed which subject, when, in which capacity; unusual entries flagged (officer)',
        querystring: AccessLogQuery,
        produces: ['application/json', 'text/csv'],
        // CSV is sent as text (format=csv); the schema documents the JSON.
        response: withErrors({ 200: Type.Union([AccessLogView, Type.String()]) }),
      },
    },
    async (request, reply) => {
      const csv = request.query.format === 'csv';
      // Exporting the access log takes it out of the application: it needs a recent login.
      const view = await accessLog(
        db,
        csv
          ? await recentlyAuthenticated(request, { action: 'read', objectType: 'audit_log' })
          : contextOf(request),
        request.query,
      );
      if (!csv) return view;
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="toegangslog-${request.query.from ?? 'laatste-30-dagen'}-${request.query.to ?? 'vandaag'}.csv"`,
        )
        .header('cache-control', 'no-store')
        .send(`\ufeff${accessLogCsv(view)}`);
    },
  );

  app.get(
    '/api/access-reviews',
    {
      schema: {
        tags: ['oversight'],
        summary: 'The periodic reviews of the access log',
        response: withErrors({ 200: AccessReviewList }),
      },
    },
    async (request) => ({ reviews: await listReviews(db, contextOf(request)) }),
  );

  app.post(
    '/api/access-reviews',
    {
      schema: {
        tags: ['oversight'],
        summary: 'Record a periodic review: period, findings (art. 15.2e)',
        body: RecordReviewBody,
        response: withErrors({ 201: AccessReviewView }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await recordReview(db, contextOf(request), request.body)),
  );

  app.get(
    '/api/incidents',
    {
      schema: {
        tags: ['oversight'],
        summary: 'The incident register, with the 72-hour notification deadline (art. 15.2g)',
        response: withErrors({ 200: IncidentList }),
      },
    },
    async (request) => ({ incidents: await listIncidents(db, contextOf(request)) }),
  );

  app.post(
    '/api/incidents',
    {
      schema: {
        tags: ['oversight'],
        summary: 'Register a security incident or data breach',
        body: RegisterIncidentBody,
        response: withErrors({ 201: IncidentView }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await registerIncident(db, contextOf(request), request.body)),
  );

  app.patch(
    '/api/incidents/:id',
    {
      schema: {
        tags: ['oversight'],
        summary: 'Assess, record the notification to the authority, add actions, or close',
        params: IdParams,
        body: UpdateIncidentBody,
        response: withErrors({ 200: IncidentView, 409: ErrorResponse }),
      },
    },
    async (request) => updateIncident(db, contextOf(request), request.params.id, request.body),
  );
};

export default oversightRoutes;
