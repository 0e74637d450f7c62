import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../db/testing';
import { appendAudit, parseAnchor, verifyAuditChain } from './audit';
import { auditEntry } from '../testing/audit-rows';
import { refusal } from '../testing/refusal';

/** Tampers the way the tables' owner could: switch off the append-only triggers, change rows, switch back. */
async function tamper(handle: TestDatabase, statement: ReturnType<typeof sql>) {
  await handle.asOwner(async (db) => {
    await db.execute(sql`alter table audit.log disable trigger user`);
    await db.execute(statement);
    await db.execute(sql`alter table audit.log enable trigger user`);
  });
}

describe('audit log (convenant art. 15.2e)', () => {
  let handle: TestDatabase;
  beforeEach(async () => {
    handle = await createTestDatabase();
    await appendAudit(handle.db, [auditEntry(1), auditEntry(2), auditEntry(3)]);
    await appendAudit(handle.db, [auditEntry(4), auditEntry(5)]);
  });
  afterEach(async () => {
    await handle.close();
  });

  it('chains every row to the one before it, and the verifier accepts an untouched chain', async () => {
    const verdict = await verifyAuditChain(handle.db, { batchSize: 2 });
    expect(verdict).toMatchObject({ ok: true, rows: 5 });
  });

  it('is refused UPDATE, DELETE and TRUNCATE by the database itself', async () => {
    expect(await refusal(handle.db.execute(sql`update audit.log set purpose = 'x' where seq = 2`))).toMatch(
      /append-only|permission denied/,
    );
    expect(await refusal(handle.db.execute(sql`delete from audit.log where seq = 2`))).toMatch(
      /append-only|permission denied/,
    );
    expect(await refusal(handle.db.execute(sql`truncate audit.log`))).toMatch(
      /append-only|permission denied/,
    );
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: true, rows: 5 });
  });

  it('catches an updated row', async () => {
    await tamper(handle, sql`update audit.log set result = 'allowed' where seq = 3`);
    expect(await verifyAuditChain(handle.db)).toMatchObject({
      ok: false,
      seq: 3,
      problem: expect.stringMatching(/changed/),
    });
  });

  it('catches a deleted row', async () => {
    await tamper(handle, sql`delete from audit.log where seq = 2`);
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: false, seq: 3 });
  });

  it('catches an inserted row, even one given a plausible seq and hash', async () => {
    // Shift rows 3..5 up by one and slip a forged row in at 3 whose prev_hash links to row 2.
    await tamper(handle, sql`update audit.log set seq = seq + 100 where seq >= 3`);
    await tamper(handle, sql`update audit.log set seq = seq - 99 where seq >= 100`);
    await tamper(
      handle,
      sql`insert into audit.log (seq, occurred_at, action, object_type, result, purpose, prev_hash, hash)
          select 3, now(), 'read', 'weighing_file', 'allowed', 'forged', hash, repeat('a', 64) from audit.log where seq = 2`,
    );
    const verdict = await verifyAuditChain(handle.db);
    expect(verdict).toMatchObject({ ok: false, seq: 3 });
  });

  it('catches a cut-off tail, and a rewritten chain, against an anchor kept outside the database', async () => {
    const intact = await verifyAuditChain(handle.db);
    if (!intact.ok) throw new Error('chain should be intact');
    const anchor = { seq: intact.headSeq, hash: intact.headHash };
    expect(await verifyAuditChain(handle.db, { anchor })).toMatchObject({ ok: true });

    await tamper(handle, sql`delete from audit.log where seq >= 4`);
    // Without the anchor a cut-off tail looks like a shorter, intact chain …
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: true, rows: 3 });
    // … with it, the cut is found.
    expect(await verifyAuditChain(handle.db, { anchor })).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/cut off/),
    });
    expect(await verifyAuditChain(handle.db, { anchor: { seq: 2, hash: 'f'.repeat(64) } })).toMatchObject({
      ok: false,
      seq: 2,
      problem: expect.stringMatching(/rewritten/),
    });
    expect(parseAnchor(`${anchor.seq}:${anchor.hash}`)).toEqual(anchor);
    expect(parseAnchor('nonsense')).toBeNull();
  });

  it('keeps a gap-free sequence when appends race', async () => {
    await Promise.all(Array.from({ length: 10 }, (_, i) => appendAudit(handle.db, [auditEntry(i)])));
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: true, rows: 15 });
  });
});
