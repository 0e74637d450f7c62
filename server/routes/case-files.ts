import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CaseFileDetail, IdParams, withErrors } from '../../shared/index';
import { contextOf } from '../plugins/session';
import { readCaseFile } from '../services/case-files';

const caseFileRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/case-files/:id',
    {
      schema: {
        tags: ['casusoverleg'],
        summary: 'A case file (parties, art. 10.4)',
        params: IdParams,
        response: withErrors({ 200: CaseFileDetail }),
      },
    },
    async (request) => readCaseFile(app.db, contextOf(request), request.params.id),
  );
};

export default caseFileRoutes;
