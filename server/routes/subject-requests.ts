import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  CarriedOutBody,
  DecideRequestBody,
  ErrorResponse,
  IdParams,
  RegisterRequestBody,
  SubjectOverview,
  SubjectRequestList,
  SubjectRequestView,
  VerifyIdentityBody,
  canHandleSubjectRequests,
  withErrors,
} from '../../shared/index';
import { contextOf } from '../plugins/session';
import { enforce } from '../services/authorize';
import { renderOverviewPdf } from '../services/overview-pdf';
import { subjectOverview } from '../services/subject-overview';
import {
  REQUEST_PURPOSE,
  decideRequest,
  listRequests,
  recordCarriedOut,
  registerRequest,
  verifyIdentity,
} from '../services/subject-requests';

/** Requests of subjects (art. 12): register, identity, decision, and the overview for an access request. */
const subjectRequestRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;

  app.get(
    '/api/subject-requests',
    {
      schema: {
        tags: ['lifecycle'],
        summary: 'Requests of subjects with their 4-week deadline, the most urgent first (executor)',
        response: withErrors({ 200: SubjectRequestList }),
      },
    },
    async (request) => ({ requests: await listRequests(db, contextOf(request)) }),
  );

  app.post(
    '/api/subject-requests',
    {
      schema: {
        tags: ['lifecycle'],
        summary: 'Register a request for access, correction, deletion or objection (executor, art. 12.1)',
        body: RegisterRequestBody,
        response: withErrors({ 201: SubjectRequestView }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await registerRequest(db, contextOf(request), request.body)),
  );

  app.post(
    '/api/subject-requests/:id/identity',
    {
      schema: {
        tags: ['lifecycle'],
        summary: "Record that the requester's identity was established (art. 12.3)",
        params: IdParams,
        body: VerifyIdentityBody,
        response: withErrors({ 200: SubjectRequestView }),
      },
    },
    async (request) => verifyIdentity(db, contextOf(request), request.params.id, request.body.verifiedOn),
  );

  app.post(
    '/api/subject-requests/:id/decision',
    {
      schema: {
        tags: ['lifecycle'],
        summary: 'Decide: granted, partly granted, or refused with a ground of art. 43 Wbp and reasons',
        params: IdParams,
        body: DecideRequestBody,
        response: withErrors({ 200: SubjectRequestView, 409: ErrorResponse }),
      },
    },
    async (request) => decideRequest(db, contextOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/subject-requests/:id/carried-out',
    {
      schema: {
        tags: ['lifecycle'],
        summary:
          'Record that a granted correction, deletion or objection was carried out and the parties told',
        params: IdParams,
        body: CarriedOutBody,
        response: withErrors({ 200: SubjectRequestView, 409: ErrorResponse }),
      },
    },
    async (request) => recordCarriedOut(db, contextOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/subject-requests/:id/overview',
    {
      schema: {
        tags: ['lifecycle'],
        summary: 'The overview for an access request: data, purposes, recipients, origin (art. 12.3)',
        params: IdParams,
        response: withErrors({ 200: SubjectOverview, 409: ErrorResponse }),
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      await enforce(db, ctx, canHandleSubjectRequests(ctx.actor), {
        action: 'read',
        objectType: 'subject_request',
        objectId: request.params.id,
        purpose: REQUEST_PURPOSE,
      });
      return subjectOverview(db, ctx, request.params.id);
    },
  );

  app.get(
    '/api/subject-requests/:id/overview/pdf',
    {
      schema: {
        tags: ['lifecycle'],
        summary: 'The overview for an access request as a PDF, to send to the subject',
        params: IdParams,
        produces: ['application/pdf', 'application/json'],
        response: withErrors({
          200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'The overview (PDF)' }),
          409: ErrorResponse,
        }),
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      await enforce(db, ctx, canHandleSubjectRequests(ctx.actor), {
        action: 'read',
        objectType: 'subject_request',
        objectId: request.params.id,
        purpose: REQUEST_PURPOSE,
      });
      const overview = await subjectOverview(db, ctx, request.params.id);
      const { actor } = ctx;
      const pdf = await renderOverviewPdf(
        overview,
        { name: actor.displayName, organisation: actor.organisationName, capacity: actor.capacity },
        new Date(),
      );
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="inzage-${overview.subjectReference}.pdf"`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );
};

export default subjectRequestRoutes;
