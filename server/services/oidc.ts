import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, asc, eq, gt, inArray, isNull, lt } from 'drizzle-orm';
import * as client from 'openid-client';
import { createRemoteJWKSet, decodeJwt, importJWK, jwtVerify, type JWK } from 'jose';
import type { Database, Executor } from '../../db/client';
import {
  covenants,
  memberships,
  oidcIdentities,
  oidcLogins,
  oidcLogoutTokens,
  oidcProviders,
  oidcSessions,
  organisations,
  sessions,
  users,
} from '../../db/schema/index';
import {
  canManageAuthorisations,
  ErrorCode,
  type Actor,
  type ConfigureOidcProviderBody,
  type LinkOidcIdentityBody,
  type OidcProviderView,
} from '../../shared/index';
import type { RequestContext } from '../context';
import { AppError, notFound } from '../errors';
import { loadActor } from './actors';
import { appendAudit, type AuditOrigin } from './audit';
import { auditDecision, enforce } from './authorize';

const PURPOSE = 'beheer van aanmelden via de identiteitsvoorziening van een partner (convenant art. 15.2c)';
export const OIDC_LOGIN_PURPOSE =
  'aanmelden via de eigen organisatie (convenant art. 15.2d: logische toegangscontrole)';
const RULE = 'art. 15.2c';
/** The cookie binding a login at the provider to this browser; only the login routes see it. */
export const OIDC_LOGIN_COOKIE = 'casustafel_oidc';
const LOGIN_MINUTES = 10;
/** How far the provider's clock may be behind ours when it says when the person authenticated. */
const CLOCK_SKEW_MS = 30_000;
const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
/** How long a logout token is accepted after it was issued (and its jti kept against replay). */
const LOGOUT_TOKEN_MAX_AGE_S = 300;

const hash = (value: string) => createHash('sha256').update(value).digest('hex');

type ProviderRow = typeof oidcProviders.$inferSelect;

// ---------------------------------------------------------------------------------------------------------------
// Administration (art. 15.2c)

async function mayManage(db: Database, ctx: RequestContext, action: 'list' | 'update', objectId?: string) {
  return enforce(db, ctx, canManageAuthorisations(ctx.actor), {
    action,
    objectType: 'covenant',
    objectId: objectId ?? ctx.actor.covenantId,
    purpose: PURPOSE,
  });
}

async function views(db: Executor, covenantId: string): Promise<OidcProviderView[]> {
  const rows = await db
    .select({ provider: oidcProviders, organisation: organisations.name })
    .from(oidcProviders)
    .innerJoin(organisations, eq(organisations.id, oidcProviders.organisationId))
    .where(eq(oidcProviders.covenantId, covenantId))
    .orderBy(asc(organisations.name));
  const identities = await db
    .select({ identity: oidcIdentities, displayName: users.displayName })
    .from(oidcIdentities)
    .innerJoin(memberships, eq(memberships.id, oidcIdentities.membershipId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.covenantId, covenantId))
    .orderBy(asc(users.displayName));
  // Deliberately field by field: the credential is never part of a view.
  return rows.map(({ provider, organisation }) => ({
    id: provider.id,
    organisation: { id: provider.organisationId, name: organisation },
    issuer: provider.issuer,
    clientId: provider.clientId,
    clientAuth: provider.clientAuth,
    subjectClaim: provider.subjectClaim,
    updatedAt: provider.updatedAt.toISOString(),
    identities: identities
      .filter(
        ({ identity }) =>
          identity.organisationId === provider.organisationId && identity.issuer === provider.issuer,
      )
      .map(({ identity, displayName }) => ({
        id: identity.id,
        subject: identity.subject,
        membershipId: identity.membershipId,
        displayName,
        linkedAt: identity.linkedAt.toISOString(),
      })),
  }));
}

export async function listOidcProviders(db: Database, ctx: RequestContext): Promise<OidcProviderView[]> {
  const decision = await mayManage(db, ctx, 'list');
  return db.transaction(async (tx) => {
    await auditDecision(tx, ctx, decision, { action: 'list', objectType: 'covenant', purpose: PURPOSE });
    return views(tx, ctx.actor.covenantId);
  });
}

