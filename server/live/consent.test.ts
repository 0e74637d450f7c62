import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import {
  agendaItems,
  caseFiles,
  consentVotes,
  meetingRecords,
  meetings,
  notificationDuties,
  weighingDecisions,
  weighingFiles,
} from '../../db/schema/index';
import type { ControlAck, FileEffect } from '../../shared/index';
import {
  newCaseFile,
  newWeighingItem,
  recordDecision,
  startTestServer,
  type TestServer,
} from '../testing/harness';
import { controlClients, type ControlClient } from '../testing/live-clients';
import { openMinutes } from '../testing/records';
import { agreeAsCoreParties } from '../testing/weegploeg';

interface RecordItem {
  itemId: string;
  consent: {
    outcome: string;
    agreedRound: number | null;
    rounds: {
      round: number;
      proposal: Record<string, unknown>;
      votes: { vote: string; remark: string | null }[];
    }[];
  };
  decision: { id: string; outcome: string } | null;
  effects: FileEffect[];
}

const errorOf = (ack: ControlAck) => (ack.ok ? null : ack.error);

/**
 * The consent round that closes each agenda item, and what agreed outcomes do to the files at the freeze
 * (art. 7.4, 8.5, 9.4, 11, 8.2f, 10.2h).
 */
describe('consent round and effects of the freeze', () => {
  let server: TestServer;
  const control = controlClients(() => server);
  const { call } = control;
  const db = () => server.database.db;
  const joinAs = async (user: string, meetingId: string): Promise<ControlClient> => {
    const socket = control.connect(await server.login(user));
    const joined = await call(socket, 'meeting:join', { meetingId });
    if (!joined.ok) throw new Error(`${user} could not join: ${joined.error.message}`);
    return socket;
  };
  const recordItems = async (meetingId: string) =>
    (await openMinutes(server, meetingId)).items as unknown as RecordItem[];
  const newCaseMeeting = async (title: string, scheduledAt: string) =>
    (
      await (
        await server.login('uitvoerder')
      ).post('/api/meetings', {
        kind: 'case',
        title,
        scheduledAt,
      })
    ).body.id as string;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    control.disconnectAll();
    await server.close();
  });

  it('weegploeg: the recorded decision is put to the core parties; objections are recorded; closing needs every outcome', async () => {
    const { meetingId, itemId, weighingFileId } = await newWeighingItem(server, 'Consent-Weighing');
    // The casusoverleg the agenda-ed subject goes to: the first one scheduled after this weegploeg.
    const later = await newCaseMeeting('Later casusoverleg', '2026-12-20T09:00:00Z');
    const next = await newCaseMeeting('Volgend casusoverleg', '2026-12-08T09:00:00Z');
    const chair = await joinAs('voorzitter', meetingId);
    const police = await joinAs('politie', meetingId);
    const municipality = await joinAs('gemeente', meetingId);
    const executor = await joinAs('uitvoerder', meetingId);
    await call(chair, 'chair:open', { meetingId });

    // No decision recorded yet: nothing to agree to (art. 7.4).
    expect(errorOf(await call(chair, 'chair:consent-ask', { meetingId, itemId }))).toMatchObject({
      code: 'CONFLICT',
      rule: 'art. 7.4',
    });
    // Closing is refused while an item has no outcome, naming the item by position only.
    const refused = errorOf(await call(chair, 'chair:close', { meetingId }));
    expect(refused).toMatchObject({ code: 'CONFLICT' });
    expect(refused!.message).toContain('agenda item 1 has no outcome');
    expect(refused!.message).not.toContain('Consent-Weighing');

    const decision = await recordDecision(server, weighingFileId, {
      outcome: 'agenda',
      involved: ['municipality', 'police', 'mental_health'],
      meetingId,
    });
    // Voting before the chair asks is refused; so is a member asking.
    expect(errorOf(await call(police, 'consent:vote', { meetingId, itemId, vote: 'agree' }))).toMatchObject({
      code: 'CONFLICT',
    });
    expect(errorOf(await call(police, 'chair:consent-ask', { meetingId, itemId }))).toMatchObject({
      code: 'FORBIDDEN',
    });
    const asked = await call(chair, 'chair:consent-ask', { meetingId, itemId });
    expect(asked).toMatchObject({
      ok: true,
      state: {
        consent: [
          { itemId, round: 1, proposal: { kind: 'weighing', decisionId: decision.id, outcome: 'agenda' } },
        ],
      },
    });
    expect(await call(police, 'consent:vote', { meetingId, itemId, vote: 'agree' })).toMatchObject({
      ok: true,
    });
    // An objection needs a remark; with one, it is recorded and shown to everyone at the item.
    expect(
      errorOf(await call(municipality, 'consent:vote', { meetingId, itemId, vote: 'object' })),
    ).toMatchObject({
      code: 'BAD_REQUEST',
    });
    const objected = await call(municipality, 'consent:vote', {
      meetingId,
      itemId,
      vote: 'object',
      remark: 'Eerst het wijkteam horen',
    });
    expect(objected.ok && objected.state.consent[0]!.votes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ vote: 'agree', organisation: expect.stringContaining('Politie') }),
        expect.objectContaining({ vote: 'object', remark: 'Eerst het wijkteam horen' }),
      ]),
    );
    // Stored sealed with the key of the item's file, so it goes with the file, backups included (art. 13).
    const stored = await db().select({ remark: consentVotes.remark }).from(consentVotes);
    const sealedRemarks = stored.filter((row) => row.remark !== null);
    expect(sealedRemarks.length).toBeGreaterThan(0);
    for (const { remark } of sealedRemarks) {
      expect(remark).toMatch(/^sealed:v1:/);
      expect(remark).not.toContain('wijkteam');
    }
    // The chair and the executor do not vote for a party (art. 5); a bad vote is refused.
    expect(errorOf(await call(executor, 'consent:vote', { meetingId, itemId, vote: 'agree' }))).toMatchObject(
      {
        code: 'FORBIDDEN',
      },
    );
    expect(
      errorOf(await call(police, 'consent:vote', { meetingId, itemId, vote: 'maybe' as never })),
    ).toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(
      errorOf(await call(chair, 'chair:outcome', { meetingId, itemId, outcome: 'done' as never })),
    ).toMatchObject({
      code: 'BAD_REQUEST',
    });

    // The weegploeg decides together (art. 7.4): not agreed while a core party objects or has not agreed.
    expect(
      errorOf(await call(chair, 'chair:outcome', { meetingId, itemId, outcome: 'agreed' })),
    ).toMatchObject({
      code: 'CONFLICT',
      rule: 'art. 7.3',
      message: expect.stringContaining('municipality'),
    });
    // The objection heard, the chair asks again; now all three core parties agree.
    await call(chair, 'chair:consent-ask', { meetingId, itemId });
    const prosecution = await joinAs('om', meetingId);
    await call(police, 'consent:vote', { meetingId, itemId, vote: 'agree' });
    await call(municipality, 'consent:vote', { meetingId, itemId, vote: 'agree' });
    expect(
      errorOf(await call(chair, 'chair:outcome', { meetingId, itemId, outcome: 'agreed' })),
    ).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('not yet agreed by: prosecution'),
    });
    await call(prosecution, 'consent:vote', { meetingId, itemId, vote: 'agree' });
    expect(await call(chair, 'chair:outcome', { meetingId, itemId, outcome: 'agreed' })).toMatchObject({
      ok: true,
      state: { consent: [{ itemId, outcome: 'agreed' }] },
    });
    // Proposed, agreed, but not taken before the freeze: the file is as it was.
    expect(decision.caseFileId).toBeNull();
    const [proposed] = await db().select().from(weighingFiles).where(eq(weighingFiles.id, weighingFileId));
    expect(proposed!.status).toBe('open');
    // Once agreed, the round is over.
    expect(
      errorOf(await call(police, 'consent:vote', { meetingId, itemId, vote: 'object', remark: 'Te laat' })),
    ).toMatchObject({ code: 'CONFLICT' });
    expect(await call(chair, 'chair:close', { meetingId })).toMatchObject({
      ok: true,
      state: { state: 'closed' },
    });

    const [item] = await recordItems(meetingId);
    expect(item!.consent).toMatchObject({ outcome: 'agreed', agreedRound: 2 });
    expect(item!.consent.rounds[0]!.votes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ vote: 'agree', remark: null }),
        expect.objectContaining({ vote: 'object', remark: 'Eerst het wijkteam horen' }),
      ]),
    );
    expect(item!.decision).toMatchObject({ id: decision.id, outcome: 'agenda' });
    // Taken at the freeze (art. 7.4): the file follows the decision, and the data went to a case file (art. 8.5).
    const [taken] = await db().select().from(weighingDecisions).where(eq(weighingDecisions.id, decision.id));
    expect(taken).toMatchObject({ state: 'taken', caseFileId: expect.any(String) });
    decision.caseFileId = taken!.caseFileId;
    const [file] = await db().select().from(weighingFiles).where(eq(weighingFiles.id, weighingFileId));
    expect(file!.status).toBe('agendaed');
    // The case is on the first casusoverleg after this one.
    const dutyEffect = item!.effects.find((e) => e.kind === 'notification_duty');
    expect(item!.effects).toEqual(
      expect.arrayContaining([
        { kind: 'case_file_copy', caseFileId: decision.caseFileId },
        {
          kind: 'case_agenda_entry',
          caseFileId: decision.caseFileId,
          meetingId: next,
          scheduledAt: '2026-12-08T09:00:00.000Z',
        },
      ]),
    );
    const onNext = await db()
      .select()
      .from(agendaItems)
      .where(and(eq(agendaItems.meetingId, next), eq(agendaItems.caseFileId, decision.caseFileId!)));
    expect(onNext).toHaveLength(1);
    expect(await db().select().from(agendaItems).where(eq(agendaItems.meetingId, later))).toEqual([]);
    // Art. 11: the decision starts the notification duty, linked to the record.
    const duties = await db()
      .select()
      .from(notificationDuties)
      .where(eq(notificationDuties.weighingDecisionId, decision.id));
    expect(duties).toMatchObject([
      { state: 'due', id: dutyEffect && 'dutyId' in dutyEffect ? dutyEffect.dutyId : '' },
    ]);
  });

  it('casusoverleg: a satellite votes on its own case only; close advice closes both files, carried over moves on', async () => {
    const closing = await newCaseFile(server, 'Consent-Close', ['municipality', 'police', 'mental_health']);
    const other = await newCaseFile(server, 'Consent-Carry', ['municipality', 'police']);
    const executor = await server.login('uitvoerder');
    const meetingId = await newCaseMeeting('Casusoverleg', '2027-06-01T09:00:00Z');
    const next = await newCaseMeeting('Casusoverleg juni', '2027-06-02T09:00:00Z');
    await executor.post(`/api/meetings/${meetingId}/agenda-items`, { caseFileId: closing });
    const detail = await executor.post(`/api/meetings/${meetingId}/agenda-items`, { caseFileId: other });
    const [closeItem, carryItem] = (detail.body.agenda as { id: string }[]).map((i) => i.id);
    const chair = await joinAs('voorzitter', meetingId);
    const ggz = await joinAs('ggz', meetingId);
    await call(chair, 'chair:open', { meetingId });

    // A casusoverleg proposal says what is agreed: a valid review date, or the advice to close (art. 9.4).
    expect(
      errorOf(
        await call(chair, 'chair:consent-ask', {
          meetingId,
          itemId: closeItem!,
          proposal: { advice: 'continue', nextReviewDate: '2027-02-30' },
        }),
      ),
    ).toMatchObject({ code: 'BAD_REQUEST' });
    await call(chair, 'chair:consent-ask', { meetingId, itemId: carryItem!, proposal: { advice: 'close' } });
    const asked = await call(chair, 'chair:consent-ask', {
      meetingId,
      itemId: closeItem!,
      proposal: { advice: 'close' },
    });
    expect(asked.ok).toBe(true);
    // The satellite votes on the case it is involved in, not on another (art. 9.1, 10.5), and sees only its own.
    expect(await call(ggz, 'consent:vote', { meetingId, itemId: closeItem!, vote: 'agree' })).toMatchObject({
      ok: true,
    });
    const foreign = await call(ggz, 'consent:vote', { meetingId, itemId: carryItem!, vote: 'agree' });
    expect(errorOf(foreign)).toMatchObject({ code: 'FORBIDDEN', rule: 'art. 9.1' });
    const seen = await call(ggz, 'hand:raise', { meetingId, raised: false });
    expect(seen.ok && seen.state.consent.map((c) => c.itemId)).toEqual([closeItem]);

    await call(chair, 'chair:outcome', { meetingId, itemId: closeItem!, outcome: 'agreed' });
    await call(chair, 'chair:outcome', { meetingId, itemId: carryItem!, outcome: 'carried_over' });
    expect(await call(chair, 'chair:close', { meetingId })).toMatchObject({ ok: true });

    const items = await recordItems(meetingId);
    const closedItem = items.find((i) => i.itemId === closeItem)!;
    const [origin] = await db()
      .select({ fileId: weighingDecisions.fileId })
      .from(weighingDecisions)
      .where(eq(weighingDecisions.caseFileId, closing));
    expect(closedItem.effects).toEqual([
      { kind: 'closure', caseFileId: closing, weighingFileId: origin!.fileId },
    ]);
    const [record] = await db().select().from(meetingRecords).where(eq(meetingRecords.meetingId, meetingId));
    // Art. 10.2h and 8.2f: the closure is in both files, with the record it was agreed in.
    expect(await db().select().from(caseFiles).where(eq(caseFiles.id, closing))).toMatchObject([
      { status: 'closed', closedByRecordId: record!.id },
    ]);
    expect(await db().select().from(weighingFiles).where(eq(weighingFiles.id, origin!.fileId))).toMatchObject(
      [{ status: 'closed', closedByRecordId: record!.id }],
    );
    // Carried over: the case stays open and is on the next casusoverleg's agenda.
    expect(items.find((i) => i.itemId === carryItem)!.effects).toEqual([
      { kind: 'carried_over', meetingId: next, scheduledAt: '2027-06-02T09:00:00.000Z' },
    ]);
    expect(await db().select().from(caseFiles).where(eq(caseFiles.id, other))).toMatchObject([
      { status: 'open' },
    ]);
    expect(
      await db()
        .select()
        .from(agendaItems)
        .where(and(eq(agendaItems.meetingId, next), eq(agendaItems.caseFileId, other))),
    ).toHaveLength(1);
  });

  it('a new round withdraws the outcome but keeps earlier objections; the next review date is set on the file', async () => {
    const caseFileId = await newCaseFile(server, 'Consent-Review', ['municipality', 'police']);
    const meetingId = await newCaseMeeting('Casusoverleg review', '2026-12-10T09:00:00Z');
    const detail = await (
      await server.login('uitvoerder')
    ).post(`/api/meetings/${meetingId}/agenda-items`, { caseFileId });
    const itemId = detail.body.agenda[0].id as string;
    const chair = await joinAs('voorzitter', meetingId);
    const police = await joinAs('politie', meetingId);
    await call(chair, 'chair:open', { meetingId });
    await call(chair, 'chair:consent-ask', { meetingId, itemId, proposal: { advice: 'close' } });
    await call(police, 'consent:vote', { meetingId, itemId, vote: 'object', remark: 'Nog niet afsluiten' });
    await call(chair, 'chair:outcome', { meetingId, itemId, outcome: 'agreed' });
    const again = await call(chair, 'chair:consent-ask', {
      meetingId,
      itemId,
      proposal: { advice: 'continue', nextReviewDate: '2027-03-01' },
    });
    expect(again).toMatchObject({
      ok: true,
      state: { consent: [{ itemId, round: 2, votes: [], outcome: null }] },
    });
    await call(police, 'consent:vote', { meetingId, itemId, vote: 'agree' });
    await call(chair, 'chair:outcome', { meetingId, itemId, outcome: 'agreed' });
    expect(await call(chair, 'chair:close', { meetingId })).toMatchObject({ ok: true });

    const [item] = await recordItems(meetingId);
    expect(item!.consent.agreedRound).toBe(2);
    expect(item!.consent.rounds.map((r) => r.votes.map((v) => v.vote))).toEqual([['object'], ['agree']]);
    expect(item!.effects).toEqual([{ kind: 'next_review', caseFileId, nextReviewOn: '2027-03-01' }]);
    expect(await db().select().from(caseFiles).where(eq(caseFiles.id, caseFileId))).toMatchObject([
      { status: 'open', nextReviewOn: '2027-03-01', closedAt: null },
    ]);
  });

  it('a failure while writing the effects leaves the meeting open and nothing half-written', async () => {
    const { meetingId, itemId, weighingFileId } = await newWeighingItem(server, 'Consent-Fault');
    const next = await newCaseMeeting('Casusoverleg na fout', '2026-12-02T09:00:00Z');
    const chair = await joinAs('voorzitter', meetingId);
    await call(chair, 'chair:open', { meetingId });
    const decision = await recordDecision(server, weighingFileId, {
      outcome: 'agenda',
      involved: ['municipality', 'police'],
      meetingId,
    });
    await call(chair, 'chair:consent-ask', { meetingId, itemId });
    await agreeAsCoreParties(server, meetingId, itemId);
    // A real database fault after the agenda entry is written and before the record: the duty insert fails.
    await server.database.asOwner((owner) =>
      owner.execute(sql`create function fail_duty() returns trigger language plpgsql as $$
      begin raise exception 'injected fault'; end $$`),
    );
    await server.database.asOwner((owner) =>
      owner.execute(
        sql`create trigger fail_duty before insert on notification_duties for each row execute function fail_duty()`,
      ),
    );
    try {
      expect(await call(chair, 'chair:close', { meetingId })).toMatchObject({ ok: false });
    } finally {
      await server.database.asOwner((owner) =>
        owner.execute(sql`drop trigger fail_duty on notification_duties`),
      );
      await server.database.asOwner((owner) => owner.execute(sql`drop function fail_duty()`));
    }
    expect((await db().select().from(meetings).where(eq(meetings.id, meetingId)))[0]!.state).toBe('open');
    expect(await db().select().from(meetingRecords).where(eq(meetingRecords.meetingId, meetingId))).toEqual(
      [],
    );
    expect(await db().select().from(agendaItems).where(eq(agendaItems.meetingId, next))).toEqual([]);
    expect(
      await db()
        .select()
        .from(notificationDuties)
        .where(eq(notificationDuties.weighingDecisionId, decision.id)),
    ).toEqual([]);
    // Nor was the decision taken: still a proposal, the file unchanged, no case file.
    expect(
      (await db().select().from(weighingDecisions).where(eq(weighingDecisions.id, decision.id)))[0],
    ).toMatchObject({ state: 'proposed', caseFileId: null });
    expect(
      (await db().select().from(weighingFiles).where(eq(weighingFiles.id, weighingFileId)))[0]!.status,
    ).toBe('open');

    // The meeting goes on; closing again succeeds with every effect.
    expect(await call(chair, 'chair:close', { meetingId })).toMatchObject({ ok: true });
    expect(await db().select().from(agendaItems).where(eq(agendaItems.meetingId, next))).toHaveLength(1);
  });
});
