import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client';
import { loginFailures, memberships, organisations, parties, sessions, users } from '../../db/schema/index';
import type { Actor } from '../../shared/index';
import { preparedStatement } from '../../db/statements';
import { actorColumns, actorJoins, actorOf } from './actors';

export const SESSION_COOKIE = 'casustafel_session';

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export interface SessionTimeouts {
  idleMinutes: number;
  maxHours: number;
}

/** Where a session is opened from, kept so its owner can recognise it in their list of sessions. */
export interface SessionOrigin {
  userAgent: string | null;
  address: string | null;
}
const USER_AGENT_MAX = 300;

export async function createSession(
  db: Executor,
  userId: string,
  membershipId: string,
  timeouts: SessionTimeouts,
  now = new Date(),
  origin: SessionOrigin = { userAgent: null, address: null },
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.insert(sessions).values({
    tokenHash: tokenHash(token),
    userId,
    membershipId,
    userAgent: origin.userAgent?.slice(0, USER_AGENT_MAX) ?? null,
    address: origin.address,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + timeouts.maxHours * 3_600_000),
  });
  return token;
}

/**
 * How stale the idle clock may get before a request moves it on. Touching it on every request would make every
 * read a database write; the idle timeout is in minutes, so half a minute of slack changes nothing.
 */
export const SESSION_TOUCH_AFTER_MS = 30_000;

/** A resumed session: `id` is the token's hash (the row's key), never the token itself. */
export interface ResumedSession {
  id: string;
  userId: string;
  membershipId: string;
  expiresAt: Date;
  lastSeenAt: Date;
}

/** The live session for a cookie token, touching its idle clock; null when unknown, ended, idle or expired. */
export async function resumeSession(
  db: Executor,
  token: string,
  timeouts: SessionTimeouts,
  now = new Date(),
): Promise<ResumedSession | null> {
  const hash = tokenHash(token);
  const [row] = await db
    .select(sessionColumns)
    .from(sessions)
    .where(liveSession(hash, timeouts, now))
    .limit(1);
  return row ? touched(db, hash, row, now) : null;
}

/**
 * The live session for a cookie token and who acts in it, in one query (every request and every live handshake
 * asks both): null when the session is unknown, ended, idle or expired, or its membership revoked or user
 * disabled. Touches the idle clock like resumeSession.
 */
export async function resumeSessionActor(
  db: Database,
  token: string,
  timeouts: SessionTimeouts,
  now = new Date(),
): Promise<{ session: ResumedSession; actor: Actor } | null> {
  const hash = tokenHash(token);
  const [row] = await sessionActorStatement(db).execute({
    hash,
    now,
    idleSince: new Date(now.getTime() - timeouts.idleMinutes * 60_000),
  });
  const actor = actorOf(row?.actor);
  if (!row || !actor) return null;
  return { session: await touched(db, hash, row.session, now), actor };
}

const sessionColumns = {
  userId: sessions.userId,
  membershipId: sessions.membershipId,
  lastSeenAt: sessions.lastSeenAt,
  expiresAt: sessions.expiresAt,
};

/** The query of resumeSessionActor, prepared: it runs at every request and handshake (see db/statements.ts). */
const sessionActorStatement = preparedStatement('casustafel_session_actor', (db: Database) =>
  db
    .select({ session: sessionColumns, actor: actorColumns })
    .from(sessions)
    .innerJoin(memberships, eq(memberships.id, sessions.membershipId))
    .innerJoin(users, actorJoins.users)
    .innerJoin(organisations, actorJoins.organisations)
    .leftJoin(parties, actorJoins.parties)
    .where(
      and(
        eq(sessions.tokenHash, sql.placeholder('hash')),
        isNull(sessions.endedAt),
        gt(sessions.expiresAt, sql.placeholder('now')),
        gt(sessions.lastSeenAt, sql.placeholder('idleSince')),
        actorJoins.active,
      ),
    )
    .limit(1),
);

const liveSession = (hash: string, timeouts: SessionTimeouts, now: Date) =>
  and(
    eq(sessions.tokenHash, hash),
    isNull(sessions.endedAt),
    gt(sessions.expiresAt, now),
    gt(sessions.lastSeenAt, new Date(now.getTime() - timeouts.idleMinutes * 60_000)),
  );

/** The resumed session, its idle clock moved on when it is stale enough (see SESSION_TOUCH_AFTER_MS). */
async function touched(
  db: Executor,
  hash: string,
  row: { userId: string; membershipId: string; lastSeenAt: Date; expiresAt: Date },
  now: Date,
): Promise<ResumedSession> {
  let lastSeenAt = row.lastSeenAt;
  if (now.getTime() - row.lastSeenAt.getTime() >= SESSION_TOUCH_AFTER_MS) {
    await touchSession(db, hash, now);
    lastSeenAt = now;
  }
  return {
    id: hash,
    userId: row.userId,
    membershipId: row.membershipId,
    expiresAt: row.expiresAt,
    lastSeenAt,
  };
}

/** Moves a session's idle clock on (never back, never for an ended session). */
export async function touchSession(db: Executor, sessionId: string, now = new Date()): Promise<void> {
  await db
    .update(sessions)
    .set({ lastSeenAt: now })
    .where(and(eq(sessions.tokenHash, sessionId), isNull(sessions.endedAt), lt(sessions.lastSeenAt, now)));
}

