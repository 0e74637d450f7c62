import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';
import type { Database, Executor } from '../../db/client';
import { loginChallenges, passkeys, recoveryCodes, secondFactors } from '../../db/schema/index';
import { ErrorCode } from '../../shared/index';
import { AppError } from '../errors';

/** The cookie of a login halfway (password right, second factor to come); only for the session routes. */
export const LOGIN_CHALLENGE_COOKIE = 'casustafel_login';
/** How long the second step may take, and how many wrong codes end it (the throttle of the password counts too). */
const CHALLENGE_MINUTES = 5;
const CHALLENGE_ATTEMPTS = 5;
const RECOVERY_CODES = 10;
const ISSUER = 'Casustafel';
/** RFC 6238 defaults, which every authenticator app supports; one step either side for clock drift. */
const TOTP = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
const WINDOW = 1;

const hash = (value: string) => createHash('sha256').update(value).digest('hex');
const totpOf = (secret: string, label = '') =>
  new OTPAuth.TOTP({ issuer: ISSUER, label, secret: OTPAuth.Secret.fromBase32(secret), ...TOTP });
/** Recovery codes are typed by people: case and dashes do not matter. */
const normaliseRecoveryCode = (code: string) => code.replace(/[^0-9a-z]/gi, '').toLowerCase();

export type ChallengeStep = 'second-factor' | 'enrol';
export interface Challenge {
  tokenHash: string;
  userId: string;
  membershipId: string;
  step: ChallengeStep;
  pendingSecret: string | null;
  webauthnChallenge: string | null;
}

/** The second factors an account has enrolled: passkeys first (the main way), the authenticator app as fallback. */
export type SecondFactorMethod = 'passkey' | 'totp';

export async function secondFactorMethods(db: Executor, userId: string): Promise<SecondFactorMethod[]> {
  const [app] = await db
    .select({ userId: secondFactors.userId })
    .from(secondFactors)
    .where(eq(secondFactors.userId, userId));
  const [key] = await db
    .select({ id: passkeys.id })
    .from(passkeys)
    .where(eq(passkeys.userId, userId))
    .limit(1);
  return [...(key ? ['passkey' as const] : []), ...(app ? ['totp' as const] : [])];
}

export async function hasSecondFactor(db: Executor, userId: string): Promise<boolean> {
  return (await secondFactorMethods(db, userId)).length > 0;
}

/** Starts the second step of a login; returns the token for the browser's challenge cookie. */
export async function startChallenge(
  db: Executor,
  login: { userId: string; membershipId: string; step: ChallengeStep },
  now = new Date(),
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  // Stale challenges of anyone go with each new one: they are minutes old at most and worth nothing.
  await db.delete(loginChallenges).where(lt(loginChallenges.expiresAt, now));
  await db.insert(loginChallenges).values({
    tokenHash: hash(token),
    ...login,
    expiresAt: new Date(now.getTime() + CHALLENGE_MINUTES * 60_000),
  });
  return token;
}

const challengeExpired = () =>
  new AppError(401, ErrorCode.NotAuthenticated, 'The login has expired or was not started; log in again');

/** The live challenge of a cookie token, at the step asked for. */
export async function challengeOf(
  db: Executor,
  token: string | undefined,
  step: ChallengeStep,
  now = new Date(),
): Promise<Challenge> {
  if (!token) throw challengeExpired();
  const [row] = await db
    .select()
    .from(loginChallenges)
    .where(and(eq(loginChallenges.tokenHash, hash(token)), gt(loginChallenges.expiresAt, now)));
  if (!row || row.step !== step) throw challengeExpired();
  return row;
}

export const endChallenge = (db: Executor, challenge: Challenge) =>
  db.delete(loginChallenges).where(eq(loginChallenges.tokenHash, challenge.tokenHash));

/** A wrong code or passkey: counted, and the challenge ends after a few. */
export async function countWrongAttempt(db: Executor, challenge: Challenge): Promise<void> {
  const [row] = await db
    .update(loginChallenges)
    .set({ attempts: sql`${loginChallenges.attempts} + 1` })
    .where(eq(loginChallenges.tokenHash, challenge.tokenHash))
    .returning({ attempts: loginChallenges.attempts });
  if (!row || row.attempts >= CHALLENGE_ATTEMPTS) await endChallenge(db, challenge);
}

async function wrongCode(db: Executor, challenge: Challenge): Promise<never> {
  await countWrongAttempt(db, challenge);
  throw new AppError(401, ErrorCode.InvalidCredentials, 'The code is wrong or no longer valid', 'body.code');
}

/**
 * New recovery codes for the user, replacing any earlier ones: returned once for the screen, kept only as hashes.
 * For a lost phone or passkey; each works once.
 */
