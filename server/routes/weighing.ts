import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ErrorResponse,
  IdParams,
  RecordDecisionBody,
  RecordDecisionResponse,
  RegisterSignalBody,
  RegisterSignalResponse,
  WeighingFileDetail,
  WeighingFileList,
  withErrors,
} from '../../shared/index';
import { contextOf } from '../plugins/session';
import { recordWeighingDecision } from '../services/weighing-decisions';
import { listWeighingFiles, readWeighingFile, registerSignal } from '../services/weighing-files';

/** The weegploeg file (art. 8): signals, the file itself, and the weegploeg's decisions. */
const weighingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;

  app.post(
    '/api/signals',
    {
      schema: {
        tags: ['weegploeg'],
        summary: 'Register a signal on a new or existing subject (art. 7.1–7.2, 8.2)',
        body: RegisterSignalBody,
        response: withErrors({ 201: RegisterSignalResponse, 422: ErrorResponse }),
      },
    },
    async (request, reply) => {
      const result = await registerSignal(db, contextOf(request), request.body);
      return reply.status(201).send(result);
    },
  );

  app.get(
    '/api/weighing-files',
    {
      schema: {
        tags: ['weegploeg'],
        summary: 'Weighing files (core parties only, art. 8.4)',
        response: withErrors({ 200: WeighingFileList }),
      },
    },
    async (request) => ({ weighingFiles: await listWeighingFiles(db, contextOf(request)) }),
  );

  app.get(
    '/api/weighing-files/:id',
    {
      schema: {
        tags: ['weegploeg'],
        summary: "A subject's weighing file (core parties only, art. 8.4)",
        params: IdParams,
        response: withErrors({ 200: WeighingFileDetail }),
      },
    },
    async (request) => readWeighingFile(db, contextOf(request), request.params.id),
  );

  app.post(
    '/api/weighing-files/:id/decisions',
    {
      schema: {
        tags: ['weegploeg'],
        summary:
          'Propose the analysis and the weegploeg decision in the weegploeg meeting, taken at its freeze (art. 7.3–7.4, 8.2d–e, 8.5)',
        params: IdParams,
        body: RecordDecisionBody,
        response: withErrors({ 201: RecordDecisionResponse, 409: ErrorResponse, 422: ErrorResponse }),
      },
    },
    async (request, reply) => {
      const decision = await recordWeighingDecision(db, contextOf(request), request.params.id, request.body);
      // A new proposal withdraws an outcome given to the one before: everyone at the meeting sees it at once.
      if (decision.meetingId)
        await app.events.publish({ type: 'agenda.changed', meetingId: decision.meetingId });
      return reply.status(201).send({ decision });
    },
  );
};

export default weighingRoutes;
