import { boolean, check, date, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { covenants } from './covenants';
import { memberships } from './identity';
import type { AuthorityNotification } from '../../shared/domain/access-review';

/** A periodic review of the access log (art. 15.2e): who reviewed which period, when, and what was found. */
export const accessReviews = pgTable('access_reviews', {
  id: uuid('id').primaryKey(),
  covenantId: uuid('covenant_id')
    .notNull()
    .references(() => covenants.id),
  periodFrom: date('period_from').notNull(),
  periodTo: date('period_to').notNull(),
  entries: integer('entries').notNull(),
  flagged: integer('flagged').notNull(),
  findings: text('findings').notNull(),
  reviewedByMembershipId: uuid('reviewed_by_membership_id')
    .notNull()
    .references(() => memberships.id),
  reviewedAt: timestamp('reviewed_at', { withTimezone: true }).notNull(),
});

/** The incident register (art. 15.2g): security incidents and data breaches, reported, registered and handled. */
export const incidents = pgTable(
  'incidents',
  {
    id: uuid('id').primaryKey(),
    covenantId: uuid('covenant_id')
      .notNull()
      .references(() => covenants.id),
    title: text('title').notNull(),
    description: text('description').notNull(),
    occurredOn: date('occurred_on'),
    discoveredAt: timestamp('discovered_at', { withTimezone: true }).notNull(),
    personalData: boolean('personal_data').notNull(),
    /** Must the supervisory authority be notified (within 72 h)? 'undecided' until assessed. */
    authorityNotification: text('authority_notification').$type<AuthorityNotification>().notNull(),
    authorityNotifiedAt: timestamp('authority_notified_at', { withTimezone: true }),
    /** Who notified the supervisory authority (recorded with the notification). */
    authorityNotifiedByMembershipId: uuid('authority_notified_by_membership_id').references(
      () => memberships.id,
    ),
    /** Art. 33.1 AVG: a notification after 72 hours states the reasons for the delay. */
    lateReason: text('late_reason'),
    actions: text('actions').notNull(),
    createdByMembershipId: uuid('created_by_membership_id')
      .notNull()
      .references(() => memberships.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    check(
      'incidents_authority_notification',
      sql`${t.authorityNotification} in ('required', 'not_required', 'undecided')`,
    ),
  ],
);
