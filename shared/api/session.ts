import { Type, type Static } from '@sinclair/typebox';
import { LIMITS } from '../limits';
import { MEMBERSHIP_ROLES } from '../domain/roles';
import { ORGANISATION_TYPES, PARTY_KINDS } from '../domain/parties';
import { Id, Instant, literalUnion } from './common';
import { PasskeyAssertion } from './passkeys';

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

/** A step-up: the password again, and a code of the second factor when the account has one. */
export const StepUpBody = Type.Object(
  {
    password: Type.String({ minLength: 1, maxLength: LIMITS.password }),
    code: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    /** Instead of a code: a passkey's answer to the challenge of `POST /api/session/step-up/passkey`. */
    passkey: Type.Optional(PasskeyAssertion),
  },
  { additionalProperties: false },
);
export type StepUpBody = Static<typeof StepUpBody>;
/** Until when the most sensitive actions are open to this session without asking again. */
export const StepUpResponse = Type.Object({ validUntil: Type.String({ format: 'date-time' }) });
/** The same, asked before a sensitive action (a download link, say): null when a confirmation is needed first. */
export const StepUpStatus = Type.Object({
  validUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /**
   * How this session confirms: the password (and second factor) here, or at the partner's identity provider it
   * was opened with (`GET /api/login/oidc/step-up`).
   */
  via: Type.Union([Type.Literal('password'), Type.Literal('identity-provider')]),
});
export type StepUpStatus = Static<typeof StepUpStatus>;
export type StepUpResponse = Static<typeof StepUpResponse>;

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

/**
 * The answer to a password: logged in (`me`), or one step to go: a second factor's code, or enrolling one first
 * (a local account without a factor, outside demo mode). The browser then holds a short-lived login cookie.
 */
export const LoginResponse = Type.Union([
  SessionResponse,
  Type.Object({
    next: Type.Union([Type.Literal('second-factor'), Type.Literal('enrol')]),
    /** At the second step: the factors the account has, the passkey first (the main way). */
    methods: Type.Array(Type.Union([Type.Literal('passkey'), Type.Literal('totp')])),
  }),
]);
export type LoginResponse = Static<typeof LoginResponse>;

/** A code from the authenticator app (6 digits), or one of the recovery codes. */
export const SecondFactorBody = Type.Object(
  { code: Type.String({ minLength: 6, maxLength: 32 }) },
  { additionalProperties: false },
);
export type SecondFactorBody = Static<typeof SecondFactorBody>;

/** A TOTP secret offered for enrolment: scan the QR code (SVG), or type the secret. */
export const EnrolmentOffer = Type.Object({
  secret: Type.String(),
  uri: Type.String(),
  qrSvg: Type.String(),
});
export type EnrolmentOffer = Static<typeof EnrolmentOffer>;

/** Enrolled and logged in; the recovery codes are shown this once and never again. */
export const EnrolmentResponse = Type.Object({ me: Me, recoveryCodes: Type.Array(Type.String()) });
export type EnrolmentResponse = Static<typeof EnrolmentResponse>;

/** One live session of the caller (art. 15.2d: the owner sees where the account is logged in, and can end it). */
export const OwnSession = Type.Object({
  id: Id,
  createdAt: Instant,
  lastSeenAt: Instant,
  userAgent: Type.Union([Type.String(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
  /** The session this request came with: ending it is logging out. */
  current: Type.Boolean(),
});
export type OwnSession = Static<typeof OwnSession>;

export const OwnSessionsResponse = Type.Object({ sessions: Type.Array(OwnSession) });
export type OwnSessionsResponse = Static<typeof OwnSessionsResponse>;

/** How many sessions the administrator ended. */
export const EndedSessionsResponse = Type.Object({ endedSessions: Type.Integer({ minimum: 0 }) });
export type EndedSessionsResponse = Static<typeof EndedSessionsResponse>;
