import { text } from 'drizzle-orm/pg-core';

/**
 * NAW (naam, adres, woonplaats) of the subject, as both files record it (art. 8.2a, 10.2a). The same columns in
 * two separate tables: the case file holds a copy, never a reference to the weighing file (art. 8.5). Each is
 * stored sealed with its file's key (server/services/file-texts.ts); the date of birth is therefore text too
 * (YYYY-MM-DD once opened).
 */
export const nawColumns = () => ({
  name: text('name').notNull(),
  dateOfBirth: text('date_of_birth'),
  address: text('address'),
  residence: text('residence'),
});
