import { openTexts } from './file-texts';
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client';
import {
  agendaItems,
  itemOutcomes,
  caseFiles,
  caseInvolvedParties,
  meetingAdmissions,
  meetingParticipants,
  meetings,
  memberships,
  organisations,
  parties,
  subjects,
  users,
  weighingFiles,
} from '../../db/schema/index';
import {
  INITIAL_MEETING_STATE,
  LIMITS,
  canPrepareMeetings,
  isOver,
  canReadCaseFile,
  canReadWeighingFile,
  type AddAgendaItemBody,
  type AgendaItemView,
  type MeetingDetail,
  type MeetingKind,
  type MeetingSummary,
  type MembershipRole,
  type ScheduleMeetingBody,
} from '../../shared/index';
import type { RequestContext } from '../context';
import { AppError, badInput, conflict, notFound, ruleViolation } from '../errors';
import { ErrorCode } from '../../shared/index';
import { admissionOf, admits } from './admissions';
import { archivedOutOfReach } from './archive-rule';
import { byRequester, appendAudit, type AuditEntry } from './audit';
import { enforce } from './authorize';
import { involvedParties } from './case-files';

const PURPOSE = 'voorbereiden en houden van overleg (convenant art. 5, 7, 9)';

const agendaClosed = (state: string) => conflict(`The meeting is ${state}; its agenda can no longer change`);

const isOrganiser = (role: MembershipRole) => role === 'executor' || role === 'chair';

/** Meetings the actor takes part in; the executor and chair see all meetings of their covenant (art. 5). */
export async function listMeetings(db: Database, ctx: RequestContext): Promise<MeetingSummary[]> {
  const { actor } = ctx;
  const participates = sql`exists (select 1 from ${meetingParticipants} where ${meetingParticipants}.meeting_id = ${meetings}.id and ${meetingParticipants}.membership_id = ${actor.membershipId})`;
  const rows = await db
    .select({
      meeting: meetings,
      // Correlated subqueries name their tables explicitly: drizzle renders columns unqualified in a join-less
      // select, and an unqualified "id" would bind to the inner table.
      agendaItemCount: sql<number>`(select count(*)::int from ${agendaItems} where ${agendaItems}.meeting_id = ${meetings}.id)`,
    })
    .from(meetings)
    .where(and(eq(meetings.covenantId, actor.covenantId), isOrganiser(actor.role) ? undefined : participates))
    .orderBy(desc(meetings.scheduledAt));
  return rows.map(({ meeting, agendaItemCount }) => ({
    id: meeting.id,
    kind: meeting.kind,
    title: meeting.title,
    scheduledAt: meeting.scheduledAt.toISOString(),
    state: meeting.state,
    agendaItemCount,
  }));
}

/**
 * Who is invited when a meeting is scheduled. A weegploeg consists of the core parties' representatives
 * (art. 1m), with the executor and chair; a casusoverleg gains the involved parties as subjects are added (art. 9.1).
 */
async function defaultParticipants(db: Executor, covenantId: string, kind: MeetingKind) {
  const rows = await db
    .select({ membershipId: memberships.id, role: memberships.role, partyKind: parties.kind })
    .from(memberships)
    .leftJoin(
      parties,
      and(
        eq(parties.organisationId, memberships.organisationId),
        eq(parties.covenantId, memberships.covenantId),
      ),
    )
    .where(and(eq(memberships.covenantId, covenantId), isNull(memberships.revokedAt)));
  return rows.filter((r) => isOrganiser(r.role) || (kind === 'weighing' && r.partyKind === 'core'));
}

export async function scheduleMeeting(
  db: Database,
  ctx: RequestContext,
  body: ScheduleMeetingBody,
): Promise<MeetingDetail> {
  await enforce(db, ctx, canPrepareMeetings(ctx.actor), {
    action: 'create',
    objectType: 'meeting',
    purpose: PURPOSE,
  });
  const scheduledAt = new Date(body.scheduledAt);
  if (Number.isNaN(scheduledAt.getTime())) throw badInput('body.scheduledAt', 'is not a valid date and time');
  const id = randomUUID();
  const now = new Date();
  await db.transaction(async (tx) => {
    await tx.insert(meetings).values({
      id,
      covenantId: ctx.actor.covenantId,
      kind: body.kind,
      title: body.title,
      scheduledAt,
      state: INITIAL_MEETING_STATE,
      createdByUserId: ctx.actor.userId,
      createdAt: now,
    });
    const invited = await defaultParticipants(tx, ctx.actor.covenantId, body.kind);
    if (invited.length > 0) {
      await tx
        .insert(meetingParticipants)
        .values(invited.map((p) => ({ meetingId: id, membershipId: p.membershipId, role: p.role })));
    }
    await appendAudit(tx, [
      byRequester(ctx, {
        action: 'create',
        objectType: 'meeting',
        objectId: id,
        result: 'allowed',
        rule: 'art. 5',
        purpose: PURPOSE,
      }),
    ]);
  });
  return meetingDetail(db, ctx, id);
}

