import { bigint, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { AuditAction, AuditObjectType, AuditResult } from '../../shared/domain/audit-vocabulary';
import type { MembershipRole } from '../../shared/domain/roles';

/**
 * The audit log of every read and write of personal data (art. 15.2e: "Automatische logging van toegang tot
 * gegevens, inclusief een periodieke controleprocedure"). Append-only: triggers in the migrations refuse
 * UPDATE, DELETE and TRUNCATE, and every row carries a SHA-256 chained to the previous row's hash.
 * Rows hold ids, never personal data, so retention (art. 13) never has to touch this table.
 */
export const auditSchema = pgSchema('audit');

export const auditLog = auditSchema.table('log', {
  /** 1, 2, 3, … without gaps; assigned under an advisory lock together with the chain. */
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull(),
  userId: uuid('user_id'),
  organisationId: uuid('organisation_id'),
  capacity: text('capacity'),
  role: text('role').$type<MembershipRole>(),
  /** On whose behalf: the party id, or 'controller' for the executor acting for the core parties (art. 4–5). */
  onBehalfOf: text('on_behalf_of'),
  action: text('action').$type<AuditAction>().notNull(),
  objectType: text('object_type').$type<AuditObjectType>().notNull(),
  objectId: text('object_id'),
  subjectId: uuid('subject_id'),
  fieldGroup: text('field_group'),
  result: text('result').$type<AuditResult>().notNull(),
  /** The rule the decision rests on, e.g. "art. 8.4". */
  rule: text('rule'),
  purpose: text('purpose').notNull(),
  ip: text('ip'),
  userAgent: text('user_agent'),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
});
