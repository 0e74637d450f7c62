import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AddAgendaItemBody,
  CarriedOutCorrectionView,
  CarryOutCorrectionBody,
  CorrectionRequestBody,
  CorrectionRequestList,
  CorrectionRequestParams,
  CorrectionRequestView,
  MinutesAcknowledgementView,
  MinutesAcknowledgementsView,
  MinutesToReadList,
  OwnAcknowledgementView,
  RefuseCorrectionBody,
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
import {
  acknowledgeMinutes,
  acknowledgements,
  carryOutCorrection,
  listCorrectionRequests,
  refuseCorrection,
  requestCorrection,
} from '../services/minutes-reading';
import { minutesToRead, ownAcknowledgement } from '../services/minutes-to-read';

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
    '/api/meetings/:id/record/acknowledgement',
    {
      schema: {
        tags: ['meetings'],
        summary: 'Mark the frozen minutes as read ("gezien"); only for who attended, again is harmless',
        params: IdParams,
        response: withErrors({ 200: MinutesAcknowledgementView }),
      },
    },
    async (request) => acknowledgeMinutes(db, contextOf(request), request.params.id),
  );

  app.get(
    '/api/meetings/:id/record/acknowledgement',
    {
      schema: {
        tags: ['meetings'],
        summary: 'Whether I attended the meeting and when I marked its minutes as read',
        params: IdParams,
        response: withErrors({ 200: OwnAcknowledgementView }),
      },
    },
    async (request) => ownAcknowledgement(db, contextOf(request), request.params.id),
  );

  app.get(
    '/api/minutes-to-read',
    {
      schema: {
        tags: ['meetings'],
        summary: 'Verslag beschikbaar: frozen meetings I attended and have not yet marked as read (art. 7.4)',
        response: withErrors({ 200: MinutesToReadList }),
      },
    },
    async (request) => minutesToRead(db, contextOf(request)),
  );

  app.get(
    '/api/meetings/:id/record/acknowledgements',
    {
      schema: {
        tags: ['meetings'],
        summary: 'Who attended and has or has not read the minutes (chair and executor)',
        params: IdParams,
        response: withErrors({ 200: MinutesAcknowledgementsView }),
      },
    },
    async (request) => acknowledgements(db, contextOf(request), request.params.id),
  );

  app.post(
    '/api/meetings/:id/record/correction-requests',
    {
      schema: {
        tags: ['meetings'],
        summary: 'Ask the executor to correct a field of the minutes I can read, saying why (art. 12)',
        params: IdParams,
        body: CorrectionRequestBody,
        response: withErrors({ 201: CorrectionRequestView, 409: ErrorResponse }),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await requestCorrection(db, contextOf(request), request.params.id, request.body)),
  );

  app.get(
    '/api/meetings/:id/record/correction-requests',
    {
      schema: {
        tags: ['meetings'],
        summary: 'Correction requests on the minutes: my own, or all of the meeting for the executor',
        params: IdParams,
        response: withErrors({ 200: CorrectionRequestList }),
      },
    },
    async (request) => listCorrectionRequests(db, contextOf(request), request.params.id),
  );

  app.post(
    '/api/meetings/:id/record/correction-requests/:rid/refuse',
    {
      schema: {
        tags: ['meetings'],
        summary: 'Refuse a correction request, with reasons (executor, art. 12)',
        params: CorrectionRequestParams,
        body: RefuseCorrectionBody,
        response: withErrors({ 200: CorrectionRequestView, 409: ErrorResponse }),
      },
    },
    async (request) =>
      refuseCorrection(db, contextOf(request), request.params.id, request.params.rid, request.body.reason),
  );

  app.post(
    '/api/meetings/:id/record/correction-requests/:rid/rectification',
    {
      schema: {
        tags: ['meetings'],
        summary:
          'Carry out a correction request: a rectification of the minutes linked to it (executor, art. 12)',
        params: CorrectionRequestParams,
        body: CarryOutCorrectionBody,
        response: withErrors({ 201: CarriedOutCorrectionView, 409: ErrorResponse, 422: ErrorResponse }),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await carryOutCorrection(
            db,
            contextOf(request),
            request.params.id,
            request.params.rid,
            request.body.correction,
          ),
        ),
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
