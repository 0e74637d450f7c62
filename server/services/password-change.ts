import { and, eq, gt, isNull, ne } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { sessions, users, loginChallenges } from '../../db/schema/index';
import { ErrorCode } from '../../shared/index';
import { AppError } from '../errors';
import { hashPassword, verifyPassword } from './passwords';
import { admitLoginAttempt, clearLoginFailures } from './sessions';

export interface PasswordChange {
  userId: string;
  /** The session the change is made in: it stays, every other session of the account ends. */
  sessionId: string;
  currentPassword: string;
  newPassword: string;
  /** The client address of the request: a wrong current password counts against it too. */
  address: string;
}

/**
 * Changes a local account's password (art. 15.2d: logical access control). The current password is asked again,
 * and a wrong one counts as a failed login (the same throttle), so a session left open is no way to guess it.
 * Every other session of the account ends: whoever else held it is out. Returns those sessions' ids, whose live
 * connections the caller closes.
 */
export async function changePassword(
  db: Database,
  change: PasswordChange,
  now = new Date(),
): Promise<string[]> {
  const [user] = await db.select().from(users).where(eq(users.id, change.userId)).limit(1);
  if (!user || user.disabledAt) throw new AppError(403, ErrorCode.Forbidden, 'This account is disabled');
  const attempt = { username: user.username, address: change.address };
  const wait = await admitLoginAttempt(db, attempt, now);
  if (wait > 0)
    throw new AppError(
      429,
      ErrorCode.LoginThrottled,
      'Too many wrong passwords for this account; wait before trying again',
    );
  if (!(await verifyPassword(user.passwordHash, change.currentPassword)))
    throw new AppError(
      403,
      ErrorCode.InvalidCredentials,
      'The current password is wrong',
      'body.currentPassword',
    );
  await clearLoginFailures(db, attempt);
  if (change.newPassword === change.currentPassword)
    throw new AppError(
      400,
      ErrorCode.ValidationFailed,
      'The new password must differ from the current one',
      'body.newPassword',
    );
  if (change.newPassword.trim().toLowerCase() === user.username.trim().toLowerCase())
    throw new AppError(
      400,
      ErrorCode.ValidationFailed,
      'The new password must not be the username',
      'body.newPassword',
    );
  const passwordHash = await hashPassword(change.newPassword);
  return db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    // A login halfway (the old password given, the second factor still to come) ends too.
    await tx.delete(loginChallenges).where(eq(loginChallenges.userId, user.id));
    const ended = await tx
      .update(sessions)
      .set({ endedAt: now })
      .where(
        and(
          eq(sessions.userId, user.id),
          ne(sessions.tokenHash, change.sessionId),
          isNull(sessions.endedAt),
          gt(sessions.expiresAt, now),
        ),
      )
      .returning({ id: sessions.tokenHash });
    return ended.map((session) => session.id);
  });
}
