import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../db/client';
import {
  consentRounds,
  consentVotes,
  meetingRecords,
  notificationDuties,
  subjectRequests,
  subjects,
  weighingFiles,
  yjsUpdates,
} from '../../db/schema/index';
import { addMonths, dutchDay } from '../../shared/index';
import { recordDecision, startTestServer, type TestServer } from '../testing/harness';
import { controlClients } from '../testing/live-clients';
import { analysisTypedLive } from '../testing/live-meeting';
import { agreeAsCoreParties } from '../testing/weegploeg';
import { atDatabaseTime } from '../testing/database-clock';
import { YjsStore } from '../live/store';
import { runRetention } from './retention';
import { openTexts } from './file-texts';
import { openText } from './sealed-text';
import { openSubjectText } from './subject-texts';
import { unseal, type Sealed } from './sealing';

const run = promisify(execFile);

/** Typed live into the item's analysis: in the Yjs log, and frozen into the minutes. */
const CANARY = 'CanaryBackupAnalyse7731';
/** The subject's name: in the weighing file, its identity document and the minutes. */
const NAME = 'CanaryBackupNaam7733';
/** An objection's remark in the consent round (and so in the minutes). */
const REMARK = 'CanaryBackupBezwaar7732';
/** What the subject asked (art. 12), sealed with the subject's key. */
const REQUEST = 'CanaryBackupVerzoek7734';
/** How the subject was informed (art. 11.5), sealed with the subject's key. */
const INFORMED = 'CanaryBackupBriefAanHuis7735';

/** A copy of the database as an operator's backup holds it, which a test can open and read raw. */
interface Backup {
  /** Every byte of the backup (the data directory's files, or the dump). */
  raw(): Promise<Buffer[]>;
  /** The backup restored into a database of its own, with the deployment's key store. */
  open(): Promise<DatabaseHandle>;
  drop(): Promise<void>;
}

