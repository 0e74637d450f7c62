import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { memberships, sessions } from '../../db/schema/index';
import { canManageAuthorisations, ErrorCode } from '../../shared/index';
import type { RequestContext } from '../context';
import { AppError } from '../errors';
import { appendAudit } from './audit';
import { enforce } from './authorize';

const PURPOSE = 'sessies van een gebruiker beëindigen (convenant art. 15.2c, 15.2d)';

/**
 * The administrator ends every session of an authorisation holder (a lost laptop, a suspected break-in): the
 * user must log in again, with the second factor. Audited. Returns the ended sessions' ids, whose live
 * connections the caller closes.
 */
export async function endUserSessions(
  db: Database,
  ctx: RequestContext,
  membershipId: string,
  now = new Date(),
): Promise<string[]> {
  const attempt = { action: 'logout' as const, objectType: 'membership' as const, objectId: membershipId };
  await enforce(db, ctx, canManageAuthorisations(ctx.actor), { ...attempt, purpose: PURPOSE });
  const [membership] = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.id, membershipId), eq(memberships.covenantId, ctx.actor.covenantId)));
  if (!membership) throw new AppError(404, ErrorCode.NotFound, 'No such authorisation');
  return db.transaction(async (tx) => {
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
        {
          actor: ctx.actor,
          origin: ctx.origin,
          ...attempt,
          result: 'allowed',
          rule: 'art. 15.2c: sessions ended by the administrator',
          purpose: PURPOSE,
        },
      ],
      now,
    );
    return ended.map((session) => session.id);
  });
}
