import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client';
import { loginChallenges, memberships, sessions } from '../../db/schema/index';
import { canManageAuthorisations, ErrorCode, type AuditAction } from '../../shared/index';
import type { RequestContext } from '../context';
import { AppError } from '../errors';
import { byRequester, appendAudit } from './audit';
import { enforce } from './authorize';

/** What the administrator does to an authorisation holder's account that ends all of their sessions. */
interface AccountAction {
  action: AuditAction;
  rule: string;
  purpose: string;
  /** Done in the same transaction, before the sessions end (e.g. removing the second factor). */
  also?: (tx: Executor, userId: string) => Promise<void>;
}

/**
 * An administrator's action on a holder's account (art. 15.2c) that ends every session of the user: checked,
 * done in one transaction with the end of the sessions, and audited. Returns the ended sessions' ids, whose live
 * connections the caller closes.
 */
export async function endSessionsOfHolder(
  db: Database,
  ctx: RequestContext,
  membershipId: string,
  what: AccountAction,
  now = new Date(),
): Promise<string[]> {
  const attempt = { action: what.action, objectType: 'membership' as const, objectId: membershipId };
  await enforce(db, ctx, canManageAuthorisations(ctx.actor), { ...attempt, purpose: what.purpose });
  const [membership] = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.id, membershipId), eq(memberships.covenantId, ctx.actor.covenantId)));
  if (!membership) throw new AppError(404, ErrorCode.NotFound, 'No such authorisation');
  return db.transaction(async (tx) => {
    await what.also?.(tx, membership.userId);
    // A login halfway (password given, second factor to come) would otherwise open a session after this.
    await tx.delete(loginChallenges).where(eq(loginChallenges.userId, membership.userId));
    const ended = await tx
      .update(sessions)
      .set({ endedAt: now })
      .where(
        and(eq(sessions.userId, membership.userId), isNull(sessions.endedAt), gt(sessions.expiresAt, now)),
      )
      .returning({ id: sessions.tokenHash });
    await appendAudit(
      tx,
      [
        byRequester(ctx, {
          ...attempt,
          result: 'allowed',
          rule: what.rule,
          purpose: what.purpose,
        }),
      ],
      now,
    );
    return ended.map((session) => session.id);
  });
}

/**
 * The administrator ends every session of an authorisation holder (a lost laptop, a suspected break-in): the
 * user must log in again, with the second factor.
 */
export const endUserSessions = (db: Database, ctx: RequestContext, membershipId: string, now = new Date()) =>
  endSessionsOfHolder(
    db,
    ctx,
    membershipId,
    {
      action: 'logout',
      rule: 'art. 15.2c: sessions ended by the administrator',
      purpose: 'sessies van een gebruiker beëindigen (convenant art. 15.2c, 15.2d)',
    },
    now,
  );
