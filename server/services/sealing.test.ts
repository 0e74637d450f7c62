import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { meetingRecords, fileKeys } from '../../db/schema/index';
import { docName, type MeetingRecordView } from '../../shared/index';
import { newWeighingItem, startTestServer, type TestServer } from '../testing/harness';
import { setLastProcessed } from '../testing/database-clock';
import { connectDoc, controlClients, until } from '../testing/live-clients';
import { verifyRecordChain } from './records';
import { runRetention } from './retention';
import { destroyFileKey, seal, type KeyOwner } from './sealing';

const CANARY = 'CANARY-sealed-analyse-5120';

/**
 * Frozen records seal each item's content with its file's key, so the end of a retention period (art. 13) can
 * erase a subject from the records by destroying the key — while every record and the chain stay as they were.
 */
describe('records sealed per file (crypto-shredding)', () => {
  let server: TestServer;
  let meetingId: string;
  let owner: KeyOwner;
  const control = controlClients(() => server);

  beforeAll(async () => {
    server = await startTestServer();
    const item = await newWeighingItem(server, 'Sealed-Subject');
    meetingId = item.meetingId;
    const chair = control.connect(await server.login('voorzitter'));
    await control.call(chair, 'meeting:join', { meetingId });
    await control.call(chair, 'chair:open', { meetingId });
    const writer = connectDoc(
      server,
      await server.login('politie'),
      docName({ meetingId, itemId: item.itemId, compartment: 'analysis' }),
    );
    await until(() => writer.provider.synced, 'sync');
    writer.doc.getText('analysis').insert(0, CANARY);
    await server.app.live.store.drain();
    expect(await control.close(chair, meetingId)).toMatchObject({ ok: true });
    writer.provider.destroy();
    const [record] = await server.database.db
      .select()
      .from(meetingRecords)
      .where(eq(meetingRecords.meetingId, meetingId));
    const { subjectId } = (record!.payload as { items: { subjectId: string }[] }).items[0]!;
    owner = { fileId: item.weighingFileId, fileKind: 'weighing', subjectId };
  });
  afterAll(async () => {
    control.disconnectAll();
    await server.close();
  });

  it('stores no item content in the clear', async () => {
    const rows = await server.database.db.select({ payload: meetingRecords.payload }).from(meetingRecords);
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(CANARY);
    expect(JSON.stringify(rows)).not.toContain('Sealed-Subject');
    const police = await (
      await server.login('politie')
    ).get<MeetingRecordView>(`/api/meetings/${meetingId}/record`);
    expect(police.text).toContain(CANARY);
  });

  const recordText = async () =>
    (await (await server.login('politie')).get<MeetingRecordView>(`/api/meetings/${meetingId}/record`)).text;

  it('erases a subject from the records when its key is destroyed; the chain still verifies', async () => {
    const [before] = await server.database.db
      .select()
      .from(meetingRecords)
      .where(eq(meetingRecords.meetingId, meetingId));
    // Not before the file's retention has ended (art. 13): the database itself refuses.
    await expect(
      server.database.db.transaction((tx) => destroyFileKey(tx, owner, 'art. 13.1')),
    ).rejects.toThrow();
    expect(await recordText()).toContain(CANARY);
    // Five years without processing: the retention job destroys the file and its key.
    await setLastProcessed(
      server.database,
      { kind: 'weighing', id: owner.fileId },
      new Date(Date.now() - 6 * 366 * 86_400_000),
    );
    expect(await runRetention(server.database.db, new Date())).toMatchObject([{ action: 'destroy' }]);
    await server.database.db.transaction((tx) => destroyFileKey(tx, owner, 'art. 13.1')); // idempotent
    const police = await (
      await server.login('politie')
    ).get<MeetingRecordView>(`/api/meetings/${meetingId}/record`);
    expect(police.status).toBe(200);
    expect(police.body.items[0]).toMatchObject({ destroyed: true, subjectReference: null, compartments: [] });
    expect(police.text).not.toContain(CANARY);
    expect(police.body.verified).toBe(true);
    const [after] = await server.database.db
      .select()
      .from(meetingRecords)
      .where(eq(meetingRecords.meetingId, meetingId));
    expect(after!.hash).toBe(before!.hash);
    expect(await verifyRecordChain(server.database.db, after!.covenantId)).toMatchObject({ ok: true });
    // Nothing can be recorded for the subject any more.
    await expect(seal(server.database.db, owner, { x: 1 })).rejects.toThrow('destroyed');
  });

  it('refuses restoring, replacing or deleting a key (the database itself)', async () => {
    const db = server.database.db;
    await expect(
      db
        .update(fileKeys)
        .set({ key: 'ab'.repeat(32) })
        .where(eq(fileKeys.fileId, owner.fileId)),
    ).rejects.toThrow();
    await expect(db.delete(fileKeys).where(eq(fileKeys.fileId, owner.fileId))).rejects.toThrow();
    const [row] = await db.select().from(fileKeys).where(eq(fileKeys.fileId, owner.fileId));
    expect(row).toMatchObject({ key: null, destroyedAt: expect.any(Date) });
  });
});
