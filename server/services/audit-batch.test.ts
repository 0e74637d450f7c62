import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { asc, sql } from 'drizzle-orm';
import { rowsOf } from '../../db/client';
import { auditLog } from '../../db/schema/index';
import { createTestDatabase, type TestDatabase } from '../../db/testing';
import type { Actor } from '../../shared/index';
import { appendAudit, verifyAuditChain, type AuditEntry } from './audit';
import { AuditBatcher } from './audit-batch';
import { auditEntry } from '../testing/audit-rows';

async function waitFor(condition: () => Promise<boolean>) {
  for (let i = 0; i < 200; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not met');
}

describe('batched audit appends (convenant art. 15.2e)', () => {
  let handle: TestDatabase;
  beforeEach(async () => {
    handle = await createTestDatabase();
    await appendAudit(handle.db, [auditEntry(1), auditEntry(2), auditEntry(3), auditEntry(4), auditEntry(5)]);
  });
  afterEach(async () => {
    await handle.close();
  });

  it('writes a row field for field as an append inside a transaction does, and the chain stays whole', async () => {
    const actor: Actor = {
      userId: randomUUID(),
      displayName: 'not stored',
      membershipId: randomUUID(),
      covenantId: randomUUID(),
      organisationId: randomUUID(),
      organisationName: 'not stored',
      organisationType: 'police',
      partyId: randomUUID(),
      partyKind: 'core',
      role: 'member',
      capacity: 'wijkagent',
    };
    // Every column filled, each with a value of its own, so a column written in the place of another shows.
    const full: AuditEntry = {
      actor,
      action: 'update',
      objectType: 'live_document',
      objectId: 'meeting/x/analysis',
      subjectId: randomUUID(),
      fieldGroup: 'analysis',
      result: 'allowed',
      rule: 'art. 10.4',
      purpose: 'casusoverleg',
      origin: { ip: '192.0.2.7', userAgent: 'browser "quoted", {braced} \\ slashed' },
    };
    const at = new Date(Date.UTC(2026, 5, 1, 12, 0, 0, 123));
    await appendAudit(handle.db, [full], at);
    const batcher = new AuditBatcher(handle.db);
    // The first batch under the lock, the second at the head the first left (one statement).
    await batcher.append([full], at);
    await batcher.append([full], at);
    expect(batcher.written).toEqual({ atGuessedHead: 1, underLock: 1 });
    const [inTransaction, ...batched] = (
      await handle.db.select().from(auditLog).orderBy(asc(auditLog.seq))
    ).slice(-3);
    const { seq: _a, prevHash: _b, hash: _c, ...expected } = inTransaction!;
    for (const row of batched) {
      const { seq: _d, prevHash: _e, hash: _f, ...actual } = row;
      expect(actual).toEqual(expected);
      expect(actual.userAgent).toBe(full.origin.userAgent);
    }
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: true, rows: 8 });
  });

  it('writes at the head it knows in one statement, and follows an append made meanwhile by another writer', async () => {
    const batcher = new AuditBatcher(handle.db);
    await batcher.append([auditEntry(1)]);
    await batcher.append([auditEntry(2), auditEntry(3)]);
    expect(batcher.written).toEqual({ atGuessedHead: 1, underLock: 1 });
    // Told not to guess (the way before, for comparisons): every batch under the lock.
    const locked = new AuditBatcher(handle.db, 1000, false);
    await locked.append([auditEntry(1)]);
    await locked.append([auditEntry(2)]);
    expect(locked.written).toEqual({ atGuessedHead: 0, underLock: 2 });
    // Appends inside transactions (a request's own rows) and another instance's batcher move the head.
    await appendAudit(handle.db, [auditEntry(4)]);
    const otherInstance = new AuditBatcher(handle.db);
    await otherInstance.append([auditEntry(5)]);
    await otherInstance.append([auditEntry(6)]);
    await batcher.append([auditEntry(7)]);
    // Found the moved head in the same statement and chained to it: still without the lock's three round trips.
    expect(batcher.written).toEqual({ atGuessedHead: 2, underLock: 1 });
    await appendAudit(handle.db, [auditEntry(8)]);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? batcher : otherInstance).append([auditEntry(i)])),
    );
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: true, rows: 5 + 10 + 20 });
  });

  it('never makes an append inside a transaction fail, however the two race', async () => {
    const instances = [new AuditBatcher(handle.db), new AuditBatcher(handle.db)];
    const outcomes: PromiseSettledResult<void>[] = [];
    for (let round = 0; round < 40; round++)
      outcomes.push(
        ...(await Promise.allSettled([
          appendAudit(handle.db, [auditEntry(round)]),
          instances[0]!.append([auditEntry(round)]),
          appendAudit(handle.db, [auditEntry(round), auditEntry(round + 1)]),
          instances[1]!.append([auditEntry(round)]),
          appendAudit(handle.db, [auditEntry(round)]),
        ])),
      );
    // A request's own rows wait for the lock; they are never refused for a seq a batch took meanwhile.
    expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: true, rows: 5 + 40 * 6 });
  });

  // A real race needs two connections: PGlite runs one transaction at a time.
  it.skipIf(!process.env.DATABASE_URL)(
    'gives way to an append inside a transaction that holds the lock, and then writes under the lock itself',
    async () => {
      const batcher = new AuditBatcher(handle.db);
      await batcher.append([auditEntry(1)]);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const lockedYet = new Promise<void>((resolve) => (locked = resolve));
      // A request's transaction: it took the chain's lock and appended its row, not committed yet.
      const request = handle.db.transaction(async (tx) => {
        await appendAudit(tx, [auditEntry(2)]);
        locked();
        await gate;
      });
      await lockedYet;
      const batched = batcher.append([auditEntry(3), auditEntry(4)]);
      // The batch's statement has taken its snapshot and waits for the lock.
      await waitFor(async () => {
        const [row] = rowsOf<{ n: number }>(
          await handle.db.execute(
            sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`,
          ),
        );
        return row!.n > 0;
      });
      release();
      await request;
      await batched;
      // Its snapshot did not show the request's row, so the seq it chose was taken: refused whole by the primary
      // key, it was written under the lock after the request's row, nothing lost, nothing forked.
      expect(batcher.written).toEqual({ atGuessedHead: 0, underLock: 2 });
      expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: true, rows: 5 + 4 });
    },
  );

  it('gathers concurrent stand-alone appends into few transactions, and the chain stays whole', async () => {
    const batcher = new AuditBatcher(handle.db);
    const times = Array.from({ length: 40 }, (_, i) => new Date(Date.UTC(2026, 0, 1, 0, 0, i)));
    await Promise.all(times.map((time, i) => batcher.append([auditEntry(i), auditEntry(i + 1)], time)));
    // Without group commit every append is a transaction of its own, each waiting for the chain's lock.
    expect(batcher.transactions).toBeLessThan(5);
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: true, rows: 5 + 80 });
    // Every append keeps its own time.
    const [row] = rowsOf<{ n: number }>(
      await handle.db.execute(sql`select count(distinct occurred_at)::int as n from audit.log`),
    );
    expect(row?.n).toBeGreaterThanOrEqual(40);
  });

  it('rejects every append of a batch that failed, and goes on with the next', async () => {
    const batcher = new AuditBatcher(handle.db);
    const bad = { ...auditEntry(1), purpose: null as unknown as string };
    const results = await Promise.allSettled([batcher.append([auditEntry(1)]), batcher.append([bad])]);
    expect(results.map((r) => r.status)).toContain('rejected');
    await batcher.append([auditEntry(2)]);
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: true });
  });

  it('tells when every queued append is written, for a shutdown to wait on before the database closes', async () => {
    const batcher = new AuditBatcher(handle.db);
    // Appended and not awaited, as the live connections do when they close.
    for (let i = 0; i < 30; i++) void batcher.append([auditEntry(i)]);
    await batcher.settled();
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: true, rows: 5 + 30 });
    // Nothing queued: settled at once.
    await batcher.settled();
  });
});
