import { date, text } from 'drizzle-orm/pg-core';

/**
 * NAW (naam, adres, woonplaats) of the subject, as both files record it (art. 8.2a, 10.2a). The same columns in
 * two separate tables: the case file holds a copy, never a reference to the weighing file (art. 8.5).
 */
export const nawColumns = () => ({
  name: text('name').notNull(),
  dateOfBirth: date('date_of_birth'),
  address: text('address'),
  residence: text('residence'),
});
