import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client';
import { loginChallenges, passkeys, secondFactors, sessions } from '../../db/schema/index';
import { ErrorCode } from '../../shared/index';
import { AppError, notFound } from '../errors';
import { endChallenge, issueRecoveryCodes, type Challenge } from './second-factor';

/**
 * Passkeys (WebAuthn): the main second factor of a local account, TOTP the fallback (BIO: strong authentication for
 * this data; convenant art. 15.2d logical access control). The protocol is @simplewebauthn's; this module decides
 * what a passkey must prove here: made and used at this server's own origin, with the person verified on the
 * authenticator (PIN or biometrics), each challenge good once, and a signature counter that never goes back.
 */

const RP_NAME = 'Casustafel';
/** Long enough for a person to find their security key; the login's own challenge ends after five minutes anyway. */
const TIMEOUT_MS = 120_000;

/** Where the browser is: the origin it reported (already one of the server's origins) and its host as the RP ID. */
export interface RelyingParty {
  id: string;
  origin: string;
}

const base64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const bytesOf = (text: string) => new Uint8Array(Buffer.from(text, 'base64url'));

export const passkeyNotVerified = () =>
  new AppError(
    401,
    ErrorCode.InvalidCredentials,
    'The passkey could not be verified; try again or use a code',
  );

/** The user id the authenticator stores: the account's uuid as bytes, never the name (WebAuthn: no personal data). */
const userHandle = (userId: string) => new Uint8Array(Buffer.from(userId.replace(/-/g, ''), 'hex'));

/** Registration options for a new passkey of the user (none they already have twice on one authenticator). */
async function newRegistrationOptions(
  db: Executor,
  userId: string,
  account: { username: string; displayName: string },
  rp: RelyingParty,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const existing = await db
    .select({ id: passkeys.id, transports: passkeys.transports })
    .from(passkeys)
    .where(eq(passkeys.userId, userId));
  return generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: rp.id,
    userName: account.username,
    userID: userHandle(userId),
    userDisplayName: account.displayName,
    timeout: TIMEOUT_MS,
    attestationType: 'none',
    excludeCredentials: existing.map((k) => ({
      id: k.id,
      transports: k.transports as AuthenticatorTransportFuture[],
    })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
  });
}

/** Registration options at the first login; the challenge is kept with the login, for the one answer to it. */
export async function registrationOptions(
  db: Executor,
  challenge: Challenge,
  account: { username: string; displayName: string },
  rp: RelyingParty,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const options = await newRegistrationOptions(db, challenge.userId, account, rp);
  await db
    .update(loginChallenges)
    .set({ webauthnChallenge: options.challenge })
    .where(eq(loginChallenges.tokenHash, challenge.tokenHash));
  return options;
}

/** Takes the login's WebAuthn challenge: it answers one response only, right or wrong. */
async function spendLoginChallenge(db: Executor, challenge: Challenge): Promise<string> {
  const [row] = await db
    .update(loginChallenges)
    .set({ webauthnChallenge: null })
    .where(
      and(eq(loginChallenges.tokenHash, challenge.tokenHash), isNotNull(loginChallenges.webauthnChallenge)),
    )
    .returning({ previous: loginChallenges.tokenHash });
  if (!row || !challenge.webauthnChallenge)
    throw new AppError(409, ErrorCode.Conflict, 'Ask the server for a passkey challenge first');
  return challenge.webauthnChallenge;
}

/** Verifies a new passkey's registration and stores its public key; false when it does not verify. */
async function storeNewPasskey(
  db: Executor,
  userId: string,
  expectedChallenge: string,
  response: RegistrationResponseJSON,
  rp: RelyingParty,
  now: Date,
): Promise<boolean> {
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      response,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
    });
  } catch {
    return false;
  }
  if (!verified.verified) return false;
  const { credential } = verified.registrationInfo;
  await db.insert(passkeys).values({
    id: credential.id,
    userId,
    publicKey: base64url(credential.publicKey),
    counter: credential.counter,
    transports: credential.transports ?? [],
    rpId: rp.id,
    createdAt: now,
  });
  return true;
}

/**
 * Completes enrolment with a new passkey: stores its public key, issues the recovery codes (shown once), ends the
 * login's challenge. Null when the authenticator's answer does not verify (the caller counts it).
 */
