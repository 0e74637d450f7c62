import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ConfigureOidcProviderBody,
  ErrorCode,
  ErrorResponse,
  Id,
  IdParams,
  LinkOidcIdentityBody,
  OidcAcrPolicy,
  OidcIdentityParams,
  OidcLoginOptions,
  OidcProviderList,
  OidcProviderView,
  withErrors,
} from '../../shared/index';
import { contextOf } from '../plugins/session';
import { requesterOrigin } from '../requester';
import { appendAudit } from '../services/audit';
import {
  backchannelLogout,
  configureOidcProvider,
  finishOidcLogin,
  linkOidcIdentity,
  listOidcProviders,
  OIDC_LOGIN_COOKIE,
  OIDC_LOGIN_PURPOSE,
  OidcLoginRefused,
  oidcLoginOptions,
  recordOidcSession,
  requiredAcrOf,
  setRequiredAcr,
  startOidcLogin,
  unlinkOidcIdentity,
} from '../services/oidc';
import { completeOidcStepUp, startOidcStepUp } from '../services/oidc-step-up';
import { tokenHash } from '../services/sessions';
import { AppError } from '../errors';
import { openSession } from './session-cookies';

const LOGIN_PATH = '/api/login/oidc';
const OIDC_STEP_UP_PURPOSE =
  'opnieuw bevestigen bij de identiteitsvoorziening voor een gevoelige handeling (convenant art. 15.2d; BIO)';

/**
 * Login via a partner organisation's OpenID Connect provider (BIO strong authentication; the NL GOV Assurance
 * profiles for OAuth 2.0 and OpenID Connect, "pas toe of leg uit" of the Forum Standaardisatie), its
 * administration (art. 15.2c), and the provider's back-channel logout.
 */
/** Back on the page the step-up started from, with whether it was confirmed (the page says so). */
function withStepUp(returnTo: string, confirmed: boolean): string {
  const url = new URL(returnTo, 'http://app.invalid');
  url.searchParams.set('stap', confirmed ? 'bevestigd' : 'geweigerd');
  return url.pathname + url.search + url.hash;
}

const oidcRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, config } = app;
  /** The cookie of a login (or step-up) at the provider: lax, not strict, for the provider's redirect back. */
  const setLoginCookie = (request: FastifyRequest, reply: FastifyReply, cookie: string) =>
    reply.setCookie(OIDC_LOGIN_COOKIE, cookie, {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.cookieSecure === 'auto' ? request.protocol === 'https' : config.cookieSecure,
      path: LOGIN_PATH,
    });
  const redirectUri = (request: { protocol: string; host: string }) =>
    `${config.publicOrigin ?? `${request.protocol}://${request.host}`}${LOGIN_PATH}/callback`;

  // The provider posts the logout token form-encoded (Back-Channel Logout 1.0, section 2.5); only here.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  app.get(
    '/api/oidc-providers',
    {
      schema: {
        tags: ['login'],
        summary: 'The identity providers of the partner organisations (administrator); never their secrets',
        response: withErrors({ 200: OidcProviderList }),
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      const providers = await listOidcProviders(db, ctx);
      return { providers, requiredAcr: [...((await requiredAcrOf(db, ctx.actor.covenantId)) ?? [])] };
    },
  );

  app.put(
    '/api/oidc-providers/acr',
    {
      schema: {
        tags: ['login'],
        summary: 'The acr values a login via a provider must carry (administrator); empty accepts any',
        body: OidcAcrPolicy,
        response: withErrors({ 200: OidcAcrPolicy }),
      },
    },
    async (request) => setRequiredAcr(db, contextOf(request), request.body.requiredAcr),
  );

  app.put(
    '/api/oidc-providers',
    {
      schema: {
        tags: ['login'],
        summary:
          "Configure an organisation's identity provider (administrator); the credential is never returned",
        body: ConfigureOidcProviderBody,
        response: withErrors({ 200: OidcProviderView }),
      },
    },
    async (request) => configureOidcProvider(db, contextOf(request), request.body),
  );

  app.post(
    '/api/oidc-providers/:id/identities',
    {
      schema: {
        tags: ['login'],
        summary: 'Link an identity at the provider to a membership of its organisation (administrator)',
        params: IdParams,
        body: LinkOidcIdentityBody,
        response: withErrors({ 201: OidcProviderView, 409: ErrorResponse }),
      },
    },
    async (request, reply) =>
      reply.status(201).send(await linkOidcIdentity(db, contextOf(request), request.params.id, request.body)),
  );

  app.delete(
    '/api/oidc-providers/:id/identities/:identityId',
    {
      schema: {
        tags: ['login'],
        summary:
          'Unlink an identity (administrator); the sessions it opened end at once, with their connections',
        params: OidcIdentityParams,
        response: withErrors({ 200: OidcProviderView }),
      },
    },
    async (request) => {
      const { view, endedSessions } = await unlinkOidcIdentity(
        db,
        contextOf(request),
        request.params.id,
        request.params.identityId,
      );
      for (const sessionId of endedSessions)
        await app.events.publish({ type: 'session.ended', sessionId, reason: 'logout' });
      return view;
    },
  );

  app.get(
    `${LOGIN_PATH}/organisations`,
    {
      config: { public: true },
      schema: {
        tags: ['login'],
        summary: 'The organisations whose identity provider one may log in with',
        response: { 200: OidcLoginOptions },
      },
    },
    async () => ({ organisations: await oidcLoginOptions(db) }),
  );

  app.get(
    `${LOGIN_PATH}/:organisationId/start`,
    {
      config: { public: true },
      schema: {
        tags: ['login'],
        summary: "Start a login at the organisation's identity provider (a redirect)",
        params: Type.Object({ organisationId: Id }, { additionalProperties: false }),
        response: { 302: Type.Null(), 400: ErrorResponse, 404: ErrorResponse, 502: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { url, cookie } = await startOidcLogin(db, request.params.organisationId, redirectUri(request));
      setLoginCookie(request, reply, cookie);
      return reply.redirect(url, 302);
    },
  );

  app.get(
    `${LOGIN_PATH}/callback`,
    {
      config: { public: true },
      schema: {
        tags: ['login'],
        summary:
          'The return from the identity provider: opens a session, or back to the login screen with why not',
        response: { 303: Type.Null(), 502: ErrorResponse },
      },
    },
    async (request, reply) => {
      const origin = requesterOrigin(app, request.raw);
      reply.clearCookie(OIDC_LOGIN_COOKIE, { path: LOGIN_PATH });
      const current = new URL(request.url, redirectUri(request));
      let login;
      try {
        login = await finishOidcLogin(db, request.cookies[OIDC_LOGIN_COOKIE], current, origin);
      } catch (error) {
        if (error instanceof OidcLoginRefused) return reply.redirect(`/inloggen?oidc=${error.reason}`, 303);
        throw error;
      }
      if (login.stepUp) {
        const confirmed = await completeOidcStepUp(db, login);
        await appendAudit(db, [
          {
            actor: login.actor,
            origin,
            action: 'login',
            objectType: 'session',
            objectId: `user:${login.actor.userId}`,
            result: confirmed ? 'allowed' : 'denied',
            rule: 'art. 15.2d: step-up',
            purpose: OIDC_STEP_UP_PURPOSE,
          },
        ]);
        return reply.redirect(withStepUp(login.stepUp.returnTo, confirmed), 303);
      }
      // No local second factor: the provider vouches for the strength of the login (its acr, see the policy).
      const sessionId = await openSession(app, request, reply, {
        userId: login.actor.userId,
        actor: login.actor,
      });
      await recordOidcSession(db, sessionId, login);
      await appendAudit(db, [
        {
          actor: login.actor,
          origin,
          action: 'login',
          objectType: 'session',
          result: 'allowed',
          rule: 'art. 15.2d',
          purpose: OIDC_LOGIN_PURPOSE,
        },
      ]);
      return reply.redirect('/', 303);
    },
  );

  app.get(
    `${LOGIN_PATH}/step-up`,
    {
      schema: {
        tags: ['login'],
        summary:
          'Confirm again at the identity provider this session was opened with, before a sensitive action (a redirect)',
        querystring: Type.Object(
          { return: Type.Optional(Type.String({ maxLength: 500 })) },
          { additionalProperties: false },
        ),
        response: { 302: Type.Null(), 401: ErrorResponse, 409: ErrorResponse, 502: ErrorResponse },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const token = request.sessionToken;
      if (!token) throw new AppError(401, ErrorCode.NotAuthenticated, 'Log in first');
      const { url, cookie } = await startOidcStepUp(
        db,
        { sessionId: tokenHash(token), organisationId: ctx.actor.organisationId },
        request.query.return ?? '/',
        redirectUri(request),
      );
      setLoginCookie(request, reply, cookie);
      return reply.redirect(url, 302);
    },
  );

  app.post(
    `${LOGIN_PATH}/backchannel-logout`,
    {
      config: { public: true },
      schema: {
        tags: ['login'],
        summary: 'Back-channel logout by the identity provider (OpenID Connect Back-Channel Logout 1.0)',
        body: Type.Object({ logout_token: Type.String({ minLength: 1, maxLength: 20_000 }) }),
        response: { 200: Type.Null(), 400: ErrorResponse, 502: ErrorResponse },
      },
    },
    async (request, reply) => {
      const ended = await backchannelLogout(db, request.body.logout_token, requesterOrigin(app, request.raw));
      // Their live connections end with them, on every instance (art. 15.2d).
      for (const sessionId of ended)
        await app.events.publish({ type: 'session.ended', sessionId, reason: 'logout' });
      // Section 2.8: the response must not be cached.
      reply.header('cache-control', 'no-store');
      return reply.status(200).send(null);
    },
  );
};

export default oidcRoutes;
