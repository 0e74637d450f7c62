import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { eq } from 'drizzle-orm';
import { covenants, users } from '../../db/schema/index';
import { ErrorCode, type Actor, type Me } from '../../shared/index';
import { AppError } from '../errors';
import { loadActor } from '../services/actors';
import { appendAudit } from '../services/audit';
import { meOf } from '../services/me';
import type { Challenge } from '../services/second-factor';
import { accountReference, clearLoginFailures } from '../services/sessions';
import { openSession } from './session-cookies';

const PURPOSE = 'aanmelden met tweede factor (convenant art. 15.2d: logische toegangscontrole; BIO)';

/**
 * What the second step of a login shares, whatever the factor (an app code, a recovery code, a passkey): the
 * account behind the login's challenge, its audit row, and opening the session once the factor is right.
 */
export interface LoginAccount {
  user: { id: string; username: string; displayName: string };
  actor: Actor;
}

/** The account of a challenge, still active with a membership (a membership revoked meanwhile stops the login). */
export async function accountOf(app: FastifyInstance, challenge: Challenge): Promise<LoginAccount> {
  const [user] = await app.db.select().from(users).where(eq(users.id, challenge.userId));
  const actor = user && !user.disabledAt ? await loadActor(app.db, challenge.membershipId) : null;
  if (!user || !actor)
    throw new AppError(403, ErrorCode.Forbidden, 'This account has no active membership of a covenant');
  return { user, actor };
}

/** The audit row of a second step, allowed or denied, with the rule it rests on (BIO; art. 15.2d). */
export function auditLoginStep(
  app: FastifyInstance,
  request: FastifyRequest,
  account: LoginAccount,
  result: 'allowed' | 'denied',
  rule: string,
): Promise<void> {
  return appendAudit(app.db, [
    {
      actor: result === 'allowed' ? account.actor : null,
      userId: account.user.id,
      origin: { ip: request.ip, userAgent: request.headers['user-agent'] ?? null },
      action: 'login',
      objectType: 'session',
      objectId: accountReference(account.user.username),
      result,
      rule,
      purpose: PURPOSE,
    },
  ]);
}

/**
 * Runs a second step's check: a refusal is audited with the rule and passed on. The check ends the challenge
 * itself when it succeeds, in the same transaction as what it stores.
 */
export async function checkedStep<T>(
  app: FastifyInstance,
  request: FastifyRequest,
  account: LoginAccount,
  rule: string,
  check: () => Promise<T>,
): Promise<T> {
  try {
    return await check();
  } catch (error) {
    await auditLoginStep(app, request, account, 'denied', rule);
    throw error;
  }
}

/** The factor was right: the throttle forgets the failures, the session opens, the login is audited. */
export async function completeLogin(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  account: LoginAccount,
  rule: string,
): Promise<Me> {
  await clearLoginFailures(app.db, { username: account.user.username, address: request.ip });
  await openSession(app, request, reply, { userId: account.user.id, actor: account.actor });
  await auditLoginStep(app, request, account, 'allowed', rule);
  const [covenant] = await app.db
    .select({ name: covenants.name })
    .from(covenants)
    .where(eq(covenants.id, account.actor.covenantId));
  return meOf(account.actor, covenant?.name ?? '');
}
