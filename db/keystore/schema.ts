import { pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The key store: one secret per file (weighing file or case file), kept apart from the database that holds the
 * file's content, so that the database's own files, its WAL and its backups never hold both halves of a file's
 * key. Destroying the secret at the end of the file's retention (convenant art. 13) makes every copy of the
 * content unreadable, wherever it went. It lives in its own database (KEYSTORE_DATABASE_URL) whose backups are
 * kept only briefly; see the README's retention section.
 */
export const keystoreSchema = pgSchema('keystore');

export const fileSecrets = keystoreSchema.table('file_secrets', {
  fileId: uuid('file_id').primaryKey(),
  /** 32 random bytes as hex; null once destroyed (the row stays, so no new secret is ever made for the file). */
  secret: text('secret'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  destroyedAt: timestamp('destroyed_at', { withTimezone: true }),
});
