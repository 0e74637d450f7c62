import type { Me } from '../../../shared/api/session';
import type { AccessDecision } from '../../../shared/domain/access';
import type { Actor } from '../../../shared/domain/roles';

/**
 * The logged-in user as the shared access rules (shared/domain) know them. The session already says who acts, for
 * which organisation, party and capacity; with it the client asks the very rules the server enforces, for what
 * `Me.permissions` does not list (the notification register, requests of subjects). The server stays the
 * authority: a screen shown by mistake still gets the server's refusal.
 */
export function actorOf(me: Me): Actor {
  return {
    userId: me.userId,
    displayName: me.displayName,
    membershipId: me.membershipId,
    covenantId: me.covenant.id,
    organisationId: me.organisation.id,
    organisationName: me.organisation.name,
    organisationType: me.organisation.type,
    partyId: me.party?.id ?? null,
    partyKind: me.party?.kind ?? null,
    role: me.role,
    capacity: me.capacity,
  };
}

/** Whether a shared rule allows the logged-in user (nobody logged in: no). */
export function allows(me: Me | null, rule: (actor: Actor) => AccessDecision): boolean {
  return me !== null && rule(actorOf(me)).allowed;
}
