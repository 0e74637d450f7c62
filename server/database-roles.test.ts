import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { openDatabase, rowsOf } from '../db/client';
import { fileKeys, meetingRecords, weighingFiles } from '../db/schema/index';
import { TEST_APP_ROLE } from '../db/testing';
import type { Me } from '../shared/index';
import { appendRecord } from './services/records';
import { seal } from './services/sealing';
import { newWeighingItem, startTestServer, type TestServer } from './testing/harness';
import { refusal } from './testing/refusal';

/**
 * On PostgreSQL the application connects as a role that owns nothing (README, Production): whatever it runs, it
 * cannot switch off the append-only triggers, rewrite the audit log or destroy records before their time.
 */
describe.skipIf(!process.env.DATABASE_URL)(
  'database roles (PostgreSQL only: PGlite is one embedded database with a single role)',
  () => {
    let server: TestServer;
    let recordId: string;
    let weighingFileId: string;

    beforeAll(async () => {
      server = await startTestServer();
      const me = (await (await server.login('voorzitter')).get<{ me: Me }>('/api/session')).body.me;
      const item = await newWeighingItem(server, 'Role-Subject');
      weighingFileId = item.weighingFileId;
      const record = await server.database.db.transaction((tx) =>
        appendRecord(tx, {
          covenantId: me.covenant.id,
          kind: 'minutes',
          meetingId: item.meetingId,
          payload: { items: [] },
          createdByMembershipId: me.membershipId,
        }),
      );
      recordId = record.id;
      const [subject] = rowsOf<{ subject_id: string }>(
        await server.database.db.execute(
          sql`select subject_id from weighing.weighing_files where id = ${weighingFileId}`,
        ),
      );
      await seal(
        server.database.db,
        { fileId: weighingFileId, fileKind: 'weighing', subjectId: subject!.subject_id },
        {},
      );
    });
    afterAll(async () => {
      await server.close();
    });

    it('connects the application as a role without ownership, and says nothing is amiss', async () => {
      const [me] = rowsOf<{ role: string }>(
        await server.database.db.execute(sql`select current_user as role`),
      );
      expect(me!.role).toBe(TEST_APP_ROLE);
      expect(server.database.warnings).toEqual([]);
    });

    it('cannot switch off the triggers of the audit log, the records or the destruction log', async () => {
      for (const table of [
        'audit.log',
        'records.meeting_records',
        'records.file_keys',
        'records.destructions',
      ])
        expect(
          await refusal(server.database.db.execute(sql.raw(`alter table ${table} disable trigger user`))),
        ).toMatch(/must be owner/);
    });

    it('cannot change, delete or truncate audit rows', async () => {
      const { db } = server.database;
      for (const statement of [
        sql`update audit.log set purpose = 'x'`,
        sql`delete from audit.log`,
        sql`truncate audit.log`,
      ])
        expect(await refusal(db.execute(statement))).toMatch(/permission denied/);
    });

    it('cannot destroy a record payload or a file key before the end of retention', async () => {
      const { db } = server.database;
      expect(
        await refusal(
          db.update(meetingRecords).set({ payload: null }).where(eq(meetingRecords.id, recordId)),
        ),
      ).toMatch(/has not ended/);
      expect(
        await refusal(db.update(fileKeys).set({ key: null }).where(eq(fileKeys.fileId, weighingFileId))),
      ).toMatch(/has not ended/);
      // Nor change anything else of a record: the role may only update the payload column.
      expect(
        await refusal(
          db.update(meetingRecords).set({ kind: 'rectification' }).where(eq(meetingRecords.id, recordId)),
        ),
      ).toMatch(/permission denied/);
      expect(await refusal(db.execute(sql`delete from records.file_keys`))).toMatch(/permission denied/);
    });

    it('cannot fake a file clock to make its retention end early (art. 13)', async () => {
      const { db } = server.database;
      const longAgo = new Date(Date.now() - 10 * 366 * 86_400_000);
      // Back-dating the last processing, as the retention would need it to destroy the file now: refused.
      expect(
        await refusal(
          db
            .update(weighingFiles)
            .set({ lastProcessedAt: longAgo })
            .where(eq(weighingFiles.id, weighingFileId)),
        ),
      ).toMatch(/cannot be set in the past/);
      // Recording the destruction at a moment years ahead, when the retention would have ended: refused.
      const later = new Date(Date.now() + 10 * 366 * 86_400_000);
      expect(
        await refusal(
          db.update(weighingFiles).set({ destroyedAt: later }).where(eq(weighingFiles.id, weighingFileId)),
        ),
      ).toMatch(/future moment/);
      // So the key stays, whatever the role does with the clocks it may set: now, as the application does.
      await db
        .update(weighingFiles)
        .set({ lastProcessedAt: new Date(), destroyedAt: new Date() })
        .where(eq(weighingFiles.id, weighingFileId));
      expect(
        await refusal(db.update(fileKeys).set({ key: null }).where(eq(fileKeys.fileId, weighingFileId))),
      ).toMatch(/has not ended/);
      // The owner may travel in time (it could switch the trigger off anyway): tests and repairs use this.
      await server.database.asOwner((owner) =>
        owner
          .update(weighingFiles)
          .set({ lastProcessedAt: longAgo, destroyedAt: null })
          .where(eq(weighingFiles.id, weighingFileId)),
      );
    });

    it('says what to set when the application role is asked to migrate', async () => {
      await expect(openDatabase({ kind: 'postgres', url: server.database.url! })).rejects.toThrow(
        /MIGRATION_DATABASE_URL/,
      );
    });

    it('warns when one role both migrates and serves, and leaves that role its rights', async () => {
      const ownerUrl = server.database.migrationUrl!;
      const alias = `${ownerUrl}${ownerUrl.includes('?') ? '&' : '?'}application_name=casustafel`;
      for (const migrationUrl of [null, alias]) {
        const single = await openDatabase({ kind: 'postgres', url: ownerUrl, migrationUrl });
        try {
          expect(single.warnings.join('\n')).toMatch(/roles not separated/);
          await single.db.execute(sql`select count(*) from audit.log`);
        } finally {
          await single.close();
        }
      }
    });
  },
);
