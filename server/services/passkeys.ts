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
import { loginChallenges, passkeys } from '../../db/schema/index';
import { ErrorCode } from '../../shared/index';
import { AppError } from '../errors';
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
  new AppError(401, ErrorCode.InvalidCredentials, 'The passkey could not be verified; try again or use a code');

/** The user id the authenticator stores: the account's uuid as bytes, never the name (WebAuthn: no personal data). */
const userHandle = (userId: string) => new Uint8Array(Buffer.from(userId.replace(/-/g, ''), 'hex'));

/** Registration options for a new passkey; the challenge is kept with the login, for the one answer to it. */
export async function registrationOptions(
  db: Executor,
  challenge: Challenge,
  account: { username: string; displayName: string },
  rp: RelyingParty,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const existing = await db
    .select({ id: passkeys.id, transports: passkeys.transports })
    .from(passkeys)
    .where(eq(passkeys.userId, challenge.userId));
  const options = await generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: rp.id,
    userName: account.username,
    userID: userHandle(challenge.userId),
    userDisplayName: account.displayName,
    timeout: TIMEOUT_MS,
    attestationType: 'none',
    excludeCredentials: existing.map((k) => ({
      id: k.id,
      transports: k.transports as AuthenticatorTransportFuture[],
    })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
  });
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
    .where(and(eq(loginChallenges.tokenHash, challenge.tokenHash), isNotNull(loginChallenges.webauthnChallenge)))
    .returning({ previous: loginChallenges.tokenHash });
  if (!row || !challenge.webauthnChallenge)
    throw new AppError(409, ErrorCode.Conflict, 'Ask the server for a passkey challenge first');
  return challenge.webauthnChallenge;
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
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: expected,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
    });
  } catch {
    return null;
  }
  if (!verified.verified) return null;
  const { credential } = verified.registrationInfo;
  return db.transaction(async (tx) => {
    await tx.insert(passkeys).values({
      id: credential.id,
      userId: challenge.userId,
      publicKey: base64url(credential.publicKey),
      counter: credential.counter,
      transports: credential.transports ?? [],
      rpId: rp.id,
      createdAt: now,
    });
    const codes = await issueRecoveryCodes(tx, challenge.userId);
    await endChallenge(tx, challenge);
    return codes;
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