async function checkCredential(body: ConfigureOidcProviderBody): Promise<void> {
  if (body.clientAuth !== 'private_key_jwt') return;
  const invalid = () =>
    new AppError(
      400,
      ErrorCode.ValidationFailed,
      'The private key must be a private JWK in JSON',
      'body.credential',
    );
  let jwk: JWK;
  try {
    jwk = JSON.parse(body.credential) as JWK;
  } catch {
    throw invalid();
  }
  if (typeof jwk !== 'object' || jwk === null || !('d' in jwk)) throw invalid();
  try {
    await importJWK(jwk, jwk.alg ?? 'RS256');
  } catch {
    throw invalid();
  }
}

/** Configures or replaces an organisation's provider; its linked identities stay (they name the issuer). */
export async function configureOidcProvider(
  db: Database,
  ctx: RequestContext,
  body: ConfigureOidcProviderBody,
  now = new Date(),
): Promise<OidcProviderView> {
  const decision = await mayManage(db, ctx, 'update', body.organisationId);
  await checkCredential(body);
  const issuer = body.issuer.replace(/\/$/, '');
  return db.transaction(async (tx) => {
    const [organisation] = await tx
      .select({ id: organisations.id })
      .from(organisations)
      .where(eq(organisations.id, body.organisationId));
    if (!organisation)
      throw new AppError(400, ErrorCode.ValidationFailed, 'No such organisation', 'body.organisationId');
    const values = {
      issuer,
      clientId: body.clientId,
      clientAuth: body.clientAuth,
      credential: body.credential,
      subjectClaim: body.subjectClaim ?? 'sub',
      updatedAt: now,
    };
    await tx
      .insert(oidcProviders)
      .values({
        id: randomUUID(),
        covenantId: ctx.actor.covenantId,
        organisationId: body.organisationId,
        ...values,
      })
      .onConflictDoUpdate({ target: [oidcProviders.covenantId, oidcProviders.organisationId], set: values });
    await auditDecision(tx, ctx, decision, {
      action: 'update',
      objectType: 'covenant',
      objectId: body.organisationId,
      purpose: PURPOSE,
    });
    const view = (await views(tx, ctx.actor.covenantId)).find(
      (p) => p.organisation.id === body.organisationId,
    );
    if (!view) throw notFound('Identity provider');
    return view;
  });
}

async function providerOf(db: Executor, covenantId: string, providerId: string): Promise<ProviderRow> {
  const [row] = await db
    .select()
    .from(oidcProviders)
    .where(and(eq(oidcProviders.id, providerId), eq(oidcProviders.covenantId, covenantId)));
  if (!row) throw notFound('Identity provider');
  return row;
}

/** Links an identity at the provider to a membership of the provider's organisation (art. 15.2c). */
export async function linkOidcIdentity(
  db: Database,
  ctx: RequestContext,
  providerId: string,
  body: LinkOidcIdentityBody,
  now = new Date(),
): Promise<OidcProviderView> {
  const decision = await mayManage(db, ctx, 'update', body.membershipId);
  return db.transaction(async (tx) => {
    const provider = await providerOf(tx, ctx.actor.covenantId, providerId);
    const [membership] = await tx
      .select({ id: memberships.id })
      .from(memberships)
      .where(
        and(
          eq(memberships.id, body.membershipId),
          eq(memberships.covenantId, ctx.actor.covenantId),
          eq(memberships.organisationId, provider.organisationId),
          isNull(memberships.revokedAt),
        ),
      );
    if (!membership)
      throw new AppError(
        400,
        ErrorCode.ValidationFailed,
        'The membership must be an active one of the provider organisation',
        'body.membershipId',
      );
    const [linked] = await tx
      .insert(oidcIdentities)
      .values({
        id: randomUUID(),
        organisationId: provider.organisationId,
        issuer: provider.issuer,
        subject: body.subject,
        membershipId: membership.id,
        linkedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: oidcIdentities.id });
    if (!linked) throw new AppError(409, ErrorCode.Conflict, 'This identity is already linked');
    await auditDecision(tx, ctx, decision, {
      action: 'update',
      objectType: 'membership',
      objectId: membership.id,
      purpose: PURPOSE,
    });
    return (await views(tx, ctx.actor.covenantId)).find((p) => p.id === providerId)!;
  });
}

