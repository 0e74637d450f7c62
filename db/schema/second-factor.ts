import { bigint, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
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
  attempts: integer('attempts').notNull().default(0),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});
