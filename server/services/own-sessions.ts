import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { sessions } from '../../db/schema/index';
import { ErrorCode, type OwnSession } from '../../shared/index';
import type { RequestContext } from '../context';
import { AppError } from '../errors';
import { byRequester, appendAudit } from './audit';
import type { SessionTimeouts } from './sessions';

const PURPOSE = 'eigen sessies beheren (convenant art. 15.2d: logische toegangscontrole)';

const live = (userId: string, timeouts: SessionTimeouts, now: Date) =>
  and(
    eq(sessions.userId, userId),
    isNull(sessions.endedAt),
    gt(sessions.expiresAt, now),
    gt(sessions.lastSeenAt, new Date(now.getTime() - timeouts.idleMinutes * 60_000)),
  );

/**
 * The caller's live sessions, newest first, so they can see where their account is logged in (art. 15.2d). Named
 * by their public id: the token hash (the row's key) never leaves the server.
 */
export async function listOwnSessions(
  db: Database,
  user: { userId: string; currentSessionId: string },
  timeouts: SessionTimeouts,
  now = new Date(),
): Promise<OwnSession[]> {
  const rows = await db
    .select()
    .from(sessions)
    .where(live(user.userId, timeouts, now))
    .orderBy(desc(sessions.createdAt));
  return rows.map((row) => ({
    id: row.publicId,
    createdAt: row.createdAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    userAgent: row.userAgent,
    address: row.address,
    current: row.tokenHash === user.currentSessionId,
  }));
}

/**
 * Ends one of the caller's own other sessions (a browser left logged in elsewhere). The current session is not
 * ended this way: that is logging out. Audited. Returns the ended session's id, whose live connections the
 * caller closes.
 */
export async function endOwnSession(
  db: Database,
  ctx: RequestContext,
  target: { publicId: string; currentSessionId: string },
  now = new Date(),
): Promise<string> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ tokenHash: sessions.tokenHash, endedAt: sessions.endedAt })
      .from(sessions)
      .where(and(eq(sessions.publicId, target.publicId), eq(sessions.userId, ctx.actor.userId)))
      .limit(1);
    // Another user's session is as unknown as one that never was.
    if (!row || row.endedAt) throw new AppError(404, ErrorCode.NotFound, 'No such session');
    if (row.tokenHash === target.currentSessionId)
      throw new AppError(
        409,
        ErrorCode.Conflict,
        'This is the current session; log out to end it',
        'params.id',
      );
    await tx.update(sessions).set({ endedAt: now }).where(eq(sessions.tokenHash, row.tokenHash));
    await appendAudit(
      tx,
      [
        byRequester(ctx, {
          action: 'logout',
          objectType: 'session',
          objectId: `session:${target.publicId}`,
          result: 'allowed',
          rule: 'art. 15.2d: own session ended',
          purpose: PURPOSE,
        }),
      ],
      now,
    );
    return row.tokenHash;
  });
}
