import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { meetingRecords, meetings } from '../../db/schema/index';
import { CloseCode, docName, type Me } from '../../shared/index';
import { newWeighingItem, startTestServer, type TestServer } from '../testing/harness';
import { connectDoc, controlClients, until } from '../testing/live-clients';
import { openMinutes } from '../testing/records';
import { verifyRecordChain } from '../services/records';
import { freezeMeeting } from '../services/freeze/index';
import { freezeDepsOf } from './freeze-deps';

/** Closing a meeting freezes it into its record in one step, or not at all. */
describe('freezing a meeting', () => {
  let server: TestServer;
  const control = controlClients(() => server);
  const recordsOf = (meetingId: string) =>
    server.database.db.select().from(meetingRecords).where(eq(meetingRecords.meetingId, meetingId));
  const stateOf = async (meetingId: string) =>
    (await server.database.db.select().from(meetings).where(eq(meetings.id, meetingId)))[0]!.state;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    control.disconnectAll();
    await server.close();
  });

  it('keeps every edit any client saw acknowledged, under edits racing the fence', async () => {
    const { meetingId, itemId } = await newWeighingItem(server, 'Freeze-Subject');
    const name = docName({ meetingId, itemId, compartment: 'analysis' });
    const chair = control.connect(await server.login('voorzitter'));
    await control.call(chair, 'meeting:join', { meetingId });
    await control.call(chair, 'chair:open', { meetingId });
    const writers = await Promise.all(
      ['politie', 'gemeente', 'om'].map(async (user) => connectDoc(server, await server.login(user), name)),
    );
    await until(() => writers.every((w) => w.provider.synced), 'writers sync');
    let typing = true;
    const loops = writers.map(async (writer, i) => {
      for (let n = 0; typing; n++) {
        writer.doc.getText('analysis').insert(0, `[${i}:${n}]`);
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 300));

    const closed = await control.close(chair, meetingId);
    typing = false;
    await Promise.all(loops);
    expect(closed).toMatchObject({ ok: true, state: { state: 'closed' } });

    const { record, items } = await openMinutes(server, meetingId);
    const frozen = items[0]!.compartments.analysis!.content.analysis as string;
    // What a client received from another client went through the server's store: it must be in the record.
    for (const [i, writer] of writers.entries()) {
      const seen = writer.doc.getText('analysis').toJSON();
      for (const token of seen.match(/\[\d+:\d+\]/g) ?? []) {
        if (token.startsWith(`[${i}:`)) continue;
        expect(frozen).toContain(token);
      }
      // Each writer was told the meeting was fenced (and then closed): nothing it typed later was taken silently.
      await until(() => writer.closed.codes.includes(CloseCode.Fenced), 'told of the fence');
      writer.provider.destroy();
    }
    expect(frozen.length).toBeGreaterThan(0);
    expect(await verifyRecordChain(server.database.db, record.covenantId)).toMatchObject({ ok: true });
  });

  it('tells a client that edited offline that its late edits were not taken (4409), and keeps them out', async () => {
    const { meetingId, itemId } = await newWeighingItem(server, 'Freeze-Offline');
    const name = docName({ meetingId, itemId, compartment: 'analysis' });
    const chair = control.connect(await server.login('voorzitter'));
    await control.call(chair, 'meeting:join', { meetingId });
    await control.call(chair, 'chair:open', { meetingId });
    const writer = connectDoc(server, await server.login('politie'), name);
    await until(() => writer.provider.synced, 'writer sync');
    writer.doc.getText('analysis').insert(0, 'taken before the freeze ');
    const reader = connectDoc(server, await server.login('om'), name);
    await until(
      () => reader.doc.getText('analysis').toJSON().includes('taken before'),
      'edit reaches others',
    );
    // The writer goes offline and goes on typing; meanwhile the chair closes the meeting.
    writer.provider.disconnect();
    writer.doc.getText('analysis').insert(0, 'LATE-EDIT-offline ');
    expect(await control.close(chair, meetingId)).toMatchObject({ ok: true });
    writer.provider.connect();
    await until(() => writer.closed.codes.includes(CloseCode.Frozen), 'told the meeting is frozen');
    const frozen = (await openMinutes(server, meetingId)).items[0]!.compartments.analysis!.content.analysis;
    expect(frozen).toContain('taken before the freeze');
    expect(frozen).not.toContain('LATE-EDIT-offline');
    writer.provider.destroy();
    reader.provider.destroy();
  });

  it('can be retried after a crash left the meeting fenced (closing)', async () => {
    const { meetingId, itemId } = await newWeighingItem(server, 'Freeze-Crash');
    const chair = await server.login('voorzitter');
    const me = (await chair.get<{ me: Me }>('/api/session')).body.me;
    const socket = control.connect(chair);
    await control.call(socket, 'meeting:join', { meetingId });
    await control.call(socket, 'chair:open', { meetingId });
    await control.call(socket, 'chair:outcome', { meetingId, itemId, outcome: 'carried_over' });
    // What a server killed between the fence and the record leaves behind.
    await server.database.db.update(meetings).set({ state: 'closing' }).where(eq(meetings.id, meetingId));
    await freezeMeeting(freezeDepsOf(server.app), meetingId, me);
    expect(await stateOf(meetingId)).toBe('closed');
    expect(await recordsOf(meetingId)).toHaveLength(1);
    await expect(freezeMeeting(freezeDepsOf(server.app), meetingId, me)).rejects.toThrow('not open');
  });

  it('leaves the meeting open and nothing half-written when freezing fails midway', async () => {
    const { meetingId, itemId } = await newWeighingItem(server, 'Freeze-Fault');
    const chair = await server.login('voorzitter');
    const me = (await chair.get<{ me: Me }>('/api/session')).body.me;
    const socket = control.connect(chair);
    await control.call(socket, 'meeting:join', { meetingId });
    await control.call(socket, 'chair:open', { meetingId });
    const writer = connectDoc(
      server,
      await server.login('politie'),
      docName({ meetingId, itemId, compartment: 'analysis' }),
    );
    await until(() => writer.provider.synced, 'writer sync');
    writer.doc.getText('analysis').insert(0, 'before the fault ');

    await expect(
      freezeMeeting(
        { ...freezeDepsOf(server.app), drain: () => Promise.reject(new Error('injected fault')) },
        meetingId,
        me,
      ),
    ).rejects.toThrow('injected fault');
    expect(await stateOf(meetingId)).toBe('open');
    expect(await recordsOf(meetingId)).toEqual([]);
    // The writer was fenced, reconnects, and may write again: the meeting goes on.
    await until(() => writer.provider.wsconnected && writer.provider.synced, 'reconnected');
    writer.doc.getText('analysis').insert(0, 'after the fault ');
    const other = connectDoc(
      server,
      await server.login('om'),
      docName({ meetingId, itemId, compartment: 'analysis' }),
    );
    await until(
      () => other.doc.getText('analysis').toJSON().startsWith('after the fault'),
      'write after fault',
    );
    writer.provider.destroy();
    other.provider.destroy();
  });
});
