import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { covenants, organisations } from './covenants';
import { memberships } from './identity';

/**
 * A partner organisation's OpenID Connect provider (NL GOV Assurance profile for OpenID Connect; BIO strong
 * authentication), configured by the administrator (art. 15.2c). The client secret or private key never leaves
 * the server: no API returns it and no log line names it.
 */
export const oidcProviders = pgTable(
  'oidc_providers',
  {
    id: uuid('id').primaryKey(),
    covenantId: uuid('covenant_id')
      .notNull()
      .references(() => covenants.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    issuer: text('issuer').notNull(),
    clientId: text('client_id').notNull(),
    /** 'private_key_jwt' (preferred by the NL GOV profile) or 'client_secret_basic'. */
    clientAuth: text('client_auth').$type<'private_key_jwt' | 'client_secret_basic'>().notNull(),
    /** The client secret, or the private key as a JWK (JSON): server-side only. */
    credential: text('credential').notNull(),
    /** The ID token claim that names the person (default `sub`). */
    subjectClaim: text('subject_claim').notNull().default('sub'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('oidc_providers_organisation').on(t.covenantId, t.organisationId)],
);

/**
 * An identity at a provider, linked by the administrator to one membership: claims never grant rights, and an
 * unknown identity gets no account.
 */
export const oidcIdentities = pgTable(
  'oidc_identities',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    membershipId: uuid('membership_id')
      .notNull()
      .references(() => memberships.id),
    linkedAt: timestamp('linked_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('oidc_identities_subject').on(t.organisationId, t.issuer, t.subject),
    index('oidc_identities_membership').on(t.membershipId),
  ],
);

/**
 * A login sent to the provider and not yet back: state, nonce and PKCE verifier stay here, bound to the browser
 * by a cookie whose hash is the key. Minutes old at most.
 */
export const oidcLogins = pgTable('oidc_logins', {
  tokenHash: text('token_hash').primaryKey(),
  providerId: uuid('provider_id')
    .notNull()
    .references(() => oidcProviders.id),
  state: text('state').notNull(),
  nonce: text('nonce').notNull(),
  codeVerifier: text('code_verifier').notNull(),
  /**
   * A step-up, not a login: the session (its token hash) whose person confirms again at the provider, and the
   * page of this app to return to. Null for a login.
   */
  stepUpSessionId: text('step_up_session_id'),
  returnTo: text('return_to'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/** The sessions a provider opened, with its `sid`, so a back-channel logout ends them (and only them, by sid). */
export const oidcSessions = pgTable(
  'oidc_sessions',
  {
    sessionId: text('session_id').primaryKey(),
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    sid: text('sid'),
  },
  (t) => [
    index('oidc_sessions_issuer_subject').on(t.issuer, t.subject),
    index('oidc_sessions_sid').on(t.issuer, t.sid),
  ],
);

/** Logout tokens seen (their `jti`), so a replayed one is refused; kept until the token would have expired. */
export const oidcLogoutTokens = pgTable(
  'oidc_logout_tokens',
  {
    issuer: text('issuer').notNull(),
    jti: text('jti').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('oidc_logout_tokens_jti').on(t.issuer, t.jti)],
);
