import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, sql } from 'drizzle-orm';
import { meetingRecords, weighingFiles } from '../../db/schema/index';
import type { Me } from '../../shared/index';
import { newWeighingItem, startTestServer, type TestServer } from '../testing/harness';
import { setLastProcessed } from '../testing/database-clock';
import { refusal } from '../testing/refusal';
import { unloggedLosses, verifyDestructionChain } from './destructions';
import { appendRecord, destroyRecordPayload, verifyRecordChain } from './records';

/** The triggers' refusal, or — on PostgreSQL, where the application role owns nothing — the missing privilege. */
const REFUSED = /append-only|permission denied/;

describe('frozen records: append-only, hash-chained per covenant', () => {
  let server: TestServer;
  let covenantId: string;
  let meetingId: string;
  let membershipId: string;
  let weighingFileId: string;

  /** Tampers the way the tables' owner could: switch the triggers off, change rows, switch them back on. */
  async function tamper(...statements: ReturnType<typeof sql>[]) {
    await server.database.asOwner(async (db) => {
      await db.execute(sql`alter table records.meeting_records disable trigger user`);
      for (const statement of statements) await db.execute(statement);
      await db.execute(sql`alter table records.meeting_records enable trigger user`);
    });
  }
  const verify = () => verifyRecordChain(server.database.db, covenantId);

  beforeAll(async () => {
    server = await startTestServer();
    const me = (await (await server.login('voorzitter')).get<{ me: Me }>('/api/session')).body.me;
    covenantId = me.covenant.id;
    membershipId = me.membershipId;
    ({ meetingId, weighingFileId } = await newWeighingItem(server, 'Record-Subject'));
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

  it('is refused any change by the database itself, except destroying a payload when retention ended', async () => {
    const { db } = server.database;
    expect(await refusal(db.update(meetingRecords).set({ kind: 'rectification' }))).toMatch(REFUSED);
    expect(await refusal(db.delete(meetingRecords))).toMatch(REFUSED);
    expect(await refusal(db.execute(sql`truncate records.meeting_records`))).toMatch(REFUSED);
    expect(
      await refusal(
        db
          .update(meetingRecords)
          .set({ payload: { forged: true } })
          .where(eq(meetingRecords.seq, 1)),
      ),
    ).toMatch(REFUSED);
    const [first] = await db.select().from(meetingRecords).where(eq(meetingRecords.seq, 1));
    const early = () =>
      db.update(meetingRecords).set({ payload: null }).where(eq(meetingRecords.id, first!.id));
    // Not while the file its meeting discussed is retained (art. 13), logged or not.
    expect(await refusal(early())).toContain('has not ended');
    expect(await refusal(db.transaction((tx) => destroyRecordPayload(tx, first!.id, 'art. 13.1')))).toContain(
      'has not ended',
    );
    // A tombstone the file's own clock does not support is not enough either.
    await db
      .update(weighingFiles)
      .set({ destroyedAt: new Date() })
      .where(eq(weighingFiles.id, weighingFileId));
    expect(await refusal(early())).toContain('has not ended');
    // Five years after its last processing the file is destroyed (art. 13.1); now the payload may go, but only
    // with its entry in the destruction log.
    await setLastProcessed(
      server.database,
      { kind: 'weighing', id: weighingFileId },
      new Date(Date.now() - 6 * 366 * 86_400_000),
    );
    expect(await refusal(early())).toContain('records.destructions');
    await db.transaction((tx) => destroyRecordPayload(tx, first!.id, 'art. 13.1'));
    // Its hash keeps the chain intact; the destruction is logged, in a chain of its own.
    expect(await verify()).toMatchObject({ ok: true, rows: 3 });
    expect(await verifyDestructionChain(db)).toMatchObject({ ok: true, rows: 1 });
    expect(await unloggedLosses(db)).toEqual([]);
  });

  it('reports a payload destroyed by the owner with the triggers off, and a destruction log tampered with', async () => {
    const { db } = server.database;
    const [third] = await db.select().from(meetingRecords).where(eq(meetingRecords.seq, 3));
    // The log itself is append-only (on PostgreSQL the application role lacks the privilege in the first place).
    expect(await refusal(db.execute(sql`delete from records.destructions`))).toMatch(REFUSED);
    expect(await refusal(db.execute(sql`update records.destructions set rule = 'x'`))).toMatch(REFUSED);
    await tamper(sql`update records.meeting_records set payload = null where seq = 3`);
    // The chain alone cannot tell (the payload's hash stays); the missing destruction entry does.
    expect(await verify()).toMatchObject({ ok: true });
    expect(await unloggedLosses(db)).toEqual([{ objectType: 'record_payload', objectId: third!.id }]);
    await tamper(
      sql`update records.meeting_records set payload = ${JSON.stringify(third!.payload)}::jsonb where seq = 3`,
    );
    expect(await unloggedLosses(db)).toEqual([]);

    await server.database.asOwner(async (owner) => {
      await owner.execute(sql`alter table records.destructions disable trigger user`);
      await owner.execute(sql`update records.destructions set rule = 'art. 13.3' where seq = 1`);
      await owner.execute(sql`alter table records.destructions enable trigger user`);
    });
    expect(await verifyDestructionChain(db)).toMatchObject({ ok: false, seq: 1 });
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
