import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CovenantView,
  ErrorResponse,
  ReferenceFrameworkView,
  UpdateReferenceFrameworkBody,
  canEditReferenceFramework,
  withErrors,
} from '../../shared/index';
import { conflict } from '../errors';
import { contextOf } from '../plugins/session';
import { auditDecision, enforce } from '../services/authorize';
import { covenantView } from '../services/covenant';
import { activeFramework, replaceFramework } from '../services/reference-framework';

const covenantRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;

  app.get(
    '/api/covenant',
    {
      schema: {
        tags: ['covenant'],
        summary: "The actor's covenant: parties and reference framework",
        response: withErrors({ 200: CovenantView }),
      },
    },
    async (request) => covenantView(db, contextOf(request).actor.covenantId),
  );

  app.put(
    '/api/covenant/reference-framework',
    {
      schema: {
        tags: ['covenant'],
        summary: 'Replace the reference framework (executor; art. 5, annex 3)',
        body: UpdateReferenceFrameworkBody,
        response: withErrors({ 200: ReferenceFrameworkView, 409: ErrorResponse }),
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      const purpose = 'beheer referentiekader (convenant art. 5)';
      const allowed = await enforce(db, ctx, canEditReferenceFramework(ctx.actor), {
        action: 'update',
        objectType: 'reference_framework',
        purpose,
      });
      const codes = request.body.criteria.map((c) => c.code);
      const duplicate = codes.find((c, i) => codes.indexOf(c) !== i);
      if (duplicate) throw conflict(`Criterion code ${duplicate} appears twice`, 'body.criteria');
      await db.transaction(async (tx) => {
        const id = await replaceFramework(tx, ctx.actor.covenantId, request.body.name, request.body.criteria);
        await auditDecision(tx, ctx, allowed, {
          action: 'update',
          objectType: 'reference_framework',
          objectId: id,
          purpose,
        });
      });
      return activeFramework(db, ctx.actor.covenantId);
    },
  );
};

export default covenantRoutes;
