import { pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { covenants } from './covenants';
import { subjects } from './subjects';

/**
 * The notification duty (art. 11): once the weegploeg decides on a subject, either way, the subject must be
 * informed, unless the core parties defer it on a legal ground. A duty starts when the meeting's record is
 * frozen; informing and deferral are handled in the lifecycle (issue 6). Ids only, no personal data.
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
    state: text('state').notNull(),
    dueSince: timestamp('due_since', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('notification_duties_decision').on(t.weighingDecisionId)],
);
