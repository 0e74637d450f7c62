import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import {
  fileKeys,
  meetingRecords,
  meetings,
  notificationDuties,
  weighingFiles,
  yjsSetAside,
} from '../../../db/schema/index';
import { createTestDatabase, type TestDatabase } from '../../../db/testing';
import { docName } from '../../../shared/index';
import { seedDemo } from '../../demo/seed';
import { DocKeys } from '../../live/doc-keys';
import { YjsStore } from '../../live/store';
import { meetingFixture, storeTexts } from '../../testing/meeting-fixture';
import { throwingUpdate } from '../../testing/yjs-frames';
import { maskingPolicyOf } from '../masking';
import { addAgendaItem, putOnAgenda } from '../meetings';
import { readMinutes } from '../minutes';
import { verifyRecordChain } from '../records';
import {
  assembleRecord,
  commitRecord,
  FreezeError,
  freezeMeeting,
  raiseFence,
  type FreezeDeps,
} from './index';

const ANALYSIS_CANARY = 'Freeze-Analysis-Canary';
const PLAN_CANARY = 'Freeze-Plan-Canary';

/** The freeze step by step, on a real database and stored documents, without any socket. */
describe('the freeze as services', () => {
  let database: TestDatabase;
  let store: YjsStore;
  let fixture: ReturnType<typeof meetingFixture>;
  const read = async (name: string) => (await store.loadDocument(name))?.doc ?? null;

  /** Freeze dependencies that note what the fence did to the live meeting. */
  function deps(faults: { drain?: Error } = {}) {
    const done: string[] = [];
    const freezeDeps: FreezeDeps = {
      db: database.db,
      read,
      fenced: (meetingId) => Promise.resolve(void done.push(`fenced ${meetingId}`)),
      lifted: (meetingId) => Promise.resolve(void done.push(`lifted ${meetingId}`)),
      drain: async () => {
        done.push('drain');
        if (faults.drain) throw faults.drain;
        await store.drain();
      },
    };
    return { freezeDeps, done };
  }
  const stateOf = async (meetingId: string) =>
    (await database.db.select().from(meetings).where(eq(meetings.id, meetingId)))[0]!.state;
  const recordsOf = (meetingId: string) =>
    database.db.select().from(meetingRecords).where(eq(meetingRecords.meetingId, meetingId));
  const dutiesOf = (decisionId: string) =>
    database.db
      .select()
      .from(notificationDuties)
      .where(eq(notificationDuties.weighingDecisionId, decisionId));
  const keysOf = (fileId: string) => database.db.select().from(fileKeys).where(eq(fileKeys.fileId, fileId));

  /** A weegploeg on two subjects: the first decided (not substantial), agreed after an objection, the second carried over. */
  async function weegploeg(name: string) {
    const decided = await fixture.newWeighingFile(`${name}-Decided`);
    const carried = await fixture.newWeighingFile(`${name}-Carried`);
    const { meetingId, itemIds } = await fixture.meeting('weighing', [decided, carried]);
    const [decidedItem, carriedItem] = itemIds as [string, string];
    await fixture.open(meetingId);
    const decision = await fixture.decide(decided, 'not_substantial', { meetingId });
    // The police object in the first round; in the second the three core parties agree (art. 7.3–7.4).
    await fixture.vote(meetingId, decidedItem, [
      { username: 'politie', vote: 'object', remark: 'Meer informatie nodig' },
    ]);
    await fixture.agree(meetingId, decidedItem, [
      { username: 'gemeente', vote: 'agree' },
      { username: 'politie', vote: 'agree' },
      { username: 'om', vote: 'agree' },
    ]);
    await fixture.carryOver(meetingId, carriedItem);
    await storeTexts(
      store,
      { meetingId, itemId: decidedItem, compartment: 'analysis' },
      { analysis: ANALYSIS_CANARY },
    );
    return { meetingId, decided, decidedItem, carriedItem, decision };
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedDemo(database.db, 'freeze-test-password', { withCases: false });
    store = new YjsStore(database.db);
    fixture = meetingFixture(database.db);
  });
  afterAll(async () => {
    await store.drain();
    await database.close();
  });

  it('assembles the record from the stored documents and the database, writing nothing', async () => {
    const { meetingId, decidedItem, carriedItem, decision } = await weegploeg('Assemble');
    const covenantId = (await fixture.ctx('voorzitter')).actor.covenantId;

    const record = await assembleRecord(database.db, meetingId, read);

    expect(record.payload.meeting).toMatchObject({ id: meetingId, kind: 'weighing', title: 'Weegploeg' });
    expect(record.items.map((i) => i.itemId)).toEqual([decidedItem, carriedItem]);
    const [first, second] = record.items as [(typeof record.items)[0], (typeof record.items)[0]];
    // The canary typed into the first item's analysis is there, and only there.
    expect(first.content.compartments.analysis!.content).toEqual({ analysis: ANALYSIS_CANARY });
    expect(JSON.stringify(second)).not.toContain(ANALYSIS_CANARY);
    expect(JSON.stringify(record.payload)).not.toContain(ANALYSIS_CANARY);
    // The Yjs state reopens to the same text.
    const reopened = new Y.Doc();
    Y.applyUpdate(reopened, Buffer.from(first.content.compartments.analysis!.state, 'base64'));
    expect(reopened.getText('analysis').toJSON()).toBe(ANALYSIS_CANARY);
    // A compartment nobody opened holds what the file brought (its seed): the subject's name.
    expect(first.content.compartments.identity!.content.identity).toContain('Assemble-Decided');
    expect(second.content.compartments.identity!.content.identity).toContain('Assemble-Carried');
    // Consent as agreed, the objection recorded with its remark; the decision agreed to.
    expect(first.content.consent).toMatchObject({ outcome: 'agreed', agreedRound: 2 });
    expect(first.content.consent.rounds[0]!.votes.map((v) => [v.vote, v.remark])).toEqual([
      ['object', 'Meer informatie nodig'],
    ]);
    expect(first.content.consent.rounds[1]!.votes.map((v) => v.vote)).toEqual(['agree', 'agree', 'agree']);
    expect(first.content.decision).toMatchObject({ id: decision.id, outcome: 'not_substantial' });
    expect(first.proposal).toMatchObject({ kind: 'weighing', decisionId: decision.id });
    expect(second.content.consent).toMatchObject({ outcome: 'carried_over', agreedRound: null, rounds: [] });
    expect(second.proposal).toBeNull();
    // The attendance of who voted; the effects come with the commit.
    expect(first.content.attendance).toHaveLength(3);
    expect(first.content.effects).toEqual([]);
    // The masking policy in force, to read the minutes through later.
    expect(record.payload.policy).toEqual(await maskingPolicyOf(database.db, covenantId));
    // Nothing was written: the meeting is as it was, nothing recorded, no duty, no key.
    expect(await stateOf(meetingId)).toBe('open');
    expect(await recordsOf(meetingId)).toEqual([]);
    expect(await dutiesOf(decision.id)).toEqual([]);
  });

  it('refuses to assemble while an item has no outcome, naming it by position only', async () => {
    const file = await fixture.newWeighingFile('Assemble-Lacking');
    const { meetingId } = await fixture.meeting('weighing', [file]);
    await fixture.open(meetingId);
    await expect(assembleRecord(database.db, meetingId, read)).rejects.toThrow(
      /^agenda item 1 has no outcome yet/,
    );
  });

  it('freezes a casusoverleg whose minutes mask for a partner what the policy masks', async () => {
    const file = await fixture.newWeighingFile('Masked-Subject');
    const { caseFileId } = await fixture.decide(file, 'agenda', {
      involved: ['municipality', 'police', 'mental_health'],
    });
    const { meetingId, itemIds } = await fixture.meeting('case', [caseFileId!]);
    const itemId = itemIds[0]!;
    await fixture.open(meetingId);
    await storeTexts(store, { meetingId, itemId, compartment: 'plan' }, { goal: PLAN_CANARY });
    await storeTexts(store, { meetingId, itemId, compartment: 'analysis' }, { analysis: ANALYSIS_CANARY });
    await fixture.carryOver(meetingId, itemId);
    const { freezeDeps, done } = deps();

    const { recordId } = await freezeMeeting(freezeDeps, meetingId, (await fixture.ctx('voorzitter')).actor);

    expect(done).toEqual([`fenced ${meetingId}`, 'drain']);
    expect(await stateOf(meetingId)).toBe('closed');
    expect((await recordsOf(meetingId)).map((r) => r.id)).toEqual([recordId]);
    // The record itself holds no item content in the clear.
    expect(JSON.stringify(await recordsOf(meetingId))).not.toContain(PLAN_CANARY);
    const partner = await readMinutes(database.db, await fixture.ctx('ggz'), meetingId);
    const seen = Object.fromEntries(partner.items[0]!.compartments.map((c) => [c.compartment, c]));
    // The partner receives the plan (art. 10.5); the identity and the analysis exist for it, masked.
    expect(seen.plan).toMatchObject({ access: 'read', content: { goal: PLAN_CANARY } });
    expect(seen.identity).toMatchObject({ access: 'masked', rule: 'art. 10.5' });
    expect(seen.analysis).toMatchObject({ access: 'masked', rule: 'art. 10.5' });
    expect(JSON.stringify(partner)).not.toContain(ANALYSIS_CANARY);
    expect(JSON.stringify(partner)).not.toContain('Masked-Subject');
    const police = await readMinutes(database.db, await fixture.ctx('politie'), meetingId);
    const policeSeen = Object.fromEntries(police.items[0]!.compartments.map((c) => [c.compartment, c]));
    expect(policeSeen.analysis).toMatchObject({ access: 'read', content: { analysis: ANALYSIS_CANARY } });
  });

  it('rolls back everything when the commit fails: nothing frozen, the meeting open again', async () => {
    const { meetingId, decided, decision } = await weegploeg('Rollback');
    const chair = (await fixture.ctx('voorzitter')).actor;

    // A meeting that is not behind the fence is not committed: its effects and record are undone.
    const early = await assembleRecord(database.db, meetingId, read);
    await expect(commitRecord(database.db, early, chair)).rejects.toThrow('the meeting left the fence');
    expect(await recordsOf(meetingId)).toEqual([]);
    expect(await dutiesOf(decision.id)).toEqual([]);
    // The file's key exists since its live documents were first stored (they are sealed with it), and stays one.
    expect(await keysOf(decided)).toHaveLength(1);

    // A failure at the record itself (frozen by nobody known), after the effects on the files were made.
    const { freezeDeps, done } = deps();
    await expect(freezeMeeting(freezeDeps, meetingId, { membershipId: randomUUID() })).rejects.toThrow();
    expect(await stateOf(meetingId)).toBe('open');
    expect(await recordsOf(meetingId)).toEqual([]);
    expect(await dutiesOf(decision.id)).toEqual([]);
    expect(await keysOf(decided)).toHaveLength(1);
    expect(done.at(-1)).toBe(`lifted ${meetingId}`);

    // The meeting goes on, and freezes: the record, its chain and the notification duty (art. 11) together.
    const { recordId } = await freezeMeeting(deps().freezeDeps, meetingId, chair);
    expect(await stateOf(meetingId)).toBe('closed');
    expect((await recordsOf(meetingId)).map((r) => r.id)).toEqual([recordId]);
    expect(await dutiesOf(decision.id)).toMatchObject([{ recordId, state: 'due' }]);
    expect(await keysOf(decided)).toHaveLength(1);
    expect(await verifyRecordChain(database.db, chair.covenantId)).toMatchObject({ ok: true });
  });

  it('fences only an open meeting (or one a crashed freeze left fenced)', async () => {
    const file = await fixture.newWeighingFile('Fence-Subject');
    const { meetingId } = await fixture.meeting('weighing', [file]);
    const scheduled = deps();
    await expect(raiseFence(database.db, meetingId, scheduled.freezeDeps)).rejects.toThrow(FreezeError);
    await expect(raiseFence(database.db, meetingId, scheduled.freezeDeps)).rejects.toThrow('not open');
    expect(await stateOf(meetingId)).toBe('scheduled');
    expect(scheduled.done).toEqual([]);

    await fixture.open(meetingId);
    const fenced = deps();
    expect(await raiseFence(database.db, meetingId, fenced.freezeDeps)).toMatchObject({ state: 'closing' });
    expect(await stateOf(meetingId)).toBe('closing');
    // Fenced again after a crash: the freeze can be retried.
    expect(await raiseFence(database.db, meetingId, fenced.freezeDeps)).toMatchObject({ state: 'closing' });
    // Behind the fence the agenda is final: an item added now would miss the record.
    const late = await fixture.newWeighingFile('Fence-Late');
    const executor = await fixture.ctx('uitvoerder');
    await expect(addAgendaItem(database.db, executor, meetingId, { weighingFileId: late })).rejects.toThrow(
      'its agenda can no longer change',
    );
    const [{ subjectId }] = (await database.db
      .select({ subjectId: weighingFiles.subjectId })
      .from(weighingFiles)
      .where(eq(weighingFiles.id, late))) as [{ subjectId: string }];
    expect(
      await database.db.transaction((tx) => putOnAgenda(tx, meetingId, 'weighing', { id: late, subjectId })),
    ).toBe('over');

    await database.db.update(meetings).set({ state: 'closed' }).where(eq(meetings.id, meetingId));
    const closed = deps();
    await expect(raiseFence(database.db, meetingId, closed.freezeDeps)).rejects.toThrow('not open');
    expect(await stateOf(meetingId)).toBe('closed');
    expect(closed.done).toEqual([]);
  });

  it('lifts the fence again when the store cannot be drained', async () => {
    const file = await fixture.newWeighingFile('Fence-Drain');
    const { meetingId } = await fixture.meeting('weighing', [file]);
    await fixture.open(meetingId);
    const { freezeDeps, done } = deps({ drain: new Error('the store is unreachable') });
    await expect(
      freezeMeeting(freezeDeps, meetingId, (await fixture.ctx('voorzitter')).actor),
    ).rejects.toThrow('the store is unreachable');
    expect(await stateOf(meetingId)).toBe('open');
    expect(await recordsOf(meetingId)).toEqual([]);
    expect(done.at(-1)).toBe(`lifted ${meetingId}`);
  });

  it('freezes with the rest when a stored update does not apply, and keeps that update aside', async () => {
    const { meetingId, decidedItem } = await weegploeg('Set-Aside');
    const notes = docName({ meetingId, itemId: decidedItem, compartment: 'notes' });
    const bogus = throwingUpdate(77);
    expect(() => Y.applyUpdate(new Y.Doc(), bogus)).toThrow();
    await storeTexts(store, { meetingId, itemId: decidedItem, compartment: 'notes' }, { notes: 'voor ' });
    await store.append(notes, bogus);

    await freezeMeeting(deps().freezeDeps, meetingId, (await fixture.ctx('voorzitter')).actor);

    expect(await stateOf(meetingId)).toBe('closed');
    const minutes = await readMinutes(database.db, await fixture.ctx('politie'), meetingId);
    const compartments = minutes.items[0]!.compartments;
    expect(compartments.find((c) => c.compartment === 'notes')).toMatchObject({
      content: { notes: 'voor ' },
    });
    expect(compartments.find((c) => c.compartment === 'analysis')).toMatchObject({
      content: { analysis: ANALYSIS_CANARY },
    });
    const aside = await database.db.select().from(yjsSetAside).where(eq(yjsSetAside.docName, notes));
    const keys = new DocKeys(database.db);
    const opened = await Promise.all(
      aside.map((row) => keys.open(notes, { fileId: row.fileId, bytes: row.update })),
    );
    expect(opened.map((update) => Buffer.from(update!).equals(Buffer.from(bogus)))).toEqual([true]);
  });
});
