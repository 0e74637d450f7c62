import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import {
  agendaItems,
  meetingAdmissions,
  meetingParticipants,
  memberships,
  organisations,
  users,
} from '../../db/schema/index';
import { canAdmitToItem, type Actor, type Admission } from '../../shared/index';
import type { ControlParticipant } from '../../shared/index';
import { loadActor } from './actors';
import { involvedParties } from './case-files';

const isOrganiser = (role: string) => role === 'chair' || role === 'executor';

/**
 * The agenda items this membership is admitted to in this meeting: 'all', a list, or null when it is not a
 * participant at all. Organisers take part in everything (art. 5).
 */
export async function admissionOf(
  db: Executor,
  meetingId: string,
  actor: Pick<Actor, 'membershipId' | 'role'>,
): Promise<Admission | null> {
  if (isOrganiser(actor.role)) return 'all';
  const [participant] = await db
    .select({ scope: meetingParticipants.scope })
    .from(meetingParticipants)
    .where(
      and(
        eq(meetingParticipants.meetingId, meetingId),
        eq(meetingParticipants.membershipId, actor.membershipId),
      ),
    )
    .limit(1);
  if (participant?.scope !== 'items') return admissionFrom(actor, participant?.scope ?? null, []);
  const rows = await db
    .select({ itemId: meetingAdmissions.agendaItemId })
    .from(meetingAdmissions)
    .where(
      and(eq(meetingAdmissions.meetingId, meetingId), eq(meetingAdmissions.membershipId, actor.membershipId)),
    );
  return admissionFrom(
    actor,
    participant.scope,
    rows.map((r) => r.itemId),
  );
}

/**
 * The admission, from what the database holds: the participant's scope (null when not invited) and the items it
 * is admitted to. Organisers take part in everything (art. 5).
 */
export function admissionFrom(
  actor: Pick<Actor, 'role'>,
  scope: string | null,
  admittedItems: readonly string[],
): Admission | null {
  if (isOrganiser(actor.role)) return 'all';
  if (scope === null) return null;
  return scope === 'meeting' ? 'all' : [...admittedItems];
}

export const admits = (admission: Admission | null, itemId: string) =>
  admission === 'all' || (admission !== null && admission.includes(itemId));

/** Everyone invited to the meeting, with what each is admitted to. */
export async function participantsOf(db: Executor, meetingId: string): Promise<ControlParticipant[]> {
  const rows = await db
    .select({
      membershipId: meetingParticipants.membershipId,
      name: users.displayName,
      organisation: organisations.name,
      role: meetingParticipants.role,
      scope: meetingParticipants.scope,
    })
    .from(meetingParticipants)
    .innerJoin(memberships, eq(memberships.id, meetingParticipants.membershipId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(eq(meetingParticipants.meetingId, meetingId))
    .orderBy(asc(organisations.name), asc(users.displayName));
  const admitted = await db
    .select({ membershipId: meetingAdmissions.membershipId, itemId: meetingAdmissions.agendaItemId })
    .from(meetingAdmissions)
    .innerJoin(agendaItems, eq(agendaItems.id, meetingAdmissions.agendaItemId))
    .where(eq(meetingAdmissions.meetingId, meetingId))
    .orderBy(asc(agendaItems.position));
  return rows.map((row) => ({
    membershipId: row.membershipId,
    name: row.name,
    organisation: row.organisation,
    role: row.role,
    items:
      isOrganiser(row.role) || row.scope === 'meeting'
        ? 'all'
        : admitted.filter((a) => a.membershipId === row.membershipId).map((a) => a.itemId),
  }));
}

export type AdmissionRefusal =
  { kind: 'not-participant' } | { kind: 'unknown-item' } | { kind: 'rule'; rule: string; reason: string };

/**
 * Sets what a participant is admitted to, after checking every item against the convenant's rule
 * (canAdmitToItem). Returns the refusal instead of changing anything when one item may not be admitted.
 */
export async function setAdmission(
  tx: Executor,
  meeting: { id: string; kind: string },
  membershipId: string,
  items: Admission,
  now = new Date(),
): Promise<AdmissionRefusal | null> {
  const participant = await loadActor(tx, membershipId);
  const [invited] = await tx
    .select({ scope: meetingParticipants.scope })
    .from(meetingParticipants)
    .where(
      and(eq(meetingParticipants.meetingId, meeting.id), eq(meetingParticipants.membershipId, membershipId)),
    )
    .limit(1);
  if (!participant || !invited) return { kind: 'not-participant' };
  const wanted = items === 'all' ? null : [...new Set(items)];
  const rows =
    wanted?.length === 0
      ? []
      : await tx
          .select({ id: agendaItems.id, caseFileId: agendaItems.caseFileId })
          .from(agendaItems)
          .where(
            wanted === null
              ? eq(agendaItems.meetingId, meeting.id)
              : and(eq(agendaItems.meetingId, meeting.id), inArray(agendaItems.id, wanted)),
          );
  if (wanted !== null && rows.length !== wanted.length) return { kind: 'unknown-item' };
  if (isOrganiser(participant.role)) {
    return items === 'all'
      ? null
      : { kind: 'rule', rule: 'art. 5', reason: 'the chair and the executor take part in every item' };
  }
  const involvement = await involvedParties(
    tx,
    rows.flatMap((r) => (r.caseFileId ? [r.caseFileId] : [])),
  );
  for (const row of rows) {
    const decision = canAdmitToItem(
      participant,
      row.caseFileId
        ? { kind: 'case', involvedPartyIds: involvement.get(row.caseFileId) ?? [] }
        : { kind: 'weighing' },
    );
    if (!decision.allowed) return { kind: 'rule', rule: decision.rule, reason: decision.reason };
  }
  await tx
    .update(meetingParticipants)
    .set({ scope: items === 'all' ? 'meeting' : 'items' })
    .where(
      and(eq(meetingParticipants.meetingId, meeting.id), eq(meetingParticipants.membershipId, membershipId)),
    );
  await tx
    .delete(meetingAdmissions)
    .where(
      and(eq(meetingAdmissions.meetingId, meeting.id), eq(meetingAdmissions.membershipId, membershipId)),
    );
  if (wanted !== null && wanted.length > 0) {
    await tx.insert(meetingAdmissions).values(
      wanted.map((agendaItemId) => ({
        meetingId: meeting.id,
        agendaItemId,
        membershipId,
        admittedAt: now,
      })),
    );
  }
  return null;
}
