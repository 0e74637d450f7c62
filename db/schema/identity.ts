import { boolean, index, pgTable, text, timestamp, uuid, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { covenants, organisations } from './covenants';
import type { MembershipChange, MembershipRole } from '../../shared/domain/roles';

/** A person with a local account. Passwords are argon2id hashes. */
export const users = pgTable('users', {
  id: uuid('id').primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  /**
   * May log in with the password alone, without a second factor: the demo accounts, and only while the server
   * runs in demo mode (DEMO=1). Every other local account enrols a second factor at its first login.
   */
  passwordOnly: boolean('password_only').notNull().default(false),
});

/**
 * A user acts for one organisation in one capacity (the joint response to the draft Wet PGA, point 3: mayor vs college) within one covenant.
 * At most one membership of a user is active at a time; granting, changing and revoking is art. 15.2(c).
 */
export const memberships = pgTable(
  'memberships',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    covenantId: uuid('covenant_id')
      .notNull()
      .references(() => covenants.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    /** 'chair' | 'executor' | 'member' | 'satellite' (shared MEMBERSHIP_ROLES). */
    role: text('role').$type<MembershipRole>().notNull(),
    capacity: text('capacity').notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('memberships_one_active_per_user')
      .on(t.userId)
      .where(sql`${t.revokedAt} is null`),
  ],
);

/**
 * Server-side sessions. The cookie holds a random token; only its SHA-256 is stored, so a database read does
 * not yield usable session tokens.
 */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    membershipId: uuid('membership_id')
      .notNull()
      .references(() => memberships.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    /** How the user and the administrator name a session (listing, ending it): never the token hash itself. */
    publicId: uuid('public_id').notNull().unique().defaultRandom(),
    /** Where the session was opened from, so its owner can recognise it (art. 15.2d). */
    userAgent: text('user_agent'),
    address: text('address'),
    /**
     * When the user last proved who they are in this session by asking again (a step-up); null: only at login
     * (`created_at`). The most sensitive actions need one within minutes (server/services/step-up.ts).
     */
    authenticatedAt: timestamp('authenticated_at', { withTimezone: true }),
    /**
     * The WebAuthn challenge last handed out in this session (a step-up with a passkey, or adding a passkey); good
     * once, and only in this session.
     */
    webauthnChallenge: text('webauthn_challenge'),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

/**
 * Failed logins per account name and client address, to slow down guessing (server/services/sessions.ts). Kept in
 * the database so every instance sees them.
 */
export const loginFailures = pgTable(
  'login_failures',
  {
    id: uuid('id').primaryKey(),
    usernameKey: text('username_key').notNull(),
    /** The client address the attempt came from (`request.ip`); '' for failures recorded before it was kept. */
    address: text('address').notNull().default(''),
    failedAt: timestamp('failed_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('login_failures_key_time').on(t.usernameKey, t.failedAt),
    index('login_failures_address_time').on(t.address, t.failedAt),
  ],
);

/** The history of every authorisation (art. 15.2c, 15.2f): granted, changed (role, capacity) and revoked. */
export const membershipChanges = pgTable('membership_changes', {
  id: uuid('id').primaryKey(),
  membershipId: uuid('membership_id')
    .notNull()
    .references(() => memberships.id),
  change: text('change').$type<MembershipChange>().notNull(),
  role: text('role').$type<MembershipRole>().notNull(),
  capacity: text('capacity').notNull(),
  byMembershipId: uuid('by_membership_id').references(() => memberships.id),
  at: timestamp('at', { withTimezone: true }).notNull(),
});
