import { bigint, customType, index, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => new Uint8Array(value),
});

/**
 * Durable Yjs state of the live meetings. Every accepted update is appended here (in a transaction, before it is
 * broadcast); from time to time a document's log is compacted into one snapshot, which also drops deleted
 * content (a raw update log keeps deleted text).
 *
 * The bytes of an item's document are sealed with the key of the file the item discusses (`file_id`; see
 * server/live/doc-keys.ts), so destroying that key at the end of the file's retention (art. 13) leaves nothing
 * readable in any copy of the database. `file_id` null: stored as they are (the agenda document, tied to no file).
 */
export const liveSchema = pgSchema('live');

export const yjsUpdates = liveSchema.table(
  'yjs_updates',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    docName: text('doc_name').notNull(),
    update: bytea('update').notNull(),
    /** The file whose key sealed `update`; null when stored as it is. */
    fileId: uuid('file_id'),
    /**
     * The update's place in its document: 1, 2, 3… in commit order, the same on every instance (assigned with the
     * document's row in `yjs_heads`, whose lock serialises the document's writers). An instance that saw seq n and
     * then n + 2 knows it missed one, and reads it here.
     */
    seq: bigint('seq', { mode: 'number' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('yjs_updates_doc').on(t.docName, t.id), index('yjs_updates_doc_seq').on(t.docName, t.seq)],
);

/** The last seq given to each document's updates (kept when the log is compacted, so seqs never repeat). */
export const yjsHeads = liveSchema.table('yjs_heads', {
  docName: text('doc_name').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
});

export const yjsSnapshots = liveSchema.table('yjs_snapshots', {
  docName: text('doc_name').primaryKey(),
  state: bytea('state').notNull(),
  /** The file whose key sealed `state`; null when stored as it is. */
  fileId: uuid('file_id'),
  /** The last update id folded into this snapshot. */
  uptoId: bigint('upto_id', { mode: 'number' }).notNull(),
  /** The last seq folded into this snapshot. */
  uptoSeq: bigint('upto_seq', { mode: 'number' }).notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/**
 * Stored updates that could not be applied when their document was loaded (older data, or a fault in Yjs): kept
 * aside here, not deleted, so the document opens with the rest and the freeze still works. The executor sees them
 * (`GET /api/live/set-aside`); retention destroys them with their document (art. 13).
 */
export const yjsSetAside = liveSchema.table(
  'yjs_set_aside',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    docName: text('doc_name').notNull(),
    /** Where it was stored: `log` (an update) or `snapshot` (a compacted state). */
    source: text('source').$type<'log' | 'snapshot'>().notNull(),
    update: bytea('update').notNull(),
    /** The file whose key sealed `update`; null when stored as it is. */
    fileId: uuid('file_id'),
    /** The error Yjs raised, by name only (never content). */
    reason: text('reason').notNull(),
    setAsideAt: timestamp('set_aside_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('yjs_set_aside_doc').on(t.docName)],
);
