import { check, date, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { covenants } from './covenants';
import { memberships } from './identity';
import { subjects } from './subjects';
import type { RequestDecision, RequestKind, Requester } from '../../shared/domain/subject-requests';
import type { DeferralGround } from '../../shared/domain/notification';

/**
 * A subject's request under art. 12 (access, correction, deletion, objection), registered by the executor with the
 * date it was received; the deadline follows from the covenant's policy. A refusal carries its ground (art. 43 Wbp)
 * and reasoning (art. 12.4: "een gemotiveerde afwijzing"). The free text (`details`, `reasoning`) is sealed with the
 * subject's key (records.subject_keys), which is destroyed with the subject's last file (art. 13).
 */
export const subjectRequests = pgTable(
  'subject_requests',
  {
    id: uuid('id').primaryKey(),
    covenantId: uuid('covenant_id')
      .notNull()
      .references(() => covenants.id),
    subjectId: uuid('subject_id')
      .notNull()
      .references(() => subjects.id),
    kind: text('kind').$type<RequestKind>().notNull(),
    requester: text('requester').$type<Requester>().notNull(),
    receivedOn: date('received_on').notNull(),
    deadline: date('deadline').notNull(),
    /** Art. 12.3: answered only after the identity is established. */
    identityVerifiedOn: date('identity_verified_on'),
    /** What is asked (for a correction: which corrections and why, art. 12.5). */
    details: text('details').notNull(),
    decision: text('decision').$type<RequestDecision>(),
    decidedOn: date('decided_on'),
    refusalGround: text('refusal_ground').$type<DeferralGround>(),
    reasoning: text('reasoning'),
    registeredByMembershipId: uuid('registered_by_membership_id')
      .notNull()
      .references(() => memberships.id),
    decidedByMembershipId: uuid('decided_by_membership_id').references(() => memberships.id),
    /** Art. 12.6: a decision to correct, delete or shield is carried out within 4 weeks, and the parties told. */
    carriedOutOn: date('carried_out_on'),
    partiesNotifiedOn: date('parties_notified_on'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    check('subject_requests_kind', sql`${t.kind} in ('access', 'correction', 'deletion', 'objection')`),
    check(
      'subject_requests_refusal',
      sql`(${t.decision} = 'refused') = (${t.refusalGround} is not null) or ${t.decision} is null`,
    ),
  ],
);
