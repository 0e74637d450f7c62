import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { DatabaseHandle } from '../../db/client';
import { createTestDatabase } from '../../db/testing';
import { memberships, sessions } from '../../db/schema/index';
import { seedDemo } from '../demo/seed';
import { SESSION_TOUCH_AFTER_MS, createSession, endSession, resumeSession, tokenHash } from './sessions';

const timeouts = { idleMinutes: 30, maxHours: 10 };
const minutes = (n: number) => n * 60_000;

describe('sessions: idle and absolute expiry', () => {
  let handle: DatabaseHandle;
  let member: { userId: string; membershipId: string };
  const start = new Date('2026-12-01T09:00:00Z');
  const at = (ms: number) => new Date(start.getTime() + ms);
  const lastSeen = async (token: string) =>
    (
      await handle.db
        .select({ lastSeenAt: sessions.lastSeenAt })
        .from(sessions)
        .where(eq(sessions.tokenHash, tokenHash(token)))
    )[0]!.lastSeenAt.getTime();

  beforeAll(async () => {
    handle = await createTestDatabase();
    await seedDemo(handle.db, 'session-test-password', { withCases: false });
    const [row] = await handle.db
      .select({ userId: memberships.userId, membershipId: memberships.id })
      .from(memberships)
      .limit(1);
    member = row!;
  });
  afterAll(async () => {
    await handle.close();
  });

  it('expires after the idle time without requests, and moves the idle clock on use', async () => {
    const token = await createSession(handle.db, member.userId, member.membershipId, timeouts, start);
    expect(await resumeSession(handle.db, token, timeouts, at(minutes(29)))).toMatchObject(member);
    expect(await lastSeen(token)).toBe(at(minutes(29)).getTime());
    // Used at 29 minutes, so still alive at 58; untouched since then, gone at 60.
    expect(await resumeSession(handle.db, token, timeouts, at(minutes(58)))).toMatchObject(member);
    expect(await resumeSession(handle.db, token, timeouts, at(minutes(88) + 1))).toBeNull();
  });

  it('does not write on every request: the idle clock moves at most every half minute', async () => {
    const token = await createSession(handle.db, member.userId, member.membershipId, timeouts, start);
    await resumeSession(handle.db, token, timeouts, at(SESSION_TOUCH_AFTER_MS - 1));
    expect(await lastSeen(token)).toBe(start.getTime());
    await resumeSession(handle.db, token, timeouts, at(SESSION_TOUCH_AFTER_MS));
    expect(await lastSeen(token)).toBe(at(SESSION_TOUCH_AFTER_MS).getTime());
  });

  it('ends at the absolute maximum however active, and at logout', async () => {
    const token = await createSession(handle.db, member.userId, member.membershipId, timeouts, start);
    for (let m = 20; m < 600; m += 20)
      expect(await resumeSession(handle.db, token, timeouts, at(minutes(m)))).not.toBeNull();
    expect(await resumeSession(handle.db, token, timeouts, at(minutes(600)))).toBeNull();

    const other = await createSession(handle.db, member.userId, member.membershipId, timeouts, start);
    await endSession(handle.db, other, at(1000));
    expect(await resumeSession(handle.db, other, timeouts, at(2000))).toBeNull();
    expect(await resumeSession(handle.db, 'not-a-token', timeouts, at(2000))).toBeNull();
  });
});
