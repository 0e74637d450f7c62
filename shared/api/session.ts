import { Type, type Static } from '@sinclair/typebox';
import { LIMITS } from '../limits';
import { MEMBERSHIP_ROLES } from '../domain/roles';
import { ORGANISATION_TYPES, PARTY_KINDS } from '../domain/parties';
import { Id, literalUnion } from './common';

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: LIMITS.username }),
    password: Type.String({ minLength: 1, maxLength: LIMITS.password }),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

/** A password change by its owner: the current password again, and the new one. */
export const PasswordChangeBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: LIMITS.password }),
    newPassword: Type.String({ minLength: LIMITS.passwordMinLength, maxLength: LIMITS.password }),
  },
  { additionalProperties: false },
);
export type PasswordChangeBody = Static<typeof PasswordChangeBody>;

/** How many other sessions of the account the change ended (their live connections closed with them). */
export const PasswordChangeResponse = Type.Object({ endedSessions: Type.Integer({ minimum: 0 }) });
export type PasswordChangeResponse = Static<typeof PasswordChangeResponse>;

export const Permissions = Type.Object({
  readWeighingFile: Type.Boolean(),
  registerSignal: Type.Boolean(),
  prepareMeetings: Type.Boolean(),
  recordWeighingDecision: Type.Boolean(),
  editReferenceFramework: Type.Boolean(),
  readCaseFile: Type.Boolean(),
});
export type Permissions = Static<typeof Permissions>;

export const Me = Type.Object({
  userId: Id,
  /** The membership the user acts in (one organisation, one capacity); presence lists are keyed by it. */
  membershipId: Id,
  displayName: Type.String(),
  role: literalUnion(MEMBERSHIP_ROLES),
  capacity: Type.String(),
  organisation: Type.Object({ id: Id, name: Type.String(), type: literalUnion(ORGANISATION_TYPES) }),
  party: Type.Union([Type.Object({ id: Id, kind: literalUnion(PARTY_KINDS) }), Type.Null()]),
  covenant: Type.Object({ id: Id, name: Type.String() }),
  permissions: Permissions,
});
export type Me = Static<typeof Me>;

export const SessionResponse = Type.Object({ me: Me });
export type SessionResponse = Static<typeof SessionResponse>;
