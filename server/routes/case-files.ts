import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CaseFileDetail, CaseFileList, IdParams, withErrors } from '../../shared/index';
import { contextOf } from '../plugins/session';
import { listCaseFiles, readCaseFile } from '../services/case-files';

const caseFileRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/case-files',
    {
      schema: {
        tags: ['casusoverleg'],
        summary: 'Case files (parties, art. 10.4)',
        response: withErrors({ 200: CaseFileList }),
      },
    },
    async (request) => ({ caseFiles: await listCaseFiles(app.db, contextOf(request)) }),
  );

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
