import { and, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { covenants, memberships, organisations, parties, users } from '../../db/schema/index';
import type { Actor } from '../../shared/index';

/** Loads who is acting from an active membership; null when the membership was revoked or the user disabled. */
export async function loadActor(db: Executor, membershipId: string): Promise<Actor | null> {
  const [row] = await db
    .select({
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
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .innerJoin(covenants, eq(covenants.id, memberships.covenantId))
    .leftJoin(
      parties,
      and(
        eq(parties.organisationId, memberships.organisationId),
        eq(parties.covenantId, memberships.covenantId),
      ),
    )
    .where(and(eq(memberships.id, membershipId), isNull(memberships.revokedAt)))
    .limit(1);
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
