/**
 * Kinds of party in a covenant (convenant art. 1, 4 and annex 1).
 * - `core`: kernpartij — municipality, police, public prosecution; together the controller (art. 4).
 * - `case`: casuspartij — Raad voor de Kinderbescherming, Reclassering; in the casusoverleg when involved.
 * - `external`: externe casuspartner ("satellite") listed in annex 1 (art. 1c).
 */
export const PARTY_KINDS = ['core', 'case', 'external'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];

/** What an organisation is; decides, among others, which core party brought a signal (art. 7.2). */
export const ORGANISATION_TYPES = [
  'municipality',
  'police',
  'prosecution',
  'child_protection_board',
  'probation',
  'mental_health',
  'youth_protection',
  'youth_care',
  'social_team',
  'education',
  'shelter',
  'safety_house',
  'other',
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

/** The three core parties whose joint assessment the weegploeg decision must be (the Ministerial letter on early signalling, 2024). */
export const CORE_ORGANISATION_TYPES = [
  'municipality',
  'police',
  'prosecution',
] as const satisfies readonly OrganisationType[];
export type CoreOrganisationType = (typeof CORE_ORGANISATION_TYPES)[number];

export function isCoreOrganisationType(type: OrganisationType): type is CoreOrganisationType {
  return (CORE_ORGANISATION_TYPES as readonly string[]).includes(type);
}
