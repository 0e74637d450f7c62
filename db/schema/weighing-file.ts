import { date, index, integer, pgSchema, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { covenants, parties, referenceCriteria, referenceFrameworks } from './covenants';
import { subjects } from './subjects';
import { nawColumns } from './naw';
import { users } from './identity';
import type {
  DecisionPartyRole,
  DecisionState,
  Finding,
  WeighingFileStatus,
  WeighingOutcome,
} from '../../shared/domain/weighing';
import type { Phenomenon, SignalSetting } from '../../shared/domain/signals';

/**
 * The weegploeg file (art. 8.1: "een digitaal bestand, separaat van het digitaal bestand ten behoeve van het
 * casusoverleg"). Its tables live in their own Postgres schema; no table of the case file refers to them.
 */
export const weighingSchema = pgSchema('weighing');

export const weighingFiles = weighingSchema.table(
  'weighing_files',
  {
    id: uuid('id').primaryKey(),
    covenantId: uuid('covenant_id')
      .notNull()
      .references(() => covenants.id),
    subjectId: uuid('subject_id')
      .notNull()
      .references(() => subjects.id)
      .unique(),
    ...nawColumns(),
    /** shared WEIGHING_FILE_STATUSES */
    status: text('status').$type<WeighingFileStatus>().notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    /** Art. 13: retention runs from the last processing. */
    lastProcessedAt: timestamp('last_processed_at', { withTimezone: true }).notNull(),
    /** When the case was closed (art. 8.2f: "de afsluiting"), and in which frozen record. */
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedByRecordId: uuid('closed_by_record_id'),
    /** Art. 13.2: moved to the non-active archive (only core parties consult it) at this moment. */
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    /** Art. 13.1/13.3: destroyed at this moment; the row stays as a tombstone without personal data. */
    destroyedAt: timestamp('destroyed_at', { withTimezone: true }),
  },
  (t) => [index('weighing_files_covenant').on(t.covenantId)],
);

/** Art. 8.2b–c: the signals and the reporter (melder) who brought them. */
export const weighingSignals = weighingSchema.table(
  'weighing_signals',
  {
    id: uuid('id').primaryKey(),
    fileId: uuid('file_id')
      .notNull()
      .references(() => weighingFiles.id),
    description: text('description').notNull(),
    observedOn: date('observed_on').notNull(),
    /** Art. 7.2: the core party through whose representative the signal came in. */
    broughtByPartyId: uuid('brought_by_party_id')
      .notNull()
      .references(() => parties.id),
    reporterName: text('reporter_name').notNull(),
    reporterContact: text('reporter_contact').notNull(),
    phenomenon: text('phenomenon').$type<Phenomenon>().notNull(),
    setting: text('setting').$type<SignalSetting>().notNull(),
    registeredByUserId: uuid('registered_by_user_id')
      .notNull()
      .references(() => users.id),
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('weighing_signals_file').on(t.fileId)],
);

/** Art. 8.2d–e: the analysis against the reference framework and the decision, with grounds (the Ministerial letter on early signalling, 2024). */
export const weighingDecisions = weighingSchema.table(
  'weighing_decisions',
  {
    id: uuid('id').primaryKey(),
    fileId: uuid('file_id')
      .notNull()
      .references(() => weighingFiles.id),
    /**
     * The weegploeg meeting it was proposed and taken in (meetings live in the public schema). Null only for the
     * decisions recorded outside a meeting before that was refused (state `outside_meeting`).
     */
    meetingId: uuid('meeting_id'),
    /** Proposed in the meeting, taken at its freeze, or lapsed (shared/domain/weighing.ts DECISION_STATES). */
    state: text('state').$type<DecisionState>().notNull().default('proposed'),
    outcome: text('outcome').$type<WeighingOutcome>().notNull(),
    grounds: text('grounds').notNull(),
    frameworkId: uuid('framework_id')
      .notNull()
      .references(() => referenceFrameworks.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull(),
    recordedByUserId: uuid('recorded_by_user_id')
      .notNull()
      .references(() => users.id),
    /**
     * The case file the relevant data was copied to (art. 8.5). A plain id, not a foreign key: the link points
     * from the weighing file outwards, never from the case file back.
     */
    caseFileId: uuid('case_file_id'),
  },
  (t) => [index('weighing_decisions_file').on(t.fileId)],
);

export const weighingFindings = weighingSchema.table(
  'weighing_findings',
  {
    decisionId: uuid('decision_id')
      .notNull()
      .references(() => weighingDecisions.id),
    criterionId: uuid('criterion_id')
      .notNull()
      .references(() => referenceCriteria.id),
    finding: text('finding').$type<Finding>().notNull(),
    grounds: text('grounds').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.decisionId, t.criterionId] })],
);

/** The core parties who took a decision ('decided') and the parties to involve in the casusoverleg ('involve'). */
export const weighingDecisionParties = weighingSchema.table(
  'weighing_decision_parties',
  {
    decisionId: uuid('decision_id')
      .notNull()
      .references(() => weighingDecisions.id),
    partyId: uuid('party_id')
      .notNull()
      .references(() => parties.id),
    role: text('role').$type<DecisionPartyRole>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.decisionId, t.partyId, t.role] })],
);
