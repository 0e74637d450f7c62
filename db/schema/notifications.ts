import { check, date, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { memberships } from './identity';
import { covenants } from './covenants';
import { subjects } from './subjects';
import type {
  DeferralGround,
  NotificationEventKind,
  NotificationState,
} from '../../shared/domain/notification';

/**
 * The notification duty (art. 11): once the weegploeg decides on a subject, either way, the subject must be
 * informed, unless the core parties defer it on a legal ground. A duty starts when the meeting's record is
 * frozen. `state`: due → deferred (on a ground of art. 43 Wbp, with a review date; art. 11.3–11.4) → informed
 * (art. 11.5). Every step is also kept in notification_events. Ids, codes and dates, and one free text
 * (`informed_how`), sealed with the subject's key (records.subject_keys) and blanked, its key destroyed, once the
 * subject's files are destroyed (art. 13).
 */
export const notificationDuties = pgTable(
  'notification_duties',
  {
    id: uuid('id').primaryKey(),
    covenantId: uuid('covenant_id')
      .notNull()
      .references(() => covenants.id),
    subjectId: uuid('subject_id')
      .notNull()
      .references(() => subjects.id),
    /** The weegploeg decision that started the duty (weighing schema; a plain id). */
    weighingDecisionId: uuid('weighing_decision_id').notNull(),
    /** The frozen record in which the decision was agreed. */
    recordId: uuid('record_id').notNull(),
    state: text('state').$type<NotificationState>().notNull(),
    dueSince: timestamp('due_since', { withTimezone: true }).notNull(),
    deferralGround: text('deferral_ground').$type<DeferralGround>(),
    reviewOn: date('review_on'),
    informedOn: date('informed_on'),
    /** How the subject was informed, e.g. "per brief" (no content of the letter). */
    informedHow: text('informed_how'),
  },
  (t) => [
    uniqueIndex('notification_duties_decision').on(t.weighingDecisionId),
    check('notification_duties_state', sql`${t.state} in ('due', 'deferred', 'informed')`),
    check(
      'notification_duties_deferral',
      sql`(${t.state} = 'deferred') = (${t.deferralGround} is not null and ${t.reviewOn} is not null)`,
    ),
    check('notification_duties_informed', sql`(${t.state} = 'informed') = (${t.informedOn} is not null)`),
  ],
);

/** The register's history: every deferral (with its ground and review date) and the informing (art. 11.4). */
export const notificationEvents = pgTable('notification_events', {
  id: uuid('id').primaryKey(),
  dutyId: uuid('duty_id')
    .notNull()
    .references(() => notificationDuties.id),
  kind: text('kind').$type<NotificationEventKind>().notNull(),
  deferralGround: text('deferral_ground').$type<DeferralGround>(),
  reviewOn: date('review_on'),
  informedOn: date('informed_on'),
  /** As in the duty: free text, sealed with the subject's key and gone with the duty's. */
  informedHow: text('informed_how'),
  byMembershipId: uuid('by_membership_id')
    .notNull()
    .references(() => memberships.id),
  at: timestamp('at', { withTimezone: true }).notNull(),
});