export async function confirmPasskeyEnrolment(
  db: Database,
  challenge: Challenge,
  response: RegistrationResponseJSON,
  rp: RelyingParty,
  now = new Date(),
): Promise<string[] | null> {
  const expected = await spendLoginChallenge(db, challenge);
  return db.transaction(async (tx) => {
    if (!(await storeNewPasskey(tx, challenge.userId, expected, response, rp, now))) return null;
    const codes = await issueRecoveryCodes(tx, challenge.userId);
    await endChallenge(tx, challenge);
    return codes;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The account's own passkeys, after login: another one added (a second key, or moving from the app to a passkey),
// one removed (lost), never the last second factor.

export interface OwnSession {
  userId: string;
  sessionId: string;
}

export async function listPasskeys(db: Executor, userId: string) {
  return db
    .select({
      id: passkeys.id,
      rpId: passkeys.rpId,
      createdAt: passkeys.createdAt,
      lastUsedAt: passkeys.lastUsedAt,
    })
    .from(passkeys)
    .where(eq(passkeys.userId, userId))
    .orderBy(passkeys.createdAt);
}

/** Options to add a passkey to the logged-in account; the challenge is kept with the session for its one answer. */
export async function addPasskeyOptions(
  db: Executor,
  session: OwnSession,
  account: { username: string; displayName: string },
  rp: RelyingParty,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const options = await newRegistrationOptions(db, session.userId, account, rp);
  await db
    .update(sessions)
    .set({ webauthnChallenge: options.challenge })
    .where(eq(sessions.tokenHash, session.sessionId));
  return options;
}

/** Takes the session's WebAuthn challenge (good once, right or wrong); null when none was handed out. */
export async function spendSessionChallenge(db: Executor, sessionId: string): Promise<string | null> {
  const [previous] = await db
    .select({ challenge: sessions.webauthnChallenge })
    .from(sessions)
    .where(eq(sessions.tokenHash, sessionId));
  const [spent] = await db
    .update(sessions)
    .set({ webauthnChallenge: null })
    .where(and(eq(sessions.tokenHash, sessionId), isNotNull(sessions.webauthnChallenge)))
    .returning({ tokenHash: sessions.tokenHash });
  return spent && previous?.challenge ? previous.challenge : null;
}

/** Adds the passkey the authenticator made; throws when it does not verify. */
export async function addPasskey(
  db: Executor,
  session: OwnSession,
  response: RegistrationResponseJSON,
  rp: RelyingParty,
  now = new Date(),
): Promise<void> {
  const expected = await spendSessionChallenge(db, session.sessionId);
  if (!expected) throw new AppError(409, ErrorCode.Conflict, 'Ask the server for a passkey challenge first');
  if (!(await storeNewPasskey(db, session.userId, expected, response, rp, now))) throw passkeyNotVerified();
}

/** Removes one of the account's passkeys, unless it is the last second factor the account has. */
export async function removePasskey(db: Database, userId: string, passkeyId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(passkeys)
      .where(and(eq(passkeys.id, passkeyId), eq(passkeys.userId, userId)))
      .returning({ id: passkeys.id });
    if (!removed) throw notFound('Passkey');
    const [other] = await tx
      .select({ id: passkeys.id })
      .from(passkeys)
      .where(eq(passkeys.userId, userId))
      .limit(1);
    const [app] = await tx
      .select({ userId: secondFactors.userId })
      .from(secondFactors)
      .where(eq(secondFactors.userId, userId));
    // BIO; art. 15.2d: a local account never falls back to the password alone.
    if (!other && !app)
      throw new AppError(
        409,
        ErrorCode.Conflict,
        'This is your last second factor: add another passkey or an authenticator app before removing it',
      );
  });
}

/** Assertion options for the user's passkeys made at this relying party. */
export async function authenticationOptions(
  db: Executor,
  userId: string,
  rp: RelyingParty,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const keys = await db
    .select({ id: passkeys.id, transports: passkeys.transports })
    .from(passkeys)
    .where(and(eq(passkeys.userId, userId), eq(passkeys.rpId, rp.id)));
  if (keys.length === 0)
    throw new AppError(
      409,
      ErrorCode.Conflict,
      'This account has no passkey for this address; use a code of your authenticator app or a recovery code',
    );
  return generateAuthenticationOptions({
    rpID: rp.id,
    timeout: TIMEOUT_MS,
    userVerification: 'required',
    allowCredentials: keys.map((k) => ({
      id: k.id,
      transports: k.transports as AuthenticatorTransportFuture[],
    })),
  });
}

/** The login's assertion options; the challenge is kept with the login for its one answer. */
export async function loginAuthenticationOptions(
  db: Executor,
  challenge: Challenge,
  rp: RelyingParty,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const options = await authenticationOptions(db, challenge.userId, rp);
  await db
    .update(loginChallenges)
    .set({ webauthnChallenge: options.challenge })
    .where(eq(loginChallenges.tokenHash, challenge.tokenHash));
  return options;
}

/**
 * Checks a passkey's answer to the expected challenge: one of this user's passkeys, at this origin and RP ID, with
 * the person verified, and a counter above the stored one (an authenticator that keeps one). Records the use.
 */
export async function verifyPasskey(
  db: Executor,
  userId: string,
  expectedChallenge: string,
  response: AuthenticationResponseJSON,
  rp: RelyingParty,
  now = new Date(),
): Promise<boolean> {
  const [key] = await db
    .select()
    .from(passkeys)
    .where(and(eq(passkeys.id, response.id), eq(passkeys.userId, userId), eq(passkeys.rpId, rp.id)));
  if (!key) return false;
  let result;
  try {
    result = await verifyAuthenticationResponse({
      response,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
      credential: {
        id: key.id,
        publicKey: bytesOf(key.publicKey),
        counter: key.counter,
        transports: key.transports as AuthenticatorTransportFuture[],
      },
    });
  } catch {
    return false;
  }
  if (!result.verified) return false;
  // The library refuses a counter that does not rise; the conditional update refuses two answers racing.
  const [used] = await db
    .update(passkeys)
    .set({ counter: result.authenticationInfo.newCounter, lastUsedAt: now })
    .where(and(eq(passkeys.id, key.id), eq(passkeys.counter, key.counter)))
    .returning({ id: passkeys.id });
  return Boolean(used);
}

/** The login's second step with a passkey: true when it verifies (the challenge is spent either way). */
export async function verifyLoginPasskey(
  db: Executor,
  challenge: Challenge,
  response: AuthenticationResponseJSON,
  rp: RelyingParty,
  now = new Date(),
): Promise<boolean> {
  const expected = await spendLoginChallenge(db, challenge);
  return verifyPasskey(db, challenge.userId, expected, response, rp, now);
}