export async function findMeeting(db: Executor, covenantId: string, id: string) {
  const [meeting] = await db
    .select()
    .from(meetings)
    .where(and(eq(meetings.id, id), eq(meetings.covenantId, covenantId)))
    .limit(1);
  if (!meeting) throw notFound('Meeting');
  return meeting;
}

async function isParticipant(db: Executor, meetingId: string, membershipId: string): Promise<boolean> {
  const [row] = await db
    .select({ m: meetingParticipants.membershipId })
    .from(meetingParticipants)
    .where(
      and(eq(meetingParticipants.meetingId, meetingId), eq(meetingParticipants.membershipId, membershipId)),
    )
    .limit(1);
  return Boolean(row);
}

/** Only participants (and organisers) open a meeting or anything of it (art. 9.1); a refusal is audited. */
export async function enforceParticipant(
  db: Database,
  ctx: RequestContext,
  meetingId: string,
): Promise<void> {
  if (!isOrganiser(ctx.actor.role) && !(await isParticipant(db, meetingId, ctx.actor.membershipId))) {
    await enforce(
      db,
      ctx,
      { allowed: false, rule: 'art. 9.1', reason: 'only participants of a meeting may open it' },
      { action: 'read', objectType: 'meeting', objectId: meetingId, purpose: PURPOSE },
    );
  }
}

/**
 * A meeting with its agenda and participants. Subject names appear only for readers who may see the file the
 * item is about (art. 8.4, 10.4); others see the reference only. Each name shown is audited.
 */
