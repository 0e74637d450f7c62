import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  DecideDisclosureBody,
  DisclosureList,
  DisclosureParams,
  DisclosureView,
  ErrorResponse,
  IdParams,
  ProposeDisclosureBody,
  withErrors,
} from '../../shared/index';
import { contextOf } from '../plugins/session';
import {
  decideDisclosure,
  listDisclosures,
  proposeDisclosure,
  revokeDisclosure,
} from '../services/disclosures';

/** Doorverstrekking to external partners (art. 10.5), recorded in the case file. */
const disclosureRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;

  app.get(
    '/api/case-files/:id/disclosures',
    {
      schema: {
        tags: ['disclosures'],
        summary: "A case's disclosures to external partners (a partner sees those to itself)",
        params: IdParams,
        response: withErrors({ 200: DisclosureList }),
      },
    },
    async (request) => ({ disclosures: await listDisclosures(db, contextOf(request), request.params.id) }),
  );

  app.post(
    '/api/case-files/:id/disclosures',
    {
      schema: {
        tags: ['disclosures'],
        summary: 'Propose to disclose one field of a case to an external partner (art. 10.5)',
        params: IdParams,
        body: ProposeDisclosureBody,
        response: withErrors({ 201: DisclosureView, 409: ErrorResponse, 422: ErrorResponse }),
      },
    },
    async (request, reply) => {
      const view = await proposeDisclosure(db, contextOf(request), request.params.id, request.body);
      await app.events.publish({ type: 'disclosure.changed', caseFileId: request.params.id });
      return reply.status(201).send(view);
    },
  );

  app.post(
    '/api/case-files/:id/disclosures/:disclosureId/decision',
    {
      schema: {
        tags: ['disclosures'],
        summary: 'Consent to, or refuse, a proposed disclosure (chair, owning party)',
        params: DisclosureParams,
        body: DecideDisclosureBody,
        response: withErrors({ 200: DisclosureView, 409: ErrorResponse }),
      },
    },
    async (request) => {
      const { id, disclosureId } = request.params;
      const view = await decideDisclosure(db, contextOf(request), id, disclosureId, request.body.decision);
      await app.events.publish({ type: 'disclosure.changed', caseFileId: id });
      return view;
    },
  );

  app.post(
    '/api/case-files/:id/disclosures/:disclosureId/revoke',
    {
      schema: {
        tags: ['disclosures'],
        summary: 'Revoke a disclosure: the partner stops receiving the field at once',
        params: DisclosureParams,
        response: withErrors({ 200: DisclosureView, 409: ErrorResponse }),
      },
    },
    async (request) => {
      const { id, disclosureId } = request.params;
      const { view, compartment, recipientPartyId } = await revokeDisclosure(
        db,
        contextOf(request),
        id,
        disclosureId,
      );
      // The recipient's open connections to the field close before this answer (art. 10.5).
      await app.events.publish({
        type: 'disclosure.changed',
        caseFileId: id,
        revoked: { compartment, recipientPartyId },
      });
      return view;
    },
  );
};

export default disclosureRoutes;
