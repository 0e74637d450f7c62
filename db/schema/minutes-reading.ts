import { jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { memberships } from './identity';
import { meetings } from './meetings';

/** Who marked the frozen minutes of a meeting as read ("gezien"); one row per participant, the first time counts. */
export const minutesAcknowledgements = pgTable(
  'minutes_acknowledgements',
  {
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id),
    /** records.meeting_records.id of the minutes read (a plain id: records live in their own schema). */
    recordId: uuid('record_id').notNull(),
    membershipId: uuid('membership_id')
      .notNull()
      .references(() => memberships.id),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.membershipId] })],
);

export type CorrectionRequestStatus = 'requested' | 'rectified' | 'refused';

/**
 * A participant asks the executor to correct a field of the frozen minutes (art. 12). The reason and the answer may
 * hold personal data: both are sealed with the key of the file the item discussed, so destroying that key at the end
 * of the retention period (art. 13) erases them with the record's content.
 */
export const minutesCorrectionRequests = pgTable('minutes_correction_requests', {
  id: uuid('id').primaryKey(),
  meetingId: uuid('meeting_id')
    .notNull()
    .references(() => meetings.id),
  recordId: uuid('record_id').notNull(),
  itemId: uuid('item_id').notNull(),
  compartment: text('compartment').notNull(),
  field: text('field').notNull(),
  requesterMembershipId: uuid('requester_membership_id')
    .notNull()
    .references(() => memberships.id),
  /** Sealed { reason, answer? } (server/services/sealing.ts). */
  sealed: jsonb('sealed').notNull(),
  status: text('status').$type<CorrectionRequestStatus>().notNull(),
  requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
  answeredByMembershipId: uuid('answered_by_membership_id').references(() => memberships.id),
  answeredAt: timestamp('answered_at', { withTimezone: true }),
  /** The rectification record that carried the request out. */
  rectificationRecordId: uuid('rectification_record_id'),
});
