import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AddAgendaItemBody,
  ErrorResponse,
  IdParams,
  MeetingDetail,
  MeetingList,
  MeetingPolicyView,
  MeetingRecordView,
  MinutesQuery,
  RectificationView,
  RectifyBody,
  ScheduleMeetingBody,
  withErrors,
} from '../../shared/index';
import { contextOf, recentlyAuthenticated } from '../plugins/session';
import { addAgendaItem, listMeetings, meetingDetail, scheduleMeeting } from '../services/meetings';
import { meetingPolicy } from '../services/masking';
import { readMinutes } from '../services/minutes';
import { rectifyRecord } from '../services/rectifications';

const meetingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;

  app.get(
    '/api/meetings',
    { schema: { tags: ['meetings'], summary: 'My meetings', response: withErrors({ 200: MeetingList }) } },
    async (request) => ({ meetings: await listMeetings(db, contextOf(request)) }),
  );

  app.post(
    '/api/meetings',
    {
      schema: {
        tags: ['meetings'],
        summary: 'Schedule a weegploeg or casusoverleg (executor or chair, art. 5)',
        body: ScheduleMeetingBody,
        response: withErrors({ 201: MeetingDetail }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await scheduleMeeting(db, contextOf(request), request.body)),
  );

  app.get(
    '/api/meetings/:id',
    {
      schema: {
        tags: ['meetings'],
        summary: 'A meeting with agenda and participants',
        params: IdParams,
        response: withErrors({ 200: MeetingDetail }),
      },
    },
    async (request) => meetingDetail(db, contextOf(request), request.params.id),
  );

  app.get(
    '/api/meetings/:id/policy',
    {
      schema: {
        tags: ['meetings'],
        summary: "The effective masking policy of a meeting: mine, and for organisers every participant's",
        params: IdParams,
        response: withErrors({ 200: MeetingPolicyView }),
      },
    },
    async (request) => meetingPolicy(db, contextOf(request), request.params.id),
  );

  app.get(
    '/api/meetings/:id/record',
    {
      schema: {
        tags: ['meetings'],
        summary: 'The frozen minutes of a meeting, through my masking policy, with their integrity',
        params: IdParams,
        querystring: MinutesQuery,
        response: withErrors({ 200: MeetingRecordView }),
      },
    },
    async (request) => {
      const includeOriginals = request.query.include === 'original';
      // The original text behind a correction is among the most sensitive reads: it needs a recent login.
      const ctx = includeOriginals
        ? await recentlyAuthenticated(request, {
            action: 'read',
            objectType: 'meeting_record',
            objectId: request.params.id,
          })
        : contextOf(request);
      return readMinutes(db, ctx, request.params.id, { includeOriginals });
    },
  );

  app.post(
    '/api/meetings/:id/record/rectifications',
    {
      schema: {
        tags: ['meetings'],
        summary: 'Correct a text field of the frozen minutes (art. 12): a new record linked to the original',
        params: IdParams,
        body: RectifyBody,
        response: withErrors({ 201: RectificationView, 409: ErrorResponse, 422: ErrorResponse }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await rectifyRecord(db, contextOf(request), request.params.id, request.body)),
  );

  app.post(
    '/api/meetings/:id/agenda-items',
    {
      schema: {
        tags: ['meetings'],
        summary: 'Put a subject on the agenda (executor or chair, art. 5)',
        params: IdParams,
        body: AddAgendaItemBody,
        response: withErrors({ 201: MeetingDetail, 409: ErrorResponse, 422: ErrorResponse }),
      },
    },
    async (request, reply) => {
      const detail = await addAgendaItem(db, contextOf(request), request.params.id, request.body);
      // A meeting under way shows the new item at once.
      await app.events.publish({ type: 'agenda.changed', meetingId: request.params.id });
      return reply.status(201).send(detail);
    },
  );
};

export default meetingRoutes;
