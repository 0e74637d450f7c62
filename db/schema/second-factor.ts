import { bigint, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { memberships, users } from './identity';

/**
 * A local account's second factor (BIO: strong authentication for this data; art. 15.2d logical access control):
 * a TOTP secret (RFC 6238). `lastStep` is the last time step a code was accepted for, so a code is good once.
 */
export const secondFactors = pgTable('second_factors', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  kind: text('kind').$type<'totp'>().notNull(),
  /** Base32 secret; the authenticator app holds the same. */
  secret: text('secret').notNull(),
  lastStep: bigint('last_step', { mode: 'number' }),
  enrolledAt: timestamp('enrolled_at', { withTimezone: true }).notNull(),
});

/**
 * A local account's passkeys (WebAuthn): the main second factor, TOTP the fallback (BIO: strong authentication;
 * art. 15.2d). Only the public key is kept; the private key never leaves the person's authenticator. The signature
 * counter, where the authenticator keeps one, must rise at every use, so a cloned authenticator shows itself.
 */
export const passkeys = pgTable(
  'passkeys',
  {
    /** The credential id, base64url, as the authenticator made it. */
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** The COSE public key, base64url. */
    publicKey: text('public_key').notNull(),
    counter: bigint('counter', { mode: 'number' }).notNull().default(0),
    /** How the browser may reach the authenticator (usb, internal, hybrid, …), as it reported them. */
    transports: jsonb('transports').$type<string[]>().notNull().default([]),
    /** The relying party (host name) it was made for; a passkey works only there. */
    rpId: text('rp_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [index('passkeys_user').on(t.userId)],
);

/** Recovery codes, shown once at enrolment; only their SHA-256 is kept, and each works once. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('recovery_codes_user').on(t.userId)],
);

/**
 * A login halfway: the password was right, the second factor (or its enrolment) is still to come. The browser
 * holds the token in a cookie of its own; only its hash is stored. Short-lived, and a few wrong codes end it.
 */
export const loginChallenges = pgTable('login_challenges', {
  tokenHash: text('token_hash').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id),
  membershipId: uuid('membership_id')
    .notNull()
    .references(() => memberships.id),
  /** What the login still needs: a code, or enrolling a factor first. */
  step: text('step').$type<'second-factor' | 'enrol'>().notNull(),
  /** During enrolment: the secret offered, until a code proves the app has it. */
  pendingSecret: text('pending_secret'),
  /** The WebAuthn challenge last handed out for this login (a passkey's registration or assertion); good once. */
  webauthnChallenge: text('webauthn_challenge'),
  attempts: integer('attempts').notNull().default(0),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});