export async function meetingDetail(db: Database, ctx: RequestContext, id: string): Promise<MeetingDetail> {
  const meeting = await findMeeting(db, ctx.actor.covenantId, id);
  await enforceParticipant(db, ctx, id);
  const items = await db
    .select({
      item: agendaItems,
      reference: subjects.reference,
      weighingName: weighingFiles.name,
      caseName: caseFiles.name,
      outcome: itemOutcomes.outcome,
    })
    .from(agendaItems)
    .innerJoin(subjects, eq(subjects.id, agendaItems.subjectId))
    .leftJoin(itemOutcomes, eq(itemOutcomes.agendaItemId, agendaItems.id))
    .leftJoin(weighingFiles, eq(weighingFiles.id, agendaItems.weighingFileId))
    .leftJoin(caseFiles, eq(caseFiles.id, agendaItems.caseFileId))
    .where(eq(agendaItems.meetingId, id))
    .orderBy(asc(agendaItems.position));
  const mayReadWeighing = canReadWeighingFile(ctx.actor);
  const involvement = await involvedParties(
    db,
    items.flatMap(({ item }) => (item.caseFileId ? [item.caseFileId] : [])),
  );
  const audit: AuditEntry[] = [];
  const admission = await admissionOf(db, id, ctx.actor);
  const archived = await archivedOutOfReach(
    db,
    ctx.actor,
    items.map(({ item }) => item),
  );
  // Names are sealed with their file's key (art. 13): opened here, shown below only to who may see them.
  const names = await Promise.all(
    items.map(async ({ item, weighingName, caseName }) => {
      if (item.weighingFileId && weighingName !== null)
        return (await openTexts(db, 'weighingFile', item.weighingFileId, { name: weighingName })).name;
      if (item.caseFileId && caseName !== null)
        return (await openTexts(db, 'caseFile', item.caseFileId, { name: caseName })).name;
      return null;
    }),
  );
  const agenda: AgendaItemView[] = items.map(({ item, reference, outcome }, i) => {
    if (!admits(admission, item.id)) {
      return {
        id: item.id,
        position: item.position,
        subjectReference: '',
        subjectName: null,
        weighingFileId: null,
        caseFileId: null,
        admitted: false,
      };
    }
    const decision = item.caseFileId
      ? canReadCaseFile(ctx.actor, involvement.get(item.caseFileId) ?? [])
      : mayReadWeighing;
    // Art. 13.2: the name of a subject whose file went to the non-active archive is for the core parties only.
    const name = decision.allowed && !archived(item) ? (names[i] ?? null) : null;
    if (name !== null) {
      audit.push(
        byRequester(ctx, {
          action: 'read',
          objectType: item.weighingFileId ? 'weighing_file' : 'case_file',
          objectId: item.weighingFileId ?? item.caseFileId,
          subjectId: item.subjectId,
          fieldGroup: 'naw.name',
          result: 'allowed',
          rule: decision.rule,
          purpose: PURPOSE,
        }),
      );
    }
    return {
      id: item.id,
      position: item.position,
      subjectReference: reference,
      subjectName: name,
      weighingFileId: item.weighingFileId,
      caseFileId: item.caseFileId,
      admitted: true,
      outcome,
    };
  });
  const participants = await db
    .select({
      membershipId: meetingParticipants.membershipId,
      displayName: users.displayName,
      organisationName: organisations.name,
      role: meetingParticipants.role,
    })
    .from(meetingParticipants)
    .innerJoin(memberships, eq(memberships.id, meetingParticipants.membershipId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(eq(meetingParticipants.meetingId, id))
    .orderBy(asc(organisations.name), asc(users.displayName));
  await appendAudit(db, audit);
  return {
    id: meeting.id,
    kind: meeting.kind,
    title: meeting.title,
    scheduledAt: meeting.scheduledAt.toISOString(),
    state: meeting.state,
    agenda,
    participants: participants.map((p) => ({ ...p, role: p.role })),
    ...(meeting.cancelledAt
      ? {
          cancellation: {
            at: meeting.cancelledAt.toISOString(),
            reason: meeting.cancellationReason ?? '',
          },
        }
      : {}),
  };
}

/** Art. 5: the executor (or chair) puts a subject on a meeting's agenda. */
export async function addAgendaItem(
  db: Database,
  ctx: RequestContext,
  meetingId: string,
  body: AddAgendaItemBody,
): Promise<MeetingDetail> {
  await enforce(db, ctx, canPrepareMeetings(ctx.actor), {
    action: 'update',
    objectType: 'meeting',
    objectId: meetingId,
    fieldGroup: 'agenda',
    purpose: PURPOSE,
  });
  const meeting = await findMeeting(db, ctx.actor.covenantId, meetingId);
  if (isOver(meeting.state)) throw agendaClosed(meeting.state);
  const wantsWeighing = meeting.kind === 'weighing';
  const fileId = wantsWeighing ? body.weighingFileId : body.caseFileId;
  const wrongField = wantsWeighing ? body.caseFileId : body.weighingFileId;
  if (wrongField !== undefined || fileId === undefined) {
    // The two files are separate (art. 8.1, 10.1): a weegploeg discusses weighing files, a casusoverleg case files.
    const field = wantsWeighing ? 'body.weighingFileId' : 'body.caseFileId';
    throw new AppError(
      400,
      ErrorCode.ValidationFailed,
      `${field} is required, and only it: a ${wantsWeighing ? 'weegploeg' : 'casusoverleg'} agenda holds ${wantsWeighing ? 'weighing' : 'case'} files (art. 8.1, 10.1)`,
      field,
    );
  }
  const table = wantsWeighing ? weighingFiles : caseFiles;
  const [file] = await db
    .select({
      id: table.id,
      subjectId: table.subjectId,
      archivedAt: table.archivedAt,
      destroyedAt: table.destroyedAt,
    })
    .from(table)
    .where(and(eq(table.id, fileId), eq(table.covenantId, ctx.actor.covenantId)))
    .limit(1);
  if (file?.archivedAt && !file.destroyedAt)
    throw conflict(
      'This file is in the non-active archive (art. 13.2); the controller can make it available again (art. 13.4)',
      wantsWeighing ? 'body.weighingFileId' : 'body.caseFileId',
    );
  if (!file || file.destroyedAt)
    throw notFound(
      wantsWeighing ? 'Weighing file' : 'Case file',
      wantsWeighing ? 'body.weighingFileId' : 'body.caseFileId',
    );

  await db.transaction(async (tx) => {
    const placed = await putOnAgenda(tx, meetingId, meeting.kind, file);
    if (placed === 'over') throw agendaClosed('closing');
    if (placed === 'duplicate') throw conflict('This subject is already on the agenda');
    if (placed === 'full') {
      throw ruleViolation(
        `A meeting holds at most ${LIMITS.agendaItemsPerMeeting} agenda items`,
        'limits',
        'params.id',
      );
    }
    await appendAudit(tx, [
      byRequester(ctx, {
        action: 'update',
        objectType: 'meeting',
        objectId: meetingId,
        subjectId: file.subjectId,
        fieldGroup: 'agenda',
        result: 'allowed',
        rule: 'art. 5',
        purpose: PURPOSE,
      }),
    ]);
  });
  return meetingDetail(db, ctx, meetingId);
}

/**
 * Puts a subject's file on a meeting's agenda, last; a casusoverleg item invites the parties involved in the case.
 * Also used when a frozen meeting's decision agendas a subject or carries an item over (server/services/file-effects.ts).
 */
export async function putOnAgenda(
  tx: Executor,
  meetingId: string,
  kind: MeetingKind,
  file: { id: string; subjectId: string },
): Promise<{ itemId: string } | 'duplicate' | 'full' | 'over'> {
  // One agenda change per meeting at a time: positions stay unique and the item limit holds under concurrency.
  const [locked] = await tx
    .select({ state: meetings.state })
    .from(meetings)
    .where(eq(meetings.id, meetingId))
    .for('update');
  // Checked under the lock: an item added while the meeting is being frozen would miss its record.
  if (locked && isOver(locked.state)) return 'over';
  const existing = await tx
    .select({ subjectId: agendaItems.subjectId })
    .from(agendaItems)
    .where(eq(agendaItems.meetingId, meetingId));
  if (existing.some((e) => e.subjectId === file.subjectId)) return 'duplicate';
  if (existing.length >= LIMITS.agendaItemsPerMeeting) return 'full';
  const itemId = randomUUID();
  await tx.insert(agendaItems).values({
    id: itemId,
    meetingId,
    position: existing.length + 1,
    subjectId: file.subjectId,
    weighingFileId: kind === 'weighing' ? file.id : null,
    caseFileId: kind === 'weighing' ? null : file.id,
  });
  if (kind === 'case') await inviteInvolvedParties(tx, meetingId, itemId, file.id);
  return { itemId };
}

/**
 * Art. 9.1: "de partijen en externe casuspartners die voor de casus nodig zijn" take part in the casusoverleg on
 * it. Core parties take part in the whole meeting; case parties and external partners are admitted to the items
 * of their cases only (art. 10.5), which the chair can change live.
 */
async function inviteInvolvedParties(tx: Executor, meetingId: string, itemId: string, caseFileId: string) {
  const members = await tx
    .select({ membershipId: memberships.id, role: memberships.role, partyKind: parties.kind })
    .from(caseInvolvedParties)
    .innerJoin(parties, eq(parties.id, caseInvolvedParties.partyId))
    .innerJoin(
      memberships,
      and(
        eq(memberships.organisationId, parties.organisationId),
        eq(memberships.covenantId, parties.covenantId),
      ),
    )
    .where(and(eq(caseInvolvedParties.fileId, caseFileId), isNull(memberships.revokedAt)));
  if (members.length === 0) return;
  await tx
    .insert(meetingParticipants)
    .values(
      members.map((m) => ({
        meetingId,
        membershipId: m.membershipId,
        role: m.role,
        scope: m.partyKind === 'core' || isOrganiser(m.role) ? 'meeting' : 'items',
      })),
    )
    .onConflictDoNothing();
  const restricted = await tx
    .select({ membershipId: meetingParticipants.membershipId })
    .from(meetingParticipants)
    .where(
      and(
        eq(meetingParticipants.meetingId, meetingId),
        eq(meetingParticipants.scope, 'items'),
        inArray(
          meetingParticipants.membershipId,
          members.map((m) => m.membershipId),
        ),
      ),
    );
  if (restricted.length === 0) return;
  await tx
    .insert(meetingAdmissions)
    .values(
      restricted.map((r) => ({
        meetingId,
        agendaItemId: itemId,
        membershipId: r.membershipId,
        admittedAt: new Date(),
      })),
    )
    .onConflictDoNothing();
}
