import { check, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { covenants, organisations } from './covenants';
import { memberships } from './identity';
import { meetings } from './meetings';
import { subjects } from './subjects';
import { subjectRequests } from './subject-requests';
import type { PartyNoticeKind } from '../../shared/api/party-notices';

/**
 * A notice to a party (art. 12.6: "Zij doet hiervan een kennisgeving aan partijen"): a correction of the minutes,
 * or a granted correction, deletion or objection carried out. Only the parties that received the data are told, so
 * a notice never tells a party of a subject it did not know of. A member of the party acknowledges it for the party.
 * Ids only: what was corrected the party reads in the minutes, through its own view.
 */
export const partyNotices = pgTable(
  'party_notices',
  {
    id: uuid('id').primaryKey(),
    covenantId: uuid('covenant_id')
      .notNull()
      .references(() => covenants.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    /** 'rectification' (of a frozen record) or 'request_carried_out' (art. 12.6). */
    kind: text('kind').$type<PartyNoticeKind>().notNull(),
    subjectId: uuid('subject_id')
      .notNull()
      .references(() => subjects.id),
    meetingId: uuid('meeting_id').references(() => meetings.id),
    /** The rectification record (records schema; a plain id). */
    recordId: uuid('record_id'),
    itemPosition: integer('item_position'),
    subjectRequestId: uuid('subject_request_id').references(() => subjectRequests.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    acknowledgedByMembershipId: uuid('acknowledged_by_membership_id').references(() => memberships.id),
  },
  (t) => [
    check('party_notices_kind', sql`${t.kind} in ('rectification', 'request_carried_out')`),
    check(
      'party_notices_reference',
      sql`(${t.kind} = 'rectification') = (${t.recordId} is not null and ${t.meetingId} is not null)`,
    ),
    uniqueIndex('party_notices_record_party').on(t.recordId, t.organisationId),
    uniqueIndex('party_notices_request_party').on(t.subjectRequestId, t.organisationId),
  ],
);
