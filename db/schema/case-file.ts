import { check, date, index, pgSchema, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { memberships } from './identity';
import { covenants, parties } from './covenants';
import { subjects } from './subjects';
import { nawColumns } from './naw';
import type { CaseFileStatus, RelatedPersonKind } from '../../shared/domain/case-file';
import type { MeasureStatus } from '../../shared/live/content';
import type {
  ConsentCapacity,
  ConsentDecision,
  DisclosableCompartment,
  DisclosureState,
} from '../../shared/domain/disclosure';

/**
 * The casusoverleg file (art. 10.1: "separaat van het digitaal bestand ten behoeve van de weegploeg"). Its own
 * Postgres schema; nothing here references the weighing schema, so no case-file query can reach weighing rows.
 * On agenda-ing, the relevant data is *copied* in (art. 8.5).
 */
export const caseFileSchema = pgSchema('casefile');

export const caseFiles = caseFileSchema.table(
  'case_files',
  {
    id: uuid('id').primaryKey(),
    covenantId: uuid('covenant_id')
      .notNull()
      .references(() => covenants.id),
    subjectId: uuid('subject_id')
      .notNull()
      .references(() => subjects.id),
    ...nawColumns(),
    /** Art. 10.2d: the analysis against the reference framework, as copied text. */
    analysis: text('analysis').notNull(),
    status: text('status').$type<CaseFileStatus>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastProcessedAt: timestamp('last_processed_at', { withTimezone: true }).notNull(),
    /** The next review of the plan of approach, as agreed in the last casusoverleg (art. 9.4). */
    nextReviewOn: date('next_review_on'),
    /** When the casusoverleg agreed to close the plan (art. 10.2h), and in which frozen record. */
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedByRecordId: uuid('closed_by_record_id'),
    /** Art. 13.2: moved to the non-active archive (only core parties consult it) at this moment. */
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    /** Art. 13.1/13.3: destroyed at this moment; the row stays as a tombstone without personal data. */
    destroyedAt: timestamp('destroyed_at', { withTimezone: true }),
  },
  (t) => [index('case_files_covenant').on(t.covenantId)],
);

/** Art. 10.2b–c: the signals and the *party* that brought them (not the reporter). */
export const caseSignals = caseFileSchema.table('case_signals', {
  id: uuid('id').primaryKey(),
  fileId: uuid('file_id')
    .notNull()
    .references(() => caseFiles.id),
  description: text('description').notNull(),
  observedOn: date('observed_on').notNull(),
  broughtByPartyId: uuid('brought_by_party_id')
    .notNull()
    .references(() => parties.id),
});

/** Art. 9.1: the parties and external partners that must take part for this subject. */
export const caseInvolvedParties = caseFileSchema.table(
  'case_involved_parties',
  {
    fileId: uuid('file_id')
      .notNull()
      .references(() => caseFiles.id),
    partyId: uuid('party_id')
      .notNull()
      .references(() => parties.id),
  },
  (t) => [primaryKey({ columns: [t.fileId, t.partyId] })],
);

/** Art. 1e: the integraal plan van aanpak — a goal and measures per party. */
export const plans = caseFileSchema.table('case_plans', {
  id: uuid('id').primaryKey(),
  fileId: uuid('file_id')
    .notNull()
    .references(() => caseFiles.id)
    .unique(),
  goal: text('goal').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/** Art. 10.2e: the actions parties take. */
export const measures = caseFileSchema.table('case_measures', {
  id: uuid('id').primaryKey(),
  planId: uuid('plan_id')
    .notNull()
    .references(() => plans.id),
  description: text('description').notNull(),
  ownerPartyId: uuid('owner_party_id')
    .notNull()
    .references(() => parties.id),
  dueOn: date('due_on'),
  status: text('status').$type<MeasureStatus>().notNull(),
});

/**
 * Art. 10.2f–g: achterblijvers and people in the subject's social network, only as needed for the plan.
 * `kind` is 'left_behind' or 'network'.
 */
export const relatedPersons = caseFileSchema.table('case_related_persons', {
  id: uuid('id').primaryKey(),
  fileId: uuid('file_id')
    .notNull()
    .references(() => caseFiles.id),
  kind: text('kind').$type<RelatedPersonKind>().notNull(),
  name: text('name').notNull(),
  relation: text('relation').notNull(),
  details: text('details').notNull(),
});

/**
 * Art. 10.5: every disclosure (doorverstrekking) of case data to an external partner, recorded in the case file
 * "met de noodzaak en de aard van de gegevens", with the four building blocks of lawful sharing (the 2016 research report on privacy in local safety work). The
 * row is the record: it is never deleted; revocation and refusal are states.
 */
export const caseDisclosures = caseFileSchema.table(
  'case_disclosures',
  {
    id: uuid('id').primaryKey(),
    fileId: uuid('file_id')
      .notNull()
      .references(() => caseFiles.id),
    compartment: text('compartment').$type<DisclosableCompartment>().notNull(),
    recipientPartyId: uuid('recipient_party_id')
      .notNull()
      .references(() => parties.id),
    /** The party whose data it is (brought the signals, art. 10.2c); its consent is asked. */
    ownerPartyId: uuid('owner_party_id').references(() => parties.id),
    purpose: text('purpose').notNull(),
    legalBasis: text('legal_basis').notNull(),
    necessity: text('necessity').notNull(),
    dataKind: text('data_kind').notNull(),
    care: text('care').notNull(),
    state: text('state').$type<DisclosureState>().notNull(),
    proposedByMembershipId: uuid('proposed_by_membership_id')
      .notNull()
      .references(() => memberships.id),
    proposedAt: timestamp('proposed_at', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    revokedByMembershipId: uuid('revoked_by_membership_id').references(() => memberships.id),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    index('case_disclosures_file').on(t.fileId),
    check('case_disclosures_state', sql`${t.state} in ('proposed', 'active', 'refused', 'revoked')`),
  ],
);

/** Who consented to (or refused) a disclosure, in which capacity (art. 10.5: "de partijen daarmee instemmen"). */
export const caseDisclosureConsents = caseFileSchema.table(
  'case_disclosure_consents',
  {
    disclosureId: uuid('disclosure_id')
      .notNull()
      .references(() => caseDisclosures.id),
    capacity: text('capacity').$type<ConsentCapacity>().notNull(),
    decision: text('decision').$type<ConsentDecision>().notNull(),
    membershipId: uuid('membership_id')
      .notNull()
      .references(() => memberships.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.disclosureId, t.capacity] }),
    check('case_disclosure_consents_decision', sql`${t.decision} in ('consent', 'refuse')`),
  ],
);
