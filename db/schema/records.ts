import { sql } from 'drizzle-orm';
import {
  bigint,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { covenants } from './covenants';
import { memberships } from './identity';
import { meetings } from './meetings';
import { subjects } from './subjects';
import type { RecordKind } from '../../shared/domain/records';
import type { DestroyedObject, FileKind } from '../../shared/domain/retention';

/**
 * Frozen records (vastgestelde verslagen): what a meeting agreed, final and provably unchanged. Append-only: the
 * migrations' triggers refuse DELETE and TRUNCATE, and UPDATE except the destruction of a payload at the end of
 * its retention (art. 13), which leaves the payload's hash — and so the chain — intact. Every record's hash covers
 * its metadata, its payload's hash and the previous record's hash in the covenant's chain.
 */
export const recordsSchema = pgSchema('records');

export const meetingRecords = recordsSchema.table(
  'meeting_records',
  {
    covenantId: uuid('covenant_id')
      .notNull()
      .references(() => covenants.id),
    /** 1, 2, 3, … per covenant, without gaps: the position in the covenant's chain. */
    seq: bigint('seq', { mode: 'number' }).notNull(),
    id: uuid('id').notNull().unique(),
    /** 'minutes' (a frozen meeting) or 'rectification' (art. 12: a correction, linked to what it corrects). */
    kind: text('kind').$type<RecordKind>().notNull(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id),
    rectifiesId: uuid('rectifies_id'),
    /** The record's content (canonical JSON). Null once destroyed at the end of its retention period. */
    payload: jsonb('payload'),
    payloadHash: text('payload_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
    createdByMembershipId: uuid('created_by_membership_id')
      .notNull()
      .references(() => memberships.id),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.covenantId, t.seq] })],
);

/**
 * One key per file (weighing file or case file) for the personal content of frozen records (crypto-shredding,
 * art. 13). An agenda item's content in a record is sealed with the key of the file it discussed; destroying the
 * key when that file's retention ends makes the content unreadable for good, while the record's bytes, its hash and
 * the chain stay exactly as they were. Each file has its own clock (art. 13.1–13.3), so each has its own key.
 */
export const fileKeys = recordsSchema.table('file_keys', {
  /** weighing.weighing_files.id or casefile.case_files.id: plain ids, the files live in separate schemas. */
  fileId: uuid('file_id').primaryKey(),
  fileKind: text('file_kind').$type<FileKind>().notNull(),
  subjectId: uuid('subject_id')
    .notNull()
    .references(() => subjects.id),
  /** 32 random bytes (AES-256-GCM) as hex; null once destroyed. */
  key: text('key'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  destroyedAt: timestamp('destroyed_at', { withTimezone: true }),
});

/**
 * The key of a subject's own free text, which belongs to no one file: what a request under art. 12 asks and the
 * reasons of its answer, and how the subject was informed (art. 11.5). Two halves like a file's key (the share
 * here, the secret in the key store under this row's id). It is destroyed when the subject's last file is
 * (art. 13), with an entry in the destruction log; a request that comes in after that gets a new key, so at most
 * one key per subject is live at a time.
 */
export const subjectKeys = recordsSchema.table(
  'subject_keys',
  {
    /** Also the secret's id in the key store. */
    id: uuid('id').primaryKey(),
    subjectId: uuid('subject_id')
      .notNull()
      .references(() => subjects.id),
    /** 32 random bytes as hex; null once destroyed. */
    key: text('key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    destroyedAt: timestamp('destroyed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('subject_keys_live')
      .on(t.subjectId)
      .where(sql`${t.destroyedAt} is null`),
  ],
);

/**
 * The destruction log (art. 13): every destroyed file key and record payload, append-only (triggers refuse UPDATE,
 * DELETE and TRUNCATE) and hash-chained like the audit log. The database refuses to destroy a key or a payload
 * without its entry here, and `records:verify` reports any key or payload that is gone without one.
 */
export const destructions = recordsSchema.table(
  'destructions',
  {
    /** 1, 2, 3, … without gaps; assigned under an advisory lock together with the chain. */
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    /** 'file_key' (records.file_keys.file_id), 'subject_key' (records.subject_keys.id) or 'record_payload'. */
    objectType: text('object_type').$type<DestroyedObject>().notNull(),
    objectId: uuid('object_id').notNull(),
    /** The retention rule the destruction rests on, e.g. "art. 13.1". */
    rule: text('rule').notNull(),
    destroyedAt: timestamp('destroyed_at', { withTimezone: true, precision: 3 }).notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [unique('destructions_object_unique').on(t.objectType, t.objectId)],
);
