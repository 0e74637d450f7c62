import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AuthorisationList,
  AuthorisationView,
  ChangeAuthorisationBody,
  ErrorResponse,
  GrantAuthorisationBody,
  GrantedAuthorisation,
  IdParams,
  withErrors,
} from '../../shared/index';
import { contextOf, recentlyAuthenticated } from '../plugins/session';
import {
  changeAuthorisation,
  grantAuthorisation,
  listAuthorisations,
  revokeAuthorisation,
} from '../services/authorisations';

/** Authorisations (art. 15.2c): granted, changed and revoked by the administrator; effective at once. */
const authorisationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;

  app.get(
    '/api/authorisations',
    {
      schema: {
        tags: ['authorisations'],
        summary: 'Every authorisation of the covenant with its history (administrator)',
        response: withErrors({ 200: AuthorisationList }),
      },
    },
    async (request) => listAuthorisations(db, contextOf(request)),
  );

  app.post(
    '/api/authorisations',
    {
      schema: {
        tags: ['authorisations'],
        summary: 'Grant a new user one authorisation; returns the initial password once',
        body: GrantAuthorisationBody,
        response: withErrors({ 201: GrantedAuthorisation, 409: ErrorResponse }),
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await grantAuthorisation(
            db,
            await recentlyAuthenticated(request, { action: 'create', objectType: 'membership' }),
            request.body,
          ),
        ),
  );

  app.patch(
    '/api/authorisations/:id',
    {
      schema: {
        tags: ['authorisations'],
        summary: "Change an authorisation's role or capacity; open connections are re-authorised at once",
        params: IdParams,
        body: ChangeAuthorisationBody,
        response: withErrors({ 200: AuthorisationView, 409: ErrorResponse }),
      },
    },
    async (request) => {
      const view = await changeAuthorisation(
        db,
        await recentlyAuthenticated(request, {
          action: 'update',
          objectType: 'membership',
          objectId: request.params.id,
        }),
        request.params.id,
        request.body,
      );
      await app.events.publish({ type: 'membership.changed', membershipId: request.params.id });
      return view;
    },
  );

  app.post(
    '/api/authorisations/:id/revoke',
    {
      schema: {
        tags: ['authorisations'],
        summary: "Revoke an authorisation; the user's sessions and open connections end at once",
        params: IdParams,
        response: withErrors({ 200: AuthorisationView, 409: ErrorResponse }),
      },
    },
    async (request) => {
      const view = await revokeAuthorisation(
        db,
        await recentlyAuthenticated(request, {
          action: 'update',
          objectType: 'membership',
          objectId: request.params.id,
        }),
        request.params.id,
      );
      await app.events.publish({ type: 'membership.changed', membershipId: request.params.id });
      return view;
    },
  );
};

export default authorisationRoutes;
