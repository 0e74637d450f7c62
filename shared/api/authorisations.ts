import { Type, type Static } from '@sinclair/typebox';
import { MEMBERSHIP_ROLES } from '../domain/roles';
import { Id, Instant, ShortText, literalUnion } from './common';

export const AuthorisationView = Type.Object({
  membershipId: Id,
  username: Type.String(),
  displayName: Type.String(),
  organisation: Type.Object({ id: Id, name: Type.String() }),
  role: literalUnion(MEMBERSHIP_ROLES),
  capacity: Type.String(),
  grantedAt: Instant,
  revokedAt: Type.Union([Instant, Type.Null()]),
  history: Type.Array(
    Type.Object({
      change: literalUnion(['granted', 'changed', 'revoked'] as const),
      role: Type.String(),
      capacity: Type.String(),
      by: Type.Union([Type.String(), Type.Null()]),
      at: Instant,
    }),
  ),
});
export type AuthorisationView = Static<typeof AuthorisationView>;

export const AuthorisationList = Type.Object({
  authorisations: Type.Array(AuthorisationView),
  organisations: Type.Array(Type.Object({ id: Id, name: Type.String() })),
});
export type AuthorisationList = Static<typeof AuthorisationList>;

/** Art. 15.2c: a new user with one membership (one organisation, one role, one capacity). */
export const GrantAuthorisationBody = Type.Object(
  {
    username: Type.String({ minLength: 3, maxLength: 64, pattern: '^[a-z0-9._-]+$' }),
    displayName: ShortText({ minLength: 1 }),
    organisationId: Id,
    role: literalUnion(MEMBERSHIP_ROLES),
    capacity: ShortText({ minLength: 1 }),
  },
  { additionalProperties: false },
);
export type GrantAuthorisationBody = Static<typeof GrantAuthorisationBody>;

/** The granted authorisation with the initial password, shown once to hand over to the user. */
export const GrantedAuthorisation = Type.Object({
  authorisation: AuthorisationView,
  initialPassword: Type.String(),
});
export type GrantedAuthorisation = Static<typeof GrantedAuthorisation>;

export const ChangeAuthorisationBody = Type.Object(
  {
    role: Type.Optional(literalUnion(MEMBERSHIP_ROLES)),
    capacity: Type.Optional(ShortText({ minLength: 1 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ChangeAuthorisationBody = Static<typeof ChangeAuthorisationBody>;
