import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, inArray, isNotNull, isNull, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database, Executor } from '../../db/client';
import {
  agendaItems,
  caseDisclosures,
  caseFiles,
  meetingAttendance,
  meetings,
  memberships,
  organisations,
  parties,
  partyNotices,
  subjectRequests,
  subjects,
  users,
} from '../../db/schema/index';
import {
  canReadPartyNotices,
  type Compartment,
  type MeetingKind,
  type PartyNoticeCount,
  type PartyNoticeList,
  type PartyNoticeQuery,
  type PartyNoticeView,
} from '../../shared/index';
import type { RequestContext } from '../context';
import { conflict, notFound } from '../errors';
import { appendAudit } from './audit';
import { auditDecision, concerning, decisionEntry, enforce } from './authorize';
import type { ItemContent, MinutesPayload } from './record-payload';
import { readsInRecord } from './record-access';

const PURPOSE = 'kennisgeving aan partijen van een uitgevoerde correctie (convenant art. 12.6)';

/** The organisations behind these memberships, as the masking policy sees them (revoked ones too: the party kept what it received). */
async function policyParticipants(db: Executor, covenantId: string, membershipIds: readonly string[]) {
  if (membershipIds.length === 0) return [];
  const rows = await db
    .select({
      organisationId: memberships.organisationId,
      role: memberships.role,
      organisationType: organisations.type,
      partyId: parties.id,
      partyKind: parties.kind,
    })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .leftJoin(
      parties,
      and(eq(parties.organisationId, memberships.organisationId), eq(parties.covenantId, covenantId)),
    )
    .where(inArray(memberships.id, [...membershipIds]));
  return rows.map((r) => ({
    organisationId: r.organisationId,
    role: r.role,
    organisationType: r.organisationType,
    partyId: r.partyId,
    partyKind: r.partyKind ?? null,
  }));
}

/**
 * Art. 12.6, for a correction of the minutes: every party whose people attended the corrected item and could read
 * the corrected compartment there (by the policy in force at the freeze, or by disclosure) is told. A party that
 * could not see the field is not told of it: the notice would itself say something about data it may not see.
 */
export async function noticeRectification(
  tx: Executor,
  input: {
    covenantId: string;
    meetingId: string;
    recordId: string;
    item: { position: number; subjectId: string; content: ItemContent };
    compartment: Compartment;
    payload: Pick<MinutesPayload, 'policy' | 'meeting'>;
  },
  now: Date,
): Promise<number> {
  const attended = input.item.content.attendance.map((a) => a.membershipId);
  const participants = await policyParticipants(tx, input.covenantId, attended);
  const kind: MeetingKind = input.payload.meeting.kind;
  const told = new Set(
    participants
      .filter(
        (p) =>
          readsInRecord(input.payload.policy, p, kind, input.compartment, input.item.content.disclosures)
            .reads,
      )
      .map((p) => p.organisationId),
  );
  return send(tx, told, {
    covenantId: input.covenantId,
    kind: 'rectification',
    subjectId: input.item.subjectId,
    meetingId: input.meetingId,
    recordId: input.recordId,
    itemPosition: input.item.position,
    createdAt: now,
  });
}

/** One notice per organisation told; how many were sent. */
async function send(
  tx: Executor,
  organisationIds: ReadonlySet<string>,
  notice: Omit<typeof partyNotices.$inferInsert, 'id' | 'organisationId'>,
): Promise<number> {
  if (organisationIds.size === 0) return 0;
  await tx
    .insert(partyNotices)
    .values([...organisationIds].map((organisationId) => ({ ...notice, id: randomUUID(), organisationId })));
  return organisationIds.size;
}

/**
 * Art. 12.6, for a granted correction, deletion or objection carried out: the parties that received the subject's
 * data are told — whose people attended an agenda item on the subject, and the external partners a case field was
 * disclosed to (art. 10.5). Parties that never received anything on the subject are not told of it.
 */
export async function noticeRequestCarriedOut(
  tx: Executor,
  input: { covenantId: string; subjectId: string; subjectRequestId: string },
  now: Date,
): Promise<number> {
  const attended = await tx
    .selectDistinct({ organisationId: memberships.organisationId })
    .from(meetingAttendance)
    .innerJoin(agendaItems, eq(agendaItems.id, meetingAttendance.agendaItemId))
    .innerJoin(memberships, eq(memberships.id, meetingAttendance.membershipId))
    .where(eq(agendaItems.subjectId, input.subjectId));
  const disclosed = await tx
    .selectDistinct({ organisationId: parties.organisationId })
    .from(caseDisclosures)
    .innerJoin(caseFiles, eq(caseFiles.id, caseDisclosures.fileId))
    .innerJoin(parties, eq(parties.id, caseDisclosures.recipientPartyId))
    .where(
      and(
        eq(caseFiles.subjectId, input.subjectId),
        isNotNull(caseDisclosures.decidedAt),
        inArray(caseDisclosures.state, ['active', 'revoked']),
      ),
    );
  const told = new Set([...attended, ...disclosed].map((r) => r.organisationId));
  return send(tx, told, {
    covenantId: input.covenantId,
    kind: 'request_carried_out',
    subjectId: input.subjectId,
    subjectRequestId: input.subjectRequestId,
    createdAt: now,
  });
}

