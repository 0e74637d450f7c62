import {
  check,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  primaryKey,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { covenants } from './covenants';
import { memberships, users } from './identity';
import { subjects } from './subjects';
import { weighingFiles } from './weighing-file';
import { caseFiles } from './case-file';
import type { MeetingKind, MeetingState } from '../../shared/domain/meetings';
import type { ConsentVote, ItemOutcome } from '../../shared/domain/consent';
import type { MembershipRole } from '../../shared/domain/roles';

/** A weegploeg ('weighing', art. 7) or casusoverleg ('case', art. 9) meeting. */
export const meetings = pgTable('meetings', {
  id: uuid('id').primaryKey(),
  covenantId: uuid('covenant_id')
    .notNull()
    .references(() => covenants.id),
  kind: text('kind').$type<MeetingKind>().notNull(),
  title: text('title').notNull(),
  scheduledAt: timestamp('scheduled_at', { withTimezone: true }).notNull(),
  state: text('state').$type<MeetingState>().notNull(),
  /** The agenda item the chair has the meeting discuss now (live meeting). */
  currentItemId: uuid('current_item_id'),
  /** Since when the current item is discussed: its time used grows from here until the chair moves on. */
  currentItemSince: timestamp('current_item_since', { withTimezone: true }),
  createdByUserId: uuid('created_by_user_id')
    .notNull()
    .references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  /** A scheduled meeting the executor called off (art. 5): when, by whom and why. */
  cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  cancelledByMembershipId: uuid('cancelled_by_membership_id').references(() => memberships.id),
  /** Why, in the executor's words; about the meeting, not a person (the form says so). */
  cancellationReason: text('cancellation_reason'),
});

/**
 * One agenda item per subject. A weegploeg item points at a weighing file, a casusoverleg item at a case file,
 * never both (the files are separate, art. 8.1 / 10.1).
 */
export const agendaItems = pgTable(
  'agenda_items',
  {
    id: uuid('id').primaryKey(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id),
    position: integer('position').notNull(),
    subjectId: uuid('subject_id')
      .notNull()
      .references(() => subjects.id),
    weighingFileId: uuid('weighing_file_id').references(() => weighingFiles.id),
    caseFileId: uuid('case_file_id').references(() => caseFiles.id),
    /** Time spent discussing the item so far, in seconds (earlier turns; the running one: meetings). */
    discussedSeconds: integer('discussed_seconds').notNull().default(0),
  },
  (t) => [
    uniqueIndex('agenda_items_meeting_subject').on(t.meetingId, t.subjectId),
    check('agenda_items_one_file', sql`(${t.weighingFileId} is null) <> (${t.caseFileId} is null)`),
  ],
);

/** Who takes part in a meeting, and in which role (copied from the membership when invited). */
export const meetingParticipants = pgTable(
  'meeting_participants',
  {
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id),
    membershipId: uuid('membership_id')
      .notNull()
      .references(() => memberships.id),
    role: text('role').$type<MembershipRole>().notNull(),
    /**
     * 'meeting': admitted to every agenda item; 'items': only to those in meeting_admissions. Parties and
     * partners invited for one case see only its items (art. 9.1, 10.5); the chair changes this live.
     */
    scope: text('scope').notNull().default('meeting'),
  },
  (t) => [
    primaryKey({ columns: [t.meetingId, t.membershipId] }),
    check('meeting_participants_scope', sql`${t.scope} in ('meeting', 'items')`),
  ],
);

/** The agenda items a participant with scope 'items' is admitted to. */
export const meetingAdmissions = pgTable(
  'meeting_admissions',
  {
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id),
    agendaItemId: uuid('agenda_item_id')
      .notNull()
      .references(() => agendaItems.id),
    membershipId: uuid('membership_id')
      .notNull()
      .references(() => memberships.id),
    admittedAt: timestamp('admitted_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.agendaItemId, t.membershipId] })],
);

/**
 * Who was present while an agenda item was discussed: recorded when the chair moves to the item and when someone
 * joins during it. Needed for the minutes and for art. 10.5 (who received what).
 */
export const meetingAttendance = pgTable(
  'meeting_attendance',
  {
    agendaItemId: uuid('agenda_item_id')
      .notNull()
      .references(() => agendaItems.id),
    membershipId: uuid('membership_id')
      .notNull()
      .references(() => memberships.id),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.agendaItemId, t.membershipId] })],
);

/**
 * A consent round on an agenda item: the chair puts a proposal (see shared/domain/consent.ts) to the
 * item's participants. Rounds are numbered per item and never removed, so earlier objections stay on record.
 */
export const consentRounds = pgTable(
  'consent_rounds',
  {
    id: uuid('id').primaryKey(),
    agendaItemId: uuid('agenda_item_id')
      .notNull()
      .references(() => agendaItems.id),
    round: integer('round').notNull(),
    proposal: jsonb('proposal').notNull(),
    askedByMembershipId: uuid('asked_by_membership_id')
      .notNull()
      .references(() => memberships.id),
    askedAt: timestamp('asked_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('consent_rounds_item_round').on(t.agendaItemId, t.round)],
);

/** A participant's agreement or objection (with remark) in a round; the latest vote of a participant counts. */
export const consentVotes = pgTable(
  'consent_votes',
  {
    roundId: uuid('round_id')
      .notNull()
      .references(() => consentRounds.id),
    membershipId: uuid('membership_id')
      .notNull()
      .references(() => memberships.id),
    vote: text('vote').$type<ConsentVote>().notNull(),
    remark: text('remark'),
    votedAt: timestamp('voted_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.roundId, t.membershipId] }),
    check('consent_votes_vote', sql`${t.vote} in ('agree', 'object')`),
    check('consent_votes_objection_remark', sql`${t.vote} = 'agree' or ${t.remark} is not null`),
  ],
);

/** The outcome the chair gave an agenda item: agreed (in a round) or carried over to a next meeting. */
export const itemOutcomes = pgTable(
  'agenda_item_outcomes',
  {
    agendaItemId: uuid('agenda_item_id')
      .primaryKey()
      .references(() => agendaItems.id),
    outcome: text('outcome').$type<ItemOutcome>().notNull(),
    /** The round agreed to; null when carried over. */
    roundId: uuid('round_id').references(() => consentRounds.id),
    decidedByMembershipId: uuid('decided_by_membership_id')
      .notNull()
      .references(() => memberships.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    check('agenda_item_outcomes_outcome', sql`${t.outcome} in ('agreed', 'carried_over')`),
    check('agenda_item_outcomes_round', sql`(${t.outcome} = 'agreed') = (${t.roundId} is not null)`),
  ],
);

/**
 * An agenda item the executor took off a meeting before it was discussed (art. 5), with the reason. The item and
 * its live documents are gone; this row says that it was there. The reason may touch the subject, so it goes
 * with the file (retention blanks it when the file is destroyed, art. 13).
 */
export const agendaItemRemovals = pgTable('agenda_item_removals', {
  id: uuid('id').primaryKey(),
  meetingId: uuid('meeting_id')
    .notNull()
    .references(() => meetings.id),
  /** The removed item's id (the row itself is deleted). */
  agendaItemId: uuid('agenda_item_id').notNull(),
  /** The file the item was about: plain ids, as the files stay apart from each other (art. 8.1, 10.1). */
  weighingFileId: uuid('weighing_file_id'),
  caseFileId: uuid('case_file_id'),
  reason: text('reason').notNull(),
  byMembershipId: uuid('by_membership_id')
    .notNull()
    .references(() => memberships.id),
  at: timestamp('at', { withTimezone: true }).notNull(),
});
