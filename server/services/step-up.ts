import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client';
import { covenants, sessions, users } from '../../db/schema/index';
import { ErrorCode, STEP_UP_MINUTES } from '../../shared/index';
import { AppError } from '../errors';
import { verifyPassword } from './passwords';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { authenticationOptions, spendSessionChallenge, verifyPasskey, type RelyingParty } from './passkeys';
import { acceptCode, hasSecondFactor } from './second-factor';
import { admitLoginAttempt, clearLoginFailures } from './sessions';

/**
 * Step-up: the most sensitive actions (the original text behind a correction, the access-log export, granting or
 * changing authorisations, restoring an archived file) need a session whose user proved who they are within the
 * covenant's `stepUpMinutes`, at login or by confirming again. A session left open on an unattended screen is then
 * no way to them (BIO: strong authentication; convenant art. 15.2d).
 */

async function windowMs(db: Executor, covenantId: string): Promise<number> {
  const [covenant] = await db
    .select({ policy: covenants.policy })
    .from(covenants)
    .where(eq(covenants.id, covenantId))
    .limit(1);
  return (covenant?.policy.stepUpMinutes ?? STEP_UP_MINUTES) * 60_000;
}

/** Until when the session may take the most sensitive actions without confirming again; null when not now. */
export async function stepUpValidUntil(
  db: Executor,
  sessionId: string,
  covenantId: string,
  now = new Date(),
): Promise<Date | null> {
  const [session] = await db
    .select({ createdAt: sessions.createdAt, authenticatedAt: sessions.authenticatedAt })
    .from(sessions)
    .where(eq(sessions.tokenHash, sessionId))
    .limit(1);
  if (!session) return null;
  const until = new Date(
    (session.authenticatedAt ?? session.createdAt).getTime() + (await windowMs(db, covenantId)),
  );
  return until.getTime() >= now.getTime() ? until : null;
}

/** Throws STEP_UP_REQUIRED (403) unless the session's last authentication is recent enough. */
export async function requireRecentAuthentication(
  db: Executor,
  sessionId: string,
  covenantId: string,
  now = new Date(),
): Promise<void> {
  if (await stepUpValidUntil(db, sessionId, covenantId, now)) return;
  const minutes = (await windowMs(db, covenantId)) / 60_000;
  throw new AppError(
    403,
    ErrorCode.StepUpRequired,
    `This action needs a recent login: confirm your password again (it then stays open for ${minutes} minutes)`,
  );
}

/** A challenge for a step-up with a passkey, kept with the session for its one answer. */
export async function stepUpPasskeyOptions(
  db: Executor,
  session: { userId: string; sessionId: string },
  rp: RelyingParty,
) {
  const options = await authenticationOptions(db, session.userId, rp);
  await db
    .update(sessions)
    .set({ webauthnChallenge: options.challenge })
    .where(eq(sessions.tokenHash, session.sessionId));
  return options;
}

/** Takes the session's challenge (good once, right or wrong) and checks the passkey's answer to it. */
async function spendPasskey(db: Executor, input: StepUp, now: Date): Promise<boolean> {
  if (!input.passkey) return false;
  const expected = await spendSessionChallenge(db, input.sessionId);
  if (!expected) return false;
  return verifyPasskey(db, input.userId, expected, input.passkey.response, input.passkey.rp, now);
}

export interface StepUp {
  userId: string;
  sessionId: string;
  covenantId: string;
  password: string;
  code: string | undefined;
  /** Instead of a code: a passkey's answer to the session's step-up challenge, at this relying party. */
  passkey?: { response: AuthenticationResponseJSON; rp: RelyingParty };
  /** The client address: a wrong password or code counts as a failed login from it (the same throttle). */
  address: string;
}

/**
 * Confirms the user again: the password, and a code of the second factor when the account has one (a demo account
 * in demo mode has none). Counted like a login, so an open session is no way to guess either. Returns until when
 * the sensitive actions are open.
 */
export async function stepUp(db: Database, input: StepUp, now = new Date()): Promise<Date> {
  const [user] = await db.select().from(users).where(eq(users.id, input.userId)).limit(1);
  if (!user || user.disabledAt) throw new AppError(403, ErrorCode.Forbidden, 'This account is disabled');
  const attempt = { username: user.username, address: input.address };
  if ((await admitLoginAttempt(db, attempt, now)) > 0)
    throw new AppError(
      429,
      ErrorCode.LoginThrottled,
      'Too many wrong attempts for this account; wait before trying again',
    );
  if (!(await verifyPassword(user.passwordHash, input.password)))
    throw new AppError(403, ErrorCode.InvalidCredentials, 'The password is wrong', 'body.password');
  if (input.passkey) {
    if (!(await spendPasskey(db, input, now)))
      throw new AppError(
        403,
        ErrorCode.InvalidCredentials,
        'The passkey could not be verified; try again or use a code',
        'body.passkey',
      );
  } else if (await hasSecondFactor(db, user.id)) {
    if (!input.code)
      throw new AppError(
        400,
        ErrorCode.ValidationFailed,
        'Enter a code of your authenticator app',
        'body.code',
      );
    if (!(await acceptCode(db, user.id, input.code, now)))
      throw new AppError(
        403,
        ErrorCode.InvalidCredentials,
        'The code is wrong or no longer valid',
        'body.code',
      );
  }
  await clearLoginFailures(db, attempt);
  const [updated] = await db
    .update(sessions)
    .set({ authenticatedAt: now })
    .where(
      and(eq(sessions.tokenHash, input.sessionId), isNull(sessions.endedAt), gt(sessions.expiresAt, now)),
    )
    .returning({ at: sessions.authenticatedAt });
  if (!updated) throw new AppError(401, ErrorCode.NotAuthenticated, 'This session has ended; log in again');
  return new Date(now.getTime() + (await windowMs(db, input.covenantId)));
}
