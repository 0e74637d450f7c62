import { pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { covenants } from './covenants';

/**
 * The subject (art. 1i) as an anchor without personal data: a reference such as "PGA-2026-0001". Personal data
 * (NAW) live only in the files that hold them — the weighing file (art. 8.2a) and the case file (art. 10.2a) —
 * so that each can be archived and destroyed on its own clock (art. 13).
 */
export const subjects = pgTable(
  'subjects',
  {
    id: uuid('id').primaryKey(),
    covenantId: uuid('covenant_id')
      .notNull()
      .references(() => covenants.id),
    reference: text('reference').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('subjects_covenant_reference').on(t.covenantId, t.reference)],
);