/**
 * Unlinks an identity (art. 15.2c). The sessions it opened end with it (the caller closes their live connections):
 * otherwise a person the administrator just cut off would keep working until the session expired.
 */
export async function unlinkOidcIdentity(
  db: Database,
  ctx: RequestContext,
  providerId: string,
  identityId: string,
  now = new Date(),
): Promise<{ view: OidcProviderView; endedSessions: string[] }> {
  const decision = await mayManage(db, ctx, 'update', identityId);
  return db.transaction(async (tx) => {
    const provider = await providerOf(tx, ctx.actor.covenantId, providerId);
    const [gone] = await tx
      .delete(oidcIdentities)
      .where(
        and(eq(oidcIdentities.id, identityId), eq(oidcIdentities.organisationId, provider.organisationId)),
      )
      .returning({ membershipId: oidcIdentities.membershipId });
    if (!gone) throw notFound('Identity');
    const opened = tx
      .select({ id: oidcSessions.sessionId })
      .from(oidcSessions)
      .where(eq(oidcSessions.issuer, provider.issuer));
    const ended = await tx
      .update(sessions)
      .set({ endedAt: now })
      .where(
        and(
          eq(sessions.membershipId, gone.membershipId),
          isNull(sessions.endedAt),
          inArray(sessions.tokenHash, opened),
        ),
      )
      .returning({ id: sessions.tokenHash });
    await auditDecision(tx, ctx, decision, {
      action: 'update',
      objectType: 'membership',
      objectId: gone.membershipId,
      purpose: PURPOSE,
    });
    const view = (await views(tx, ctx.actor.covenantId)).find((p) => p.id === providerId)!;
    return { view, endedSessions: ended.map((session) => session.id) };
  });
}

/**
 * The `acr` values a login via a provider must carry (BIO strong authentication: such a login skips the local
 * second factor); an empty list accepts any. Stored in the covenant's policy, set by the administrator.
 */
export async function setRequiredAcr(
  db: Database,
  ctx: RequestContext,
  requiredAcr: string[],
): Promise<{ requiredAcr: string[] }> {
  const decision = await mayManage(db, ctx, 'update');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ policy: covenants.policy })
      .from(covenants)
      .where(eq(covenants.id, ctx.actor.covenantId))
      .for('update');
    if (!row) throw notFound('Covenant');
    const unique = [...new Set(requiredAcr)];
    await tx
      .update(covenants)
      .set({ policy: { ...row.policy, oidc: { ...row.policy.oidc, requiredAcr: unique } } })
      .where(eq(covenants.id, ctx.actor.covenantId));
    await auditDecision(tx, ctx, decision, { action: 'update', objectType: 'covenant', purpose: PURPOSE });
    return { requiredAcr: unique };
  });
}

/** The organisations one may log in through (the login screen's choice): names only. */
export async function oidcLoginOptions(db: Executor) {
  return db
    .select({ id: organisations.id, name: organisations.name })
    .from(oidcProviders)
    .innerJoin(organisations, eq(organisations.id, oidcProviders.organisationId))
    .orderBy(asc(organisations.name));
}

// ---------------------------------------------------------------------------------------------------------------
// The provider's metadata and keys

/** Plain http only for a provider on this machine (development, tests); every other issuer speaks https. */
const loopback = (url: URL) => ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

const configurations = new Map<string, Promise<client.Configuration>>();
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

async function clientAuthOf(provider: ProviderRow): Promise<client.ClientAuth> {
  if (provider.clientAuth === 'client_secret_basic') return client.ClientSecretBasic(provider.credential);
  const jwk = JSON.parse(provider.credential) as JWK;
  const key = (await importJWK(jwk, jwk.alg ?? 'RS256')) as CryptoKey;
  return client.PrivateKeyJwt(jwk.kid ? { key, kid: jwk.kid } : key);
}

