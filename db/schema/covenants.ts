import { sql } from 'drizzle-orm';
import { boolean, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { CovenantPolicy } from '../../shared/domain/covenant-policy';
import type { OrganisationType, PartyKind } from '../../shared/domain/parties';

/**
 * Organisations that take part in one or more covenants: municipality, police, OM, RvdK, Reclassering,
 * external partners, and the executor's organisation (often a Zorg- en Veiligheidshuis).
 */
export const organisations = pgTable('organisations', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  /** One of shared ORGANISATION_TYPES. */
  type: text('type').$type<OrganisationType>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A convenant. Several can exist (regions differ, the 2016 research report on privacy in local safety work); each carries its own policy. */
export const covenants = pgTable('covenants', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  region: text('region').notNull(),
  policy: jsonb('policy').$type<CovenantPolicy>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** An organisation's place in a covenant: core party, case party, or external partner of annex 1. */
export const parties = pgTable(
  'parties',
  {
    id: uuid('id').primaryKey(),
    covenantId: uuid('covenant_id')
      .notNull()
      .references(() => covenants.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    /** 'core' | 'case' | 'external' (shared PARTY_KINDS). */
    kind: text('kind').$type<PartyKind>().notNull(),
    /** Listed in annex 1 of the covenant (art. 1c); the mayor may add partners (the Gennep accession to the Limburg convenant). */
    annex1: boolean('annex1').notNull().default(false),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('parties_covenant_organisation').on(t.covenantId, t.organisationId)],
);

/** The referentiekader (art. 1g, annex 3) of a covenant. One active framework per covenant. */
export const referenceFrameworks = pgTable(
  'reference_frameworks',
  {
    id: uuid('id').primaryKey(),
    covenantId: uuid('covenant_id')
      .notNull()
      .references(() => covenants.id),
    name: text('name').notNull(),
    /** True for the shipped example framework, which is not an official one. */
    isExample: boolean('is_example').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('reference_frameworks_one_active')
      .on(t.covenantId)
      .where(sql`${t.active}`),
  ],
);

export const referenceCriteria = pgTable('reference_criteria', {
  id: uuid('id').primaryKey(),
  frameworkId: uuid('framework_id')
    .notNull()
    .references(() => referenceFrameworks.id),
  code: text('code').notNull(),
  title: text('title').notNull(),
  description: text('description').notNull(),
  position: integer('position').notNull(),
});
