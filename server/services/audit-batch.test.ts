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
    await new AuditBatcher(handle.db).append([full], at);
    const [inTransaction, batched] = (
      await handle.db.select().from(auditLog).orderBy(asc(auditLog.seq))
    ).slice(-2);
    const { seq: _a, prevHash: _b, hash: _c, ...expected } = inTransaction!;
    const { seq: _d, prevHash: _e, hash: _f, ...actual } = batched!;
    expect(actual).toEqual(expected);
    expect(actual.userAgent).toBe(full.origin.userAgent);
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: true, rows: 7 });
  });

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
