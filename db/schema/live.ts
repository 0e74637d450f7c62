import { bigint, customType, index, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => new Uint8Array(value),
});

/**
 * Durable Yjs state of the live meetings. Every accepted update is appended here (in a transaction, before it is
 * broadcast); from time to time a document's log is compacted into one snapshot, which also drops deleted
 * content (a raw update log keeps deleted text).
 */
export const liveSchema = pgSchema('live');

export const yjsUpdates = liveSchema.table(
  'yjs_updates',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    docName: text('doc_name').notNull(),
    update: bytea('update').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('yjs_updates_doc').on(t.docName, t.id)],
);

export const yjsSnapshots = liveSchema.table('yjs_snapshots', {
  docName: text('doc_name').primaryKey(),
  state: bytea('state').notNull(),
  /** The last update id folded into this snapshot. */
  uptoId: bigint('upto_id', { mode: 'number' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