/** The provider's discovered configuration, cached per configuration version (a changed one is discovered anew). */
function configurationOf(provider: ProviderRow): Promise<client.Configuration> {
  const key = `${provider.id}:${provider.updatedAt.getTime()}`;
  let found = configurations.get(key);
  if (!found) {
    const issuer = new URL(provider.issuer);
    found = (async () => {
      const configuration = await client.discovery(
        issuer,
        provider.clientId,
        undefined,
        await clientAuthOf(provider),
        loopback(issuer) ? { execute: [client.allowInsecureRequests] } : undefined,
      );
      // Check the ID token's signature against the provider's keys too, not only trust the TLS channel.
      client.enableNonRepudiationChecks(configuration);
      return configuration;
    })();
    found.catch(() => configurations.delete(key));
    configurations.set(key, found);
  }
  return found;
}

const unreachable = () =>
  new AppError(502, ErrorCode.Unavailable, 'The identity provider of this organisation cannot be reached');

async function metadataOf(provider: ProviderRow) {
  try {
    return await configurationOf(provider);
  } catch {
    throw unreachable();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Login: authorization code flow with PKCE, state and nonce (NL GOV Assurance profile for OpenID Connect)

/** Starts a login at an organisation's provider: the address to send the browser to and the cookie binding it. */
/**
 * A step-up instead of a login: the session whose person must authenticate at the provider again (`prompt=login`
 * and `max_age=0`, OpenID Connect Core 3.1.2.1), and the page to return to.
 */
export interface OidcStepUpRequest {
  sessionId: string;
  returnTo: string;
}

export async function startOidcLogin(
  db: Executor,
  organisationId: string,
  redirectUri: string,
  now = new Date(),
  stepUp: OidcStepUpRequest | null = null,
): Promise<{ url: string; cookie: string }> {
  const [provider] = await db
    .select()
    .from(oidcProviders)
    .where(eq(oidcProviders.organisationId, organisationId));
  if (!provider)
    throw new AppError(404, ErrorCode.NotFound, 'This organisation has no identity provider configured');
  const configuration = await metadataOf(provider);
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const cookie = randomBytes(32).toString('base64url');
  await db.delete(oidcLogins).where(lt(oidcLogins.expiresAt, now));
  await db.insert(oidcLogins).values({
    tokenHash: hash(cookie),
    providerId: provider.id,
    state,
    nonce,
    codeVerifier,
    stepUpSessionId: stepUp?.sessionId ?? null,
    returnTo: stepUp?.returnTo ?? null,
    createdAt: now,
    expiresAt: new Date(now.getTime() + LOGIN_MINUTES * 60_000),
  });
  const required = (await requiredAcrOf(db, provider.covenantId)) ?? [];
  const url = client.buildAuthorizationUrl(configuration, {
    redirect_uri: redirectUri,
    scope: 'openid',
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    ...(required.length ? { acr_values: required.join(' ') } : {}),
    ...(stepUp ? { prompt: 'login', max_age: '0' } : {}),
  });
  return { url: url.href, cookie };
}

export async function requiredAcrOf(db: Executor, covenantId: string): Promise<readonly string[] | null> {
  const [row] = await db
    .select({ policy: covenants.policy })
    .from(covenants)
    .where(eq(covenants.id, covenantId));
  const required = row?.policy.oidc?.requiredAcr;
  return required?.length ? required : null;
}

/** Why a login at the provider did not open a session: the login screen says it in words. */
export type OidcRefusal = 'expired' | 'invalid' | 'acr' | 'unlinked';

export class OidcLoginRefused extends Error {
  constructor(readonly reason: OidcRefusal) {
    super(`login via the identity provider refused: ${reason}`);
  }
}

export interface OidcLogin {
  actor: Actor;
  issuer: string;
  /** The provider's `sub` (not necessarily the linking claim). */
  sub: string;
  sid: string | null;
  /** For a step-up: the session it confirms, the page to return to, and whether the provider authenticated anew. */
  stepUp: (OidcStepUpRequest & { reauthenticated: boolean }) | null;
}

/**
 * Completes a login on the provider's redirect: the pending login of this browser (used once), the code exchanged
 * with its PKCE verifier, the ID token checked (signature, issuer, audience, expiry, nonce; state checked on the
 * redirect), the `acr` the covenant requires, and the identity the administrator linked to a membership.
 * Every refusal is audited as a denied login.
 */
export async function finishOidcLogin(
  db: Database,
  cookie: string | undefined,
  currentUrl: URL,
  origin: AuditOrigin,
  now = new Date(),
): Promise<OidcLogin> {
  const denied = async (reason: OidcRefusal, objectId: string | null, userId: string | null = null) => {
    await appendAudit(db, [
      {
        actor: null,
        userId,
        origin,
        action: 'login',
        objectType: 'session',
        objectId,
        result: 'denied',
        rule: reason === 'unlinked' ? RULE : 'art. 15.2d',
        purpose: OIDC_LOGIN_PURPOSE,
      },
    ]);
    return new OidcLoginRefused(reason);
  };
  if (!cookie) throw await denied('expired', null);
  const [pending] = await db
    .delete(oidcLogins)
    .where(and(eq(oidcLogins.tokenHash, hash(cookie)), gt(oidcLogins.expiresAt, now)))
    .returning();
  if (!pending) throw await denied('expired', null);
  const [provider] = await db.select().from(oidcProviders).where(eq(oidcProviders.id, pending.providerId));
  if (!provider) throw await denied('expired', null);
  const configuration = await metadataOf(provider);
  let claims: client.IDToken;
  try {
    const tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const found = tokens.claims();
    if (!found) throw new Error('no ID token');
    claims = found;
  } catch {
    throw await denied('invalid', `provider:${provider.id}`);
  }
  const subjectValue = claims[provider.subjectClaim];
  const subject =
    typeof subjectValue === 'string' || typeof subjectValue === 'number' ? String(subjectValue) : null;
  // The identity as the audit log names it: a hash, as for a local account name.
  const reference = `oidc:${hash(`${provider.issuer} ${subject ?? ''}`).slice(0, 16)}`;
  if (!subject) throw await denied('invalid', reference);
  const required = await requiredAcrOf(db, provider.covenantId);
  if (required && (typeof claims.acr !== 'string' || !required.includes(claims.acr)))
    throw await denied('acr', reference);
  const [identity] = await db
    .select({ membershipId: oidcIdentities.membershipId })
    .from(oidcIdentities)
    .innerJoin(memberships, eq(memberships.id, oidcIdentities.membershipId))
    .where(
      and(
        eq(oidcIdentities.organisationId, provider.organisationId),
        eq(oidcIdentities.issuer, provider.issuer),
        eq(oidcIdentities.subject, subject),
        eq(memberships.covenantId, provider.covenantId),
        isNull(memberships.revokedAt),
      ),
    );
  const actor = identity ? await loadActor(db, identity.membershipId) : null;
  if (!actor) throw await denied('unlinked', reference);
  // A logout token names the person by the provider's `sub`, whatever claim links the identity here.
  // A step-up counts only if the person authenticated at the provider after it was asked (auth_time, with a little
  // clock skew), not on the strength of a single sign-on session from before.
  const authTime = typeof claims.auth_time === 'number' ? claims.auth_time * 1000 : null;
  return {
    actor,
    issuer: provider.issuer,
    sub: claims.sub,
    sid: typeof claims.sid === 'string' ? claims.sid : null,
    stepUp:
      pending.stepUpSessionId && pending.returnTo
        ? {
            sessionId: pending.stepUpSessionId,
            returnTo: pending.returnTo,
            reauthenticated: authTime !== null && authTime >= pending.createdAt.getTime() - CLOCK_SKEW_MS,
          }
        : null,
  };
}

/** Remembers which provider session a session belongs to, for back-channel logout. */
export async function recordOidcSession(db: Executor, sessionId: string, login: OidcLogin): Promise<void> {
  await db
    .insert(oidcSessions)
    .values({ sessionId, issuer: login.issuer, subject: login.sub, sid: login.sid });
}

// ---------------------------------------------------------------------------------------------------------------
// Back-channel logout (OpenID Connect Back-Channel Logout 1.0)

const badLogoutToken = () =>
  new AppError(400, ErrorCode.BadRequest, 'The logout token is invalid', 'body.logout_token');

/**
 * Verifies a logout token (signature by the issuer's keys, iss, aud = our client id, iat, jti, the back-channel
 * logout event, sub and/or sid, no nonce; a jti once only) and ends the sessions it names: all of the person's
 * when it names only `sub`, just the one provider session when it names `sid`. Returns the ended sessions' ids,
 * whose live connections the caller closes.
 */
export async function backchannelLogout(
  db: Database,
  token: string,
  origin: AuditOrigin,
  now = new Date(),
): Promise<string[]> {
  let unverified: ReturnType<typeof decodeJwt>;
  try {
    unverified = decodeJwt(token);
  } catch {
    throw badLogoutToken();
  }
  if (typeof unverified.iss !== 'string') throw badLogoutToken();
  const candidates = await db
    .select()
    .from(oidcProviders)
    .where(eq(oidcProviders.issuer, unverified.iss.replace(/\/$/, '')));
  const audiences = Array.isArray(unverified.aud) ? unverified.aud : [unverified.aud];
  const provider = candidates.find((p) => audiences.includes(p.clientId));
  if (!provider) throw badLogoutToken();
  const configuration = await metadataOf(provider);
  const metadata = configuration.serverMetadata();
  if (!metadata.jwks_uri) throw badLogoutToken();
  let keys = keySets.get(metadata.jwks_uri);
  if (!keys) {
    keys = createRemoteJWKSet(new URL(metadata.jwks_uri));
    keySets.set(metadata.jwks_uri, keys);
  }
  let claims;
  try {
    ({ payload: claims } = await jwtVerify(token, keys, {
      issuer: metadata.issuer,
      audience: provider.clientId,
      requiredClaims: ['iat', 'jti', 'events'],
      maxTokenAge: LOGOUT_TOKEN_MAX_AGE_S,
      currentDate: now,
    }));
  } catch {
    throw badLogoutToken();
  }
  const events = claims.events as Record<string, unknown> | undefined;
  const sub = typeof claims.sub === 'string' ? claims.sub : null;
  const sid = typeof claims.sid === 'string' ? claims.sid : null;
  if (
    typeof events !== 'object' ||
    events === null ||
    typeof events[BACKCHANNEL_EVENT] !== 'object' ||
    'nonce' in claims ||
    (!sub && !sid) ||
    typeof claims.jti !== 'string'
  )
    throw badLogoutToken();
  return db.transaction(async (tx) => {
    await tx.delete(oidcLogoutTokens).where(lt(oidcLogoutTokens.expiresAt, now));
    const [fresh] = await tx
      .insert(oidcLogoutTokens)
      .values({
        issuer: provider.issuer,
        jti: claims.jti!,
        expiresAt: new Date((claims.iat! + LOGOUT_TOKEN_MAX_AGE_S) * 1000 + 60_000),
      })
      .onConflictDoNothing()
      .returning({ jti: oidcLogoutTokens.jti });
    if (!fresh) throw badLogoutToken();
    // A sub as the provider sends it; the subject claim may be another one, so match on sid when there is one.
    const named = await tx
      .select({ sessionId: oidcSessions.sessionId })
      .from(oidcSessions)
      .where(
        and(
          eq(oidcSessions.issuer, provider.issuer),
          sid ? eq(oidcSessions.sid, sid) : eq(oidcSessions.subject, sub!),
        ),
      );
    const ids = named.map((n) => n.sessionId);
    const ended = ids.length
      ? await tx
          .update(sessions)
          .set({ endedAt: now })
          .where(and(inArray(sessions.tokenHash, ids), isNull(sessions.endedAt)))
          .returning({ id: sessions.tokenHash, userId: sessions.userId })
      : [];
    await appendAudit(
      tx,
      ended.length
        ? ended.map((session) => ({
            actor: null,
            userId: session.userId,
            origin,
            action: 'logout' as const,
            objectType: 'session' as const,
            result: 'allowed' as const,
            rule: 'art. 15.2d',
            purpose: OIDC_LOGIN_PURPOSE,
          }))
        : [
            {
              actor: null,
              origin,
              action: 'logout',
              objectType: 'session',
              objectId: `provider:${provider.id}`,
              result: 'allowed',
              rule: 'art. 15.2d',
              purpose: OIDC_LOGIN_PURPOSE,
            },
          ],
      now,
    );
    return ended.map((session) => session.id);
  });
}