/** When a session was last seen, or null when it ended or expired (for the idle timer of live connections). */
export async function sessionLastSeen(
  db: Executor,
  sessionId: string,
  now = new Date(),
): Promise<Date | null> {
  const [row] = await db
    .select({ lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .where(and(eq(sessions.tokenHash, sessionId), isNull(sessions.endedAt), gt(sessions.expiresAt, now)))
    .limit(1);
  return row?.lastSeenAt ?? null;
}

export async function endSession(db: Executor, token: string, now = new Date()): Promise<void> {
  await db
    .update(sessions)
    .set({ endedAt: now })
    .where(eq(sessions.tokenHash, tokenHash(token)));
}

/**
 * Login throttling (convenant art. 15.2d; BIO: protection against guessing passwords). Three counts of failed
 * attempts within the window, each with its own free allowance, after which every further attempt must wait an
 * exponentially growing delay (1 s, 2 s, 4 s, … up to 15 minutes) after that count's last failure:
 * - one account from one client address: guessing from elsewhere does not lock the owner out;
 * - one client address over all accounts: one address cannot try many accounts freely;
 * - one account over all addresses, with a much higher allowance: a distributed guess still slows down.
 * Kept in the database, so every server instance enforces the same delays.
 */
export const LOGIN_THROTTLE = {
  accountFromAddress: 5,
  address: 30,
  account: 100,
} as const;
const WINDOW_MS = 15 * 60_000;
const MAX_DELAY_MS = 15 * 60_000;

export const usernameKey = (username: string) => username.trim().toLowerCase();

/** Where a login attempt comes from: the account name tried and the client address (`request.ip`). */
export interface LoginAttempt {
  username: string;
  address: string;
}

const delayAfter = (count: number, free: number, last: Date | string | null, now: Date) => {
  if (count < free || !last) return 0;
  const delay = Math.min(1000 * 2 ** (count - free), MAX_DELAY_MS);
  return Math.max(0, new Date(last).getTime() + delay - now.getTime());
};

/** Milliseconds the caller must still wait before trying this account from this address (0 when allowed now). */
export async function loginDelay(db: Executor, attempt: LoginAttempt, now = new Date()): Promise<number> {
  const key = usernameKey(attempt.username);
  const both = sql`${loginFailures.usernameKey} = ${key} and ${loginFailures.address} = ${attempt.address}`;
  const byAddress = sql`${loginFailures.address} = ${attempt.address}`;
  const byAccount = sql`${loginFailures.usernameKey} = ${key}`;
  type Last = Date | string | null;
  const [row] = await db
    .select({
      both: sql<number>`(count(*) filter (where ${both}))::int`,
      bothLast: sql<Last>`max(${loginFailures.failedAt}) filter (where ${both})`,
      address: sql<number>`(count(*) filter (where ${byAddress}))::int`,
      addressLast: sql<Last>`max(${loginFailures.failedAt}) filter (where ${byAddress})`,
      account: sql<number>`(count(*) filter (where ${byAccount}))::int`,
      accountLast: sql<Last>`max(${loginFailures.failedAt}) filter (where ${byAccount})`,
    })
    .from(loginFailures)
    .where(
      and(
        or(eq(loginFailures.usernameKey, key), eq(loginFailures.address, attempt.address)),
        gt(loginFailures.failedAt, new Date(now.getTime() - WINDOW_MS)),
      ),
    );
  if (!row) return 0;
  return Math.max(
    delayAfter(row.both, LOGIN_THROTTLE.accountFromAddress, row.bothLast, now),
    delayAfter(row.address, LOGIN_THROTTLE.address, row.addressLast, now),
    delayAfter(row.account, LOGIN_THROTTLE.account, row.accountLast, now),
  );
}

async function recordLoginFailure(db: Executor, attempt: LoginAttempt, now: Date): Promise<void> {
  await db.insert(loginFailures).values({
    id: randomUUID(),
    usernameKey: usernameKey(attempt.username),
    address: attempt.address,
    failedAt: now,
  });
  // Old failures no longer count; prune them so the table stays small.
  await db.delete(loginFailures).where(lt(loginFailures.failedAt, new Date(now.getTime() - WINDOW_MS)));
}

/**
 * Admits a login attempt, or says how long to wait (ms). The attempt is counted as a failure *before* the
 * password is checked, under a lock per account and one per address, so parallel guesses cannot all pass the
 * check before any failure is recorded; a successful login then clears it. The locks are always taken in the
 * same order (account, then address), so two attempts cannot wait for each other.
 */
export async function admitLoginAttempt(
  db: Database,
  attempt: LoginAttempt,
  now = new Date(),
): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtext(${`login:${usernameKey(attempt.username)}`}))`,
    );
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`login-address:${attempt.address}`}))`);
    const wait = await loginDelay(tx, attempt, now);
    if (wait === 0) await recordLoginFailure(tx, attempt, now);
    return wait;
  });
}

/** A stable, non-reversible reference to an account name for the audit log (a mistyped password may be in it). */
export const accountReference = (username: string) =>
  `account:${createHash('sha256').update(usernameKey(username)).digest('hex').slice(0, 16)}`;

/**
 * A login that succeeded clears the failures of its account from its address only: the owner logging in does not
 * wipe out what a guesser elsewhere has counted up against the account.
 */
export async function clearLoginFailures(db: Executor, attempt: LoginAttempt): Promise<void> {
  await db
    .delete(loginFailures)
    .where(
      and(
        eq(loginFailures.usernameKey, usernameKey(attempt.username)),
        eq(loginFailures.address, attempt.address),
      ),
    );
}
