import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { oidcProviders, oidcSessions, sessions } from '../../db/schema/index';
import { ErrorCode } from '../../shared/index';
import { AppError } from '../errors';
import { startOidcLogin, type OidcLogin } from './oidc';

/**
 * The step-up of a session opened at a partner's identity provider: it has no local password to ask again, so the
 * person authenticates at the provider anew (`prompt=login`, `max_age=0`), and only a fresh authentication of the
 * same identity, returning to the same browser session, counts (BIO: strong authentication; art. 15.2d).
 */

/** The provider identity a session was opened with; null for a session of a local account. */
export async function oidcSessionOf(db: Executor, sessionId: string) {
  const [row] = await db.select().from(oidcSessions).where(eq(oidcSessions.sessionId, sessionId));
  return row ?? null;
}

/** Only a path of this app: never send the browser on to another site afterwards (open redirect). */
export function safeReturnPath(raw: string | undefined): string {
  return raw && raw.startsWith('/') && !raw.startsWith('//') && !raw.includes('\\') && raw.length <= 500
    ? raw
    : '/';
}

/** The address of the provider to confirm at, for a session opened there. */
export async function startOidcStepUp(
  db: Executor,
  session: { sessionId: string; organisationId: string },
  returnTo: string,
  redirectUri: string,
): Promise<{ url: string; cookie: string }> {
  const identity = await oidcSessionOf(db, session.sessionId);
  if (!identity)
    throw new AppError(
      409,
      ErrorCode.Conflict,
      'This session was opened with a password: confirm with your password and second factor',
    );
  const [provider] = await db
    .select({ issuer: oidcProviders.issuer })
    .from(oidcProviders)
    .where(eq(oidcProviders.organisationId, session.organisationId));
  if (provider?.issuer !== identity.issuer)
    throw new AppError(
      409,
      ErrorCode.Conflict,
      'The identity provider of this session is no longer configured for your organisation; log in again',
    );
  return startOidcLogin(db, session.organisationId, redirectUri, new Date(), {
    sessionId: session.sessionId,
    returnTo: safeReturnPath(returnTo),
  });
}

/**
 * Records a step-up that came back from the provider: a fresh authentication, of the identity the session was
 * opened with. The browser is bound by the login cookie set when the session asked for the step-up (the session's
 * own cookie is strict, so the provider's redirect back does not carry it). True when the session is confirmed.
 */
export async function completeOidcStepUp(db: Executor, login: OidcLogin, now = new Date()): Promise<boolean> {
  const stepUp = login.stepUp;
  if (!stepUp?.reauthenticated) return false;
  const identity = await oidcSessionOf(db, stepUp.sessionId);
  if (identity?.issuer !== login.issuer || identity.subject !== login.sub) return false;
  const [confirmed] = await db
    .update(sessions)
    .set({ authenticatedAt: now })
    .where(
      and(
        eq(sessions.tokenHash, stepUp.sessionId),
        eq(sessions.membershipId, login.actor.membershipId),
        isNull(sessions.endedAt),
        gt(sessions.expiresAt, now),
      ),
    )
    .returning({ tokenHash: sessions.tokenHash });
  return Boolean(confirmed);
}