/** Notices as views, newest first. */
async function noticeViews(db: Executor, where: SQL | undefined) {
  const acknowledger = alias(users, 'acknowledger');
  const rows = await db
    .select({
      notice: partyNotices,
      organisation: organisations.name,
      reference: subjects.reference,
      meeting: {
        id: meetings.id,
        title: meetings.title,
        kind: meetings.kind,
        scheduledAt: meetings.scheduledAt,
      },
      requestKind: subjectRequests.kind,
      acknowledgedBy: acknowledger.displayName,
    })
    .from(partyNotices)
    .innerJoin(organisations, eq(organisations.id, partyNotices.organisationId))
    .innerJoin(subjects, eq(subjects.id, partyNotices.subjectId))
    .leftJoin(meetings, eq(meetings.id, partyNotices.meetingId))
    .leftJoin(subjectRequests, eq(subjectRequests.id, partyNotices.subjectRequestId))
    .leftJoin(memberships, eq(memberships.id, partyNotices.acknowledgedByMembershipId))
    .leftJoin(acknowledger, eq(acknowledger.id, memberships.userId))
    .where(where)
    .orderBy(desc(partyNotices.createdAt));
  return rows.map((r) => ({
    organisationId: r.notice.organisationId,
    subjectId: r.notice.subjectId,
    view: {
      id: r.notice.id,
      kind: r.notice.kind,
      organisation: r.organisation,
      subjectReference: r.reference,
      meeting: r.meeting ? { ...r.meeting, scheduledAt: r.meeting.scheduledAt.toISOString() } : null,
      itemPosition: r.notice.itemPosition,
      requestKind: (r.requestKind as PartyNoticeView['requestKind']) ?? null,
      createdAt: r.notice.createdAt.toISOString(),
      acknowledgedAt: r.notice.acknowledgedAt?.toISOString() ?? null,
      acknowledgedBy: r.acknowledgedBy ?? null,
    } satisfies PartyNoticeView,
  }));
}

/** The notices to the reader's own party, or (executor, `sent`) every notice with its acknowledgement. */
export async function listPartyNotices(
  db: Database,
  ctx: RequestContext,
  query: PartyNoticeQuery,
): Promise<PartyNoticeList> {
  const scope = query.scope ?? 'own';
  const allowed = await enforce(db, ctx, canReadPartyNotices(ctx.actor, scope), {
    action: 'list',
    objectType: 'party_notice',
    fieldGroup: scope,
    purpose: PURPOSE,
  });
  const own = eq(partyNotices.organisationId, ctx.actor.organisationId);
  const rows = await noticeViews(
    db,
    and(eq(partyNotices.covenantId, ctx.actor.covenantId), scope === 'own' ? own : undefined),
  );
  // Each notice names a subject's reference: listed per subject for the access review (art. 15.2e).
  await appendAudit(
    db,
    rows.map((r) =>
      decisionEntry(ctx, concerning(allowed, { subjectId: r.subjectId, fieldGroup: 'reference' }), {
        action: 'list',
        objectType: 'party_notice',
        objectId: r.view.id,
        purpose: PURPOSE,
      }),
    ),
  );
  return {
    notices: rows.map((r) => r.view),
    unacknowledged: rows.filter(
      (r) => r.view.acknowledgedAt === null && r.organisationId === ctx.actor.organisationId,
    ).length,
  };
}

/**
 * How many notices to the own party are not acknowledged yet: a count, naming no subject, so it is not a read of
 * anyone's data and is not logged per subject (the list is).
 */
export async function countUnacknowledged(db: Database, ctx: RequestContext): Promise<PartyNoticeCount> {
  await enforce(db, ctx, canReadPartyNotices(ctx.actor, 'own'), {
    action: 'read',
    objectType: 'party_notice',
    fieldGroup: 'count',
    purpose: PURPOSE,
  });
  const [row] = await db
    .select({ unacknowledged: count() })
    .from(partyNotices)
    .where(
      and(
        eq(partyNotices.covenantId, ctx.actor.covenantId),
        eq(partyNotices.organisationId, ctx.actor.organisationId),
        isNull(partyNotices.acknowledgedAt),
      ),
    );
  return { unacknowledged: row?.unacknowledged ?? 0 };
}

/** A member acknowledges a notice for the own party (once; who and when is kept). */
export async function acknowledgePartyNotice(
  db: Database,
  ctx: RequestContext,
  id: string,
): Promise<PartyNoticeView> {
  const allowed = await enforce(db, ctx, canReadPartyNotices(ctx.actor, 'own'), {
    action: 'update',
    objectType: 'party_notice',
    objectId: id,
    purpose: PURPOSE,
  });
  // Another party's notice is not found: its existence is not the reader's business.
  const mine = and(
    eq(partyNotices.id, id),
    eq(partyNotices.covenantId, ctx.actor.covenantId),
    eq(partyNotices.organisationId, ctx.actor.organisationId),
  );
  const [notice] = await db.select().from(partyNotices).where(mine).limit(1);
  if (!notice) throw notFound('Notice');
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(partyNotices)
      .set({ acknowledgedAt: new Date(), acknowledgedByMembershipId: ctx.actor.membershipId })
      .where(and(mine, isNull(partyNotices.acknowledgedAt)))
      .returning({ id: partyNotices.id });
    if (updated.length === 0) throw conflict('This notice was already acknowledged');
    await auditDecision(
      tx,
      ctx,
      concerning(allowed, { subjectId: notice.subjectId, fieldGroup: 'acknowledged' }),
      {
        action: 'update',
        objectType: 'party_notice',
        objectId: id,
        purpose: PURPOSE,
      },
    );
  });
  const [row] = await noticeViews(db, mine);
  return row!.view;
}
