import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { keyStore } from '../../db/keystore/current';
import { randomUUID } from 'node:crypto';
import { rowsOf } from '../../db/client';
import {
  destructions,
  memberships,
  subjectKeys,
  subjectRequests,
  subjects,
  weighingFiles,
} from '../../db/schema/index';
import { addMonths, dutchDay, type SubjectRequestList } from '../../shared/index';
import { newSubjectSignal, startTestServer, type TestServer } from '../testing/harness';
import { atDatabaseTime } from '../testing/database-clock';
import { refusal } from '../testing/refusal';
import { runRetention } from './retention';
import { openSubjectText, sealSubjectText } from './subject-texts';
import { forgetSubjectTexts } from './subject-retention';

/** What a request asks, and the reasons of its refusal: both may describe the subject. */
const DETAILS = 'CanaryVerzoekOnderwerpsleutel4411';
const REASONING = 'CanaryMotiveringOnderwerpsleutel4412';

/**
 * A subject's own free text (a request under art. 12, how the subject was informed under art. 11.5) belongs to no
 * one file; it is sealed with the subject's key, destroyed with the subject's last file (art. 13), so that a
 * backup taken before holds it only unreadably.
 */
describe("a subject's own texts, sealed with the subject's key (art. 12, 13)", () => {
  let server: TestServer;
  const db = () => server.database.db;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  async function newSubject(name: string) {
    const signal = await (await server.login('politie')).post('/api/signals', newSubjectSignal(name));
    const weighingFileId = signal.body.weighingFileId as string;
    const [row] = await db()
      .select({ subjectId: subjects.id, reference: subjects.reference, at: weighingFiles.lastProcessedAt })
      .from(weighingFiles)
      .innerJoin(subjects, eq(subjects.id, weighingFiles.subjectId))
      .where(eq(weighingFiles.id, weighingFileId));
    return { weighingFileId, ...row! };
  }

  async function register(reference: string, details: string) {
    const executor = await server.login('uitvoerder');
    const today = dutchDay(new Date());
    const request = await executor.post('/api/subject-requests', {
      subjectReference: reference,
      kind: 'access',
      requester: 'subject',
      receivedOn: today,
      identityVerifiedOn: today,
      details,
    });
    expect(request.status).toBe(201);
    return request.body.id as string;
  }

  const registerView = async (id: string) =>
    (
      await (await server.login('uitvoerder')).get<SubjectRequestList>('/api/subject-requests')
    ).body.requests.find((r) => r.id === id);

  it('stores a request sealed, shows it in the register, and loses it with the last file; a later request gets a new key', async () => {
    const subject = await newSubject('Onderwerpsleutel Een');
    const id = await register(subject.reference, DETAILS);
    const refused = await (
      await server.login('uitvoerder')
    ).post(`/api/subject-requests/${id}/decision`, {
      decision: 'refused',
      decidedOn: dutchDay(new Date()),
      refusalGround: 'crime',
      reasoning: REASONING,
    });
    expect(refused.status).toBe(200);

    // In the database only sealed, with the subject's one live key.
    const [stored] = await db()
      .select({ details: subjectRequests.details, reasoning: subjectRequests.reasoning })
      .from(subjectRequests)
      .where(eq(subjectRequests.id, id));
    for (const value of [stored!.details, stored!.reasoning!]) {
      expect(value).toMatch(/^sealed:s1:/);
      expect(value).not.toContain(DETAILS);
      expect(value).not.toContain(REASONING);
    }
    const keysOf = () =>
      db()
        .select({ id: subjectKeys.id, key: subjectKeys.key, destroyedAt: subjectKeys.destroyedAt })
        .from(subjectKeys)
        .where(eq(subjectKeys.subjectId, subject.subjectId));
    const [first] = await keysOf();
    expect(first).toMatchObject({ destroyedAt: null });
    expect(await registerView(id)).toMatchObject({ details: DETAILS, reasoning: REASONING });

    // The database will not destroy the key while a file of the subject is left, nor delete it.
    expect(
      await refusal(
        db().execute(
          sql`update records.subject_keys set key = null, destroyed_at = now() where id = ${first!.id}`,
        ),
      ),
    ).toMatch(/is left/);
    // On PostgreSQL the application's role may not delete at all; on PGlite the trigger refuses.
    expect(
      await refusal(db().execute(sql`delete from records.subject_keys where id = ${first!.id}`)),
    ).toMatch(/can only be destroyed|permission denied/);

    // Six months without being put on the agenda: the subject's only file is destroyed (art. 13.3), and its key.
    const due = addMonths(subject.at, 6);
    const outcomes = await atDatabaseTime(server.database, due, () => runRetention(db(), due));
    expect(outcomes.filter((o) => o.fileId === subject.weighingFileId)).toMatchObject([
      { action: 'destroy', result: 'done' },
    ]);
    expect(await keysOf()).toEqual([{ id: first!.id, key: null, destroyedAt: expect.any(Date) }]);
    expect(await keyStore().secret(first!.id)).toBeNull();
    const logged = await db()
      .select({ rule: destructions.rule })
      .from(destructions)
      .where(and(eq(destructions.objectType, 'subject_key'), eq(destructions.objectId, first!.id)));
    expect(logged).toEqual([{ rule: 'art. 13.3' }]);
    // The value as a backup taken before holds it: unreadable now.
    expect(
      await openSubjectText(db(), subject.subjectId, 'subject_requests.details', stored!.details),
    ).toBeNull();
    expect(await registerView(id)).toMatchObject({ details: '', reasoning: '', decision: 'refused' });

    // The subject may ask again after the destruction: a new key, readable, and the old one stays destroyed.
    const later = await register(subject.reference, 'Tweede verzoek na vernietiging');
    expect(await registerView(later)).toMatchObject({ details: 'Tweede verzoek na vernietiging' });
    const keys = await keysOf();
    expect(keys).toHaveLength(2);
    const live = keys.find((k) => k.destroyedAt === null)!;
    expect(live.id).not.toBe(first!.id);
    // No file is left now, but a destruction needs its entry in the destruction log.
    expect(
      await refusal(
        db().execute(
          sql`update records.subject_keys set key = null, destroyed_at = now() where id = ${live.id}`,
        ),
      ),
    ).toMatch(/needs its entry in records\.destructions/);

    // That request is held by no file: it is kept as long as personal data are (art. 13.1, five years after its
    // last step), and then forgotten the same way.
    const fourYears = addMonths(new Date(), 48);
    await atDatabaseTime(server.database, fourYears, () => runRetention(db(), fourYears));
    expect(await registerView(later)).toMatchObject({ details: 'Tweede verzoek na vernietiging' });
    const fiveYears = addMonths(new Date(Date.now() + 86_400_000), 60);
    await atDatabaseTime(server.database, fiveYears, () => runRetention(db(), fiveYears));
    expect(await registerView(later)).toMatchObject({ details: '', kind: 'access' });
    expect((await keysOf()).filter((k) => k.destroyedAt === null)).toEqual([]);
    expect(
      await db()
        .select({ rule: destructions.rule })
        .from(destructions)
        .where(and(eq(destructions.objectType, 'subject_key'), eq(destructions.objectId, live.id))),
    ).toEqual([{ rule: 'art. 13.1' }]);
  });

  // A real race needs two connections: PGlite runs one transaction at a time.
  it.skipIf(!process.env.DATABASE_URL)(
    'lets a destruction wait for a request being stored, and then blanks it and destroys its new key too',
    async () => {
      const subject = await newSubject('Onderwerpsleutel Vier');
      const due = addMonths(subject.at, 6);
      await atDatabaseTime(server.database, due, () => runRetention(db(), due));
      const [member] = await db().select({ id: memberships.id }).from(memberships).limit(1);
      const [covenant] = await db().select({ id: subjects.covenantId }).from(subjects).limit(1);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let stored!: () => void;
      const storedYet = new Promise<void>((resolve) => (stored = resolve));
      const id = randomUUID();
      // A request being registered: sealed with a new key, inserted, not committed yet.
      const writer = db().transaction(async (tx) => {
        await tx.insert(subjectRequests).values({
          id,
          covenantId: covenant!.id,
          subjectId: subject.subjectId,
          kind: 'access',
          requester: 'subject',
          receivedOn: dutchDay(new Date()),
          deadline: dutchDay(new Date()),
          details: await sealSubjectText(tx, subject.subjectId, 'subject_requests.details', DETAILS),
          registeredByMembershipId: member!.id,
          createdAt: new Date(),
        });
        stored();
        await gate;
      });
      await storedYet;
      const forgetting = db().transaction((tx) =>
        forgetSubjectTexts(tx, subject.subjectId, 'art. 13.1', new Date()),
      );
      // The destruction waits on the subject's row until the request is committed.
      for (let waiting = 0; waiting === 0;) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        waiting = rowsOf<{ n: number }>(
          await db().execute(sql`select count(*)::int as n from pg_stat_activity
            where wait_event_type = 'Lock' and datname = current_database()`),
        )[0]!.n;
      }
      release();
      await writer;
      await forgetting;
      expect(await registerView(id)).toMatchObject({ details: '' });
      const keys = await db()
        .select({ key: subjectKeys.key })
        .from(subjectKeys)
        .where(eq(subjectKeys.subjectId, subject.subjectId));
      expect(keys).toEqual([{ key: null }]);
    },
  );

  it('binds a sealed text to its subject and column: moved elsewhere it does not open', async () => {
    const one = await newSubject('Onderwerpsleutel Twee');
    const other = await newSubject('Onderwerpsleutel Drie');
    const id = await register(one.reference, DETAILS);
    const [stored] = await db()
      .select({ details: subjectRequests.details })
      .from(subjectRequests)
      .where(eq(subjectRequests.id, id));
    expect(await openSubjectText(db(), one.subjectId, 'subject_requests.details', stored!.details)).toBe(
      DETAILS,
    );
    await expect(
      openSubjectText(db(), other.subjectId, 'subject_requests.details', stored!.details),
    ).rejects.toThrow();
    await expect(
      openSubjectText(db(), one.subjectId, 'subject_requests.reasoning', stored!.details),
    ).rejects.toThrow();
  });
});