/** PGlite: a copy of its data directory, taken after a checkpoint with nothing being written. */
async function copyDataDirectory(server: TestServer, dataDir: string, into: string): Promise<Backup> {
  await server.database.db.execute(sql`checkpoint`);
  await cp(dataDir, into, { recursive: true });
  const files = async (dir: string): Promise<string[]> =>
    (await readdir(dir, { withFileTypes: true, recursive: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name));
  return {
    raw: async () => Promise.all((await files(into)).map((file) => readFile(file))),
    open: () => openDatabase({ kind: 'pglite', dataDir: into, keystoreDir: `${resolve(dataDir)}-keys` }),
    drop: () => rm(into, { recursive: true, force: true }),
  };
}

/** PostgreSQL: `pg_dump`, restored with `psql` into a database of its own. */
async function dumpDatabase(server: TestServer, dumpFile: string): Promise<Backup> {
  const source = server.database.migrationUrl!;
  await run('pg_dump', ['--no-owner', '--file', dumpFile, source]);
  const restoredName = `${new URL(source).pathname.slice(1)}_restored`;
  const restored = new URL(source);
  restored.pathname = `/${restoredName}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  let created = false;
  return {
    raw: async () => [await readFile(dumpFile)],
    async open() {
      if (!created) {
        await admin(`CREATE DATABASE ${restoredName}`);
        await run('psql', ['--quiet', '-v', 'ON_ERROR_STOP=1', '--file', dumpFile, restored.toString()]);
        created = true;
      }
      return openDatabase({
        kind: 'postgres',
        url: restored.toString(),
        keystoreUrl: process.env.KEYSTORE_DATABASE_URL ?? null,
      });
    },
    drop: () => admin(`DROP DATABASE IF EXISTS ${restoredName} WITH (FORCE)`),
  };
}

/**
 * Destruction reaches the backups (convenant art. 13): the content of an item's documents and of the minutes is
 * stored sealed with its file's key, whose secret lives in the key store, apart from the database. A backup taken
 * before the destruction holds the sealed bytes and the key's share, but once the secret is destroyed it yields
 * nothing: not in its raw bytes, and not when restored and read with the deployment's keys.
 */
describe('destruction that reaches the backups (art. 13)', () => {
  let dir: string;
  let server: TestServer;
  const control = controlClients(() => server);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'casustafel-backup-'));
    server = await startTestServer({}, undefined, { embeddedDir: join(dir, 'db') });
  });
  afterAll(async () => {
    control.disconnectAll();
    await server.close();
    await rm(dir, { recursive: true, force: true });
    await rm(`${join(dir, 'db')}-keys`, { recursive: true, force: true });
  });

  it('leaves a backup taken before the destruction unreadable once the file key is gone', async () => {
    const { meetingId, itemId, weighingFileId, chair, police, analysisName } = await analysisTypedLive(
      server,
      control,
      NAME,
      CANARY,
    );
    await recordDecision(server, weighingFileId, { outcome: 'not_substantial', meetingId });
    await control.call(chair, 'chair:consent-ask', { meetingId, itemId });
    await control.call(police, 'consent:vote', { meetingId, itemId, vote: 'object', remark: REMARK });
    await control.call(chair, 'chair:consent-ask', { meetingId, itemId });
    await agreeAsCoreParties(server, meetingId, itemId);
    expect(await control.call(chair, 'chair:close', { meetingId })).toMatchObject({ ok: true });
    await server.app.live.store.drain();
    // The subject's own texts: a request (art. 12) and how the subject was informed of the decision (art. 11.5).
    const executor = await server.login('uitvoerder');
    const [subject] = await server.database.db
      .select({ id: subjects.id, reference: subjects.reference })
      .from(weighingFiles)
      .innerJoin(subjects, eq(subjects.id, weighingFiles.subjectId))
      .where(eq(weighingFiles.id, weighingFileId));
    const today = dutchDay(new Date());
    const request = await executor.post('/api/subject-requests', {
      subjectReference: subject!.reference,
      kind: 'access',
      requester: 'subject',
      receivedOn: today,
      details: REQUEST,
    });
    expect(request.status).toBe(201);
    const [duty] = await server.database.db
      .select({ id: notificationDuties.id })
      .from(notificationDuties)
      .where(eq(notificationDuties.subjectId, subject!.id));
    const informed = await executor.post(`/api/notifications/${duty!.id}/informed`, {
      informedOn: today,
      how: INFORMED,
    });
    expect(informed.status).toBe(200);

    const backup = process.env.DATABASE_URL
      ? await dumpDatabase(server, join(dir, 'backup.sql'))
      : await copyDataDirectory(server, join(dir, 'db'), join(dir, 'backup'));
    try {
      // The backup holds the content only sealed: its raw bytes never show it.
      const raw = await backup.raw();
      expect(raw.length).toBeGreaterThan(0);
      expect(
        [CANARY, REMARK, NAME, REQUEST, INFORMED].filter((canary) =>
          raw.some((bytes) => bytes.includes(canary)),
        ),
      ).toEqual([]);

      /** What the restored backup yields: the live analysis, and the minutes' sealed content. */
      const readBackup = async () => {
        const restored = await backup.open();
        try {
          const stored = await new YjsStore(restored.db).loadDocument(analysisName);
          const sealedRows = await restored.db
            .select({ id: yjsUpdates.id })
            .from(yjsUpdates)
            .where(eq(yjsUpdates.docName, analysisName));
          const [record] = await restored.db
            .select({ payload: meetingRecords.payload })
            .from(meetingRecords)
            .where(eq(meetingRecords.meetingId, meetingId));
          const items = (record?.payload as { items: { sealed: Sealed }[] } | null)?.items ?? [];
          const opened = await Promise.all(items.map((item) => unseal(restored.db, item.sealed)));
          const sealedInLog = await restored.db
            .select({ id: yjsUpdates.id })
            .from(yjsUpdates)
            .where(isNotNull(yjsUpdates.fileId));
          const votes = await restored.db
            .select({ remark: consentVotes.remark })
            .from(consentVotes)
            .innerJoin(consentRounds, eq(consentRounds.id, consentVotes.roundId))
            .where(and(eq(consentRounds.agendaItemId, itemId), isNotNull(consentVotes.remark)));
          const remarks = await Promise.all(
            votes.map((vote) => openText(restored.db, weighingFileId, 'consent_votes.remark', vote.remark)),
          );
          const [file] = await restored.db
            .select({ name: weighingFiles.name })
            .from(weighingFiles)
            .where(eq(weighingFiles.id, weighingFileId));
          const [asked] = await restored.db
            .select({ details: subjectRequests.details })
            .from(subjectRequests)
            .where(eq(subjectRequests.id, request.body.id as string));
          const [how] = await restored.db
            .select({ informedHow: notificationDuties.informedHow })
            .from(notificationDuties)
            .where(eq(notificationDuties.id, duty!.id));
          return {
            request: await openSubjectText(
              restored.db,
              subject!.id,
              'subject_requests.details',
              asked!.details,
            ),
            informed: await openSubjectText(
              restored.db,
              subject!.id,
              'notification_duties.informed_how',
              how!.informedHow,
            ),
            name: (await openTexts(restored.db, 'weighingFile', weighingFileId, file!)).name,
            remarks,
            sealedRemarks: votes.length,
            live: stored?.doc.getText('analysis').toJSON() ?? null,
            minutes: JSON.stringify(opened),
            logRows: sealedRows.length,
            sealedRows: sealedInLog.length,
            sealedItems: items.length,
          };
        } finally {
          await restored.close();
        }
      };

      // Restored before the destruction, with the key store, the backup reads as the meeting did: the test can
      // see the canary where it is.
      const before = await readBackup();
      expect(before.live).toContain(CANARY);
      expect(before.minutes).toContain(CANARY);
      expect(before.minutes).toContain(REMARK);
      expect(before.remarks).toEqual([REMARK]);
      expect(before.name).toBe(NAME);
      expect(before.request).toBe(REQUEST);
      expect(before.informed).toBe(INFORMED);
      expect(before.logRows).toBeGreaterThan(0);

      // Six months on, retention destroys the file, and with it the secrets of its key and the subject's (art. 13.3).
      const [file] = await server.database.db
        .select({ lastProcessedAt: weighingFiles.lastProcessedAt })
        .from(weighingFiles)
        .where(eq(weighingFiles.id, weighingFileId));
      const due = addMonths(file!.lastProcessedAt, 6);
      const outcomes = await atDatabaseTime(server.database, due, () =>
        runRetention(server.database.db, due),
      );
      expect(outcomes.filter((o) => o.fileId === weighingFileId)).toMatchObject([
        { action: 'destroy', result: 'done' },
      ]);

      // The same backup, restored again: the sealed rows and the record are all still in it, and yield nothing.
      const after = await readBackup();
      expect(after.sealedRows).toBeGreaterThan(0);
      expect(after.sealedItems).toBeGreaterThan(0);
      expect(after.live ?? '').not.toContain(CANARY);
      expect(after.minutes).not.toContain(CANARY);
      expect(after.sealedRemarks).toBe(1);
      expect(after.remarks).toEqual([null]);
      expect(after.name).toBeNull();
      // The subject's last file went, and with it the subject's key.
      expect(after.request).toBeNull();
      expect(after.informed).toBeNull();
      expect(after.minutes).toBe(JSON.stringify(Array(after.sealedItems).fill(null)));
    } finally {
      await backup.drop();
    }
  });
});