export async function issueRecoveryCodes(db: Executor, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODES }, () => {
    const raw = randomBytes(5).toString('hex');
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await db
    .insert(recoveryCodes)
    .values(codes.map((c) => ({ id: randomUUID(), userId, codeHash: hash(normaliseRecoveryCode(c)) })));
  return codes;
}

export interface EnrolmentOffer {
  /** The secret in base32, for typing into an app that cannot scan. */
  secret: string;
  /** The otpauth:// address the QR code holds. */
  uri: string;
  /** The QR code as an SVG document. */
  qrSvg: string;
}

/** Offers a new TOTP secret for enrolment; a new offer replaces an earlier one. */
export async function offerEnrolment(
  db: Executor,
  challenge: Challenge,
  username: string,
): Promise<EnrolmentOffer> {
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  await db
    .update(loginChallenges)
    .set({ pendingSecret: secret })
    .where(eq(loginChallenges.tokenHash, challenge.tokenHash));
  const uri = totpOf(secret, username).toString();
  return { secret, uri, qrSvg: await QRCode.toString(uri, { type: 'svg', margin: 1 }) };
}

/** The time step a code is valid for, or null. */
function validStep(secret: string, code: string, now: Date): number | null {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpOf(secret).validate({ token, timestamp: now.getTime(), window: WINDOW });
  return delta === null ? null : Math.floor(now.getTime() / 1000 / TOTP.period) + delta;
}

/**
 * Completes enrolment: the code proves the app holds the offered secret. Stores the factor and returns the
 * recovery codes, which are shown once and kept only as hashes.
 */
export async function confirmEnrolment(
  db: Database,
  challenge: Challenge,
  code: string,
  now = new Date(),
): Promise<string[]> {
  const secret = challenge.pendingSecret;
  if (!secret) throw new AppError(409, ErrorCode.Conflict, 'Ask for a code to enrol first');
  const step = validStep(secret, code, now);
  if (step === null) return wrongCode(db, challenge);
  return db.transaction(async (tx) => {
    await tx.delete(secondFactors).where(eq(secondFactors.userId, challenge.userId));
    await tx
      .insert(secondFactors)
      .values({ userId: challenge.userId, kind: 'totp', secret, lastStep: step, enrolledAt: now });
    const codes = await issueRecoveryCodes(tx, challenge.userId);
    await endChallenge(tx, challenge);
    return codes;
  });
}

/**
 * Checks the second factor: a TOTP code, each good once (a code seen on someone's screen cannot be reused), or an
 * unused recovery code. Ends the challenge when right; counts it when wrong.
 */
export async function verifySecondFactor(
  db: Database,
  challenge: Challenge,
  code: string,
  now = new Date(),
): Promise<'totp' | 'recovery-code'> {
  const accepted = await acceptCode(db, challenge.userId, code, now);
  if (!accepted) return wrongCode(db, challenge);
  await endChallenge(db, challenge);
  return accepted;
}

/**
 * Spends a second-factor code of the user: a TOTP code not older than the last one used, or an unused recovery
 * code. Null when it is neither (nothing is spent then).
 */
export async function acceptCode(
  db: Executor,
  userId: string,
  code: string,
  now = new Date(),
): Promise<'totp' | 'recovery-code' | null> {
  const [factor] = await db.select().from(secondFactors).where(eq(secondFactors.userId, userId));
  // An account with passkeys only has no app, but has recovery codes.
  const step = factor ? validStep(factor.secret, code, now) : null;
  if (step !== null) {
    const [accepted] = await db
      .update(secondFactors)
      .set({ lastStep: step })
      .where(
        and(
          eq(secondFactors.userId, userId),
          sql`(${secondFactors.lastStep} is null or ${secondFactors.lastStep} < ${step})`,
        ),
      )
      .returning({ userId: secondFactors.userId });
    return accepted ? 'totp' : null;
  }
  const normalised = normaliseRecoveryCode(code);
  if (normalised.length !== 10) return null;
  const [used] = await db
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(
      and(
        eq(recoveryCodes.userId, userId),
        eq(recoveryCodes.codeHash, hash(normalised)),
        isNull(recoveryCodes.usedAt),
      ),
    )
    .returning({ id: recoveryCodes.id });
  return used ? 'recovery-code' : null;
}

/** The administrator's reset: every factor (app and passkeys) and the recovery codes go; the next login enrols anew. */
export async function resetSecondFactor(db: Executor, userId: string): Promise<void> {
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await db.delete(secondFactors).where(eq(secondFactors.userId, userId));
  await db.delete(passkeys).where(eq(passkeys.userId, userId));
  await db.delete(loginChallenges).where(eq(loginChallenges.userId, userId));
}
