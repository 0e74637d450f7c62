import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, sql } from 'drizzle-orm';
import { meetingRecords } from '../../db/schema/index';
import type { Me } from '../../shared/index';
import { newWeighingItem, startTestServer, type TestServer } from '../testing/harness';
import { appendRecord, verifyRecordChain } from './records';

/** Drizzle wraps driver errors; the database's own message is in `cause`. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const e = error as Error & { cause?: Error };
    return e.cause?.message ?? e.message;
  }
  return 'not refused';
}

describe('frozen records: append-only, hash-chained per covenant', () => {
  let server: TestServer;
  let covenantId: string;
  let meetingId: string;
  let membershipId: string;

  /** Tampers the way a database superuser could: switch the triggers off, change rows, switch them back on. */
  async function tamper(...statements: ReturnType<typeof sql>[]) {
    const { db } = server.database;
    await db.execute(sql`alter table records.meeting_records disable trigger user`);
    for (const statement of statements) await db.execute(statement);
    await db.execute(sql`alter table records.meeting_records enable trigger user`);
  }
  const verify = () => verifyRecordChain(server.database.db, covenantId);

  beforeAll(async () => {
    server = await startTestServer();
    const me = (await (await server.login('voorzitter')).get<{ me: Me }>('/api/session')).body.me;
    covenantId = me.covenant.id;
    membershipId = me.membershipId;
    ({ meetingId } = await newWeighingItem(server, 'Record-Subject'));
    for (const n of [1, 2, 3]) {
      await server.database.db.transaction((tx) =>
        appendRecord(tx, {
          covenantId,
          kind: 'minutes',
          meetingId,
          payload: { z: n, items: [{ conclusions: `besluit ${n}`, b: true, a: null }] },
          createdByMembershipId: membershipId,
        }),
      );
    }
  });
  afterAll(async () => {
    await server.close();
  });

  it('verifies a chain whose payloads went through jsonb (key order changed)', async () => {
    expect(await verify()).toMatchObject({ ok: true, rows: 3, headSeq: 3 });
  });

  it('is refused any change by the database itself, except destroying a payload', async () => {
    const { db } = server.database;
    expect(await refusal(db.update(meetingRecords).set({ kind: 'rectification' }))).toContain('append-only');
    expect(await refusal(db.delete(meetingRecords))).toContain('append-only');
    expect(await refusal(db.execute(sql`truncate records.meeting_records`))).toContain('append-only');
    expect(
      await refusal(
        db
          .update(meetingRecords)
          .set({ payload: { forged: true } })
          .where(eq(meetingRecords.seq, 1)),
      ),
    ).toContain('append-only');
    // At the end of its retention (art. 13) a payload may be destroyed; its hash keeps the chain intact.
    await db.update(meetingRecords).set({ payload: null }).where(eq(meetingRecords.seq, 1));
    expect(await verify()).toMatchObject({ ok: true, rows: 3 });
  });

  it('detects a changed, removed, reordered or slipped-in record', async () => {
    const rows = await server.database.db
      .select()
      .from(meetingRecords)
      .where(eq(meetingRecords.covenantId, covenantId))
      .orderBy(asc(meetingRecords.seq));
    const second = rows[1]!;

    await tamper(sql`update records.meeting_records set payload = '{"z":2,"items":[]}' where seq = 2`);
    expect(await verify()).toMatchObject({ ok: false, seq: 2, problem: expect.stringContaining('changed') });
    await tamper(
      sql`update records.meeting_records set payload = ${JSON.stringify(second.payload)}::jsonb where seq = 2`,
    );
    expect((await verify()).ok).toBe(true);

    await tamper(sql`update records.meeting_records set kind = 'rectification' where seq = 2`);
    expect(await verify()).toMatchObject({ ok: false, seq: 2 });
    await tamper(sql`update records.meeting_records set kind = 'minutes' where seq = 2`);

    await tamper(sql`delete from records.meeting_records where seq = 2`);
    expect(await verify()).toMatchObject({ ok: false, seq: 3, problem: expect.stringContaining('removed') });
    await tamper(
      sql`insert into records.meeting_records select * from json_populate_record(null::records.meeting_records, ${JSON.stringify(
        {
          covenant_id: second.covenantId,
          seq: second.seq,
          id: second.id,
          kind: second.kind,
          meeting_id: second.meetingId,
          rectifies_id: second.rectifiesId,
          payload: second.payload,
          payload_hash: second.payloadHash,
          created_at: second.createdAt.toISOString(),
          created_by_membership_id: second.createdByMembershipId,
          prev_hash: second.prevHash,
          hash: second.hash,
        },
      )}::json)`,
    );
    expect((await verify()).ok).toBe(true);

    // Reordered: records 2 and 3 swap places.
    await tamper(
      sql`update records.meeting_records set seq = 99 where seq = 2`,
      sql`update records.meeting_records set seq = 2 where seq = 3`,
      sql`update records.meeting_records set seq = 3 where seq = 99`,
    );
    expect(await verify()).toMatchObject({ ok: false, seq: 2 });
    await tamper(
      sql`update records.meeting_records set seq = 99 where seq = 2`,
      sql`update records.meeting_records set seq = 2 where seq = 3`,
      sql`update records.meeting_records set seq = 3 where seq = 99`,
    );
    expect((await verify()).ok).toBe(true);

    // Slipped in: a well-formed record appended by hand after the head, but not linked to it.
    await tamper(sql`insert into records.meeting_records
      (covenant_id, seq, id, kind, meeting_id, payload, payload_hash, created_at, created_by_membership_id, prev_hash, hash)
      values (${covenantId}, 4, gen_random_uuid(), 'minutes', ${meetingId}, '{}', 'x', now(), ${membershipId}, ${'0'.repeat(64)}, 'y')`);
    expect(await verify()).toMatchObject({ ok: false, seq: 4 });
  });
});
