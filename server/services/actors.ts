import { and, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { memberships, organisations, parties, users } from '../../db/schema/index';
import type { Actor } from '../../shared/index';

/** The columns an actor is made of (see actorOf): membership, user, organisation, and the party it belongs to. */
export const actorColumns = {
  userId: users.id,
  displayName: users.displayName,
  disabledAt: users.disabledAt,
  membershipId: memberships.id,
  covenantId: memberships.covenantId,
  role: memberships.role,
  capacity: memberships.capacity,
  organisationId: organisations.id,
  organisationName: organisations.name,
  organisationType: organisations.type,
  partyId: parties.id,
  partyKind: parties.kind,
};

/** A row of actorColumns (the party's columns come from a left join). */
type ActorRow = Omit<Actor, 'partyKind'> & { disabledAt: Date | null; partyKind: Actor['partyKind'] | null };

/** Who is acting, from a row of actorColumns; null when the user is disabled. */
export function actorOf(row: ActorRow | undefined): Actor | null {
  if (!row || row.disabledAt) return null;
  return {
    userId: row.userId,
    displayName: row.displayName,
    membershipId: row.membershipId,
    covenantId: row.covenantId,
    organisationId: row.organisationId,
    organisationName: row.organisationName,
    organisationType: row.organisationType,
    partyId: row.partyId,
    partyKind: row.partyKind ?? null,
    role: row.role,
    capacity: row.capacity,
  };
}

/**
 * The joins from `memberships` to the rest of actorColumns, and the condition that the membership is active. (The
 * covenant needs no join: the membership's foreign key holds it.)
 */
export const actorJoins = {
  users: eq(users.id, memberships.userId),
  organisations: eq(organisations.id, memberships.organisationId),
  parties: and(
    eq(parties.organisationId, memberships.organisationId),
    eq(parties.covenantId, memberships.covenantId),
  ),
  active: isNull(memberships.revokedAt),
};

/** Loads who is acting from an active membership; null when the membership was revoked or the user disabled. */
export async function loadActor(db: Executor, membershipId: string): Promise<Actor | null> {
  const [row] = await db
    .select(actorColumns)
    .from(memberships)
    .innerJoin(users, actorJoins.users)
    .innerJoin(organisations, actorJoins.organisations)
    .leftJoin(parties, actorJoins.parties)
    .where(and(eq(memberships.id, membershipId), actorJoins.active))
    .limit(1);
  return actorOf(row);
}
