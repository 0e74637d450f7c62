import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { memberships } from './identity';
import type { FileKind } from '../../shared/domain/retention';

/**
 * An archived file made available again on the controller's order (art. 13.4). The order is free text that may
 * touch the subject, so it is kept here with the file's id (not in the audit log, which outlives every file) and
 * blanked when the file is destroyed (art. 13.1).
 */
export const fileRestorations = pgTable('file_restorations', {
  id: uuid('id').primaryKey(),
  fileKind: text('file_kind').$type<FileKind>().notNull(),
  fileId: uuid('file_id').notNull(),
  order: text('order').notNull(),
  byMembershipId: uuid('by_membership_id')
    .notNull()
    .references(() => memberships.id),
  at: timestamp('at', { withTimezone: true }).notNull(),
});
