import type { OrganisationType, PartyKind } from './parties';

/**
 * The role a membership gives its user in the process.
 * - `chair`: procesregisseur / technisch voorzitter; runs the meetings.
 * - `executor`: uitvoerder (art. 5, art. 1l): keeps the files "onder verantwoordelijkheid en in naam van de
 *   verantwoordelijke", prepares the meetings.
 * - `member`: represents a core or case party.
 * - `satellite`: represents an external case partner (annex 1).
 * - `admin`: beheerder for the controller: grants, changes and revokes authorisations (art. 15.2c); sees no case data.
 * - `officer`: the controller's officer (functionaris): reviews the access log periodically (art. 15.2e) and keeps
 *   the incident register (art. 15.2g); sees who accessed what, not the data itself.
 */
export const MEMBERSHIP_ROLES = ['chair', 'executor', 'member', 'satellite', 'admin', 'officer'] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];

/** The history of an authorisation (art. 15.2c, 15.2f): granted, changed (role, capacity), revoked. */
export const MEMBERSHIP_CHANGES = ['granted', 'changed', 'revoked'] as const;
export type MembershipChange = (typeof MEMBERSHIP_CHANGES)[number];

/**
 * Who is acting: a user acts for one organisation in one capacity (the joint response to the draft Wet PGA, point 3: police data reach the
 * mayor for public order, and the college only under the 2017 authorisation — the capacity is part of the role).
 */
export interface Actor {
  userId: string;
  displayName: string;
  membershipId: string;
  covenantId: string;
  organisationId: string;
  organisationName: string;
  organisationType: OrganisationType;
  /** The covenant party this organisation is, or null (the executor's organisation is not a party). */
  partyId: string | null;
  partyKind: PartyKind | null;
  role: MembershipRole;
  /** e.g. "burgemeester", "college", "officier van justitie", "wijkagent". */
  capacity: string;
}
