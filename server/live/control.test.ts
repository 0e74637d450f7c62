import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { and, eq } from 'drizzle-orm';
import { meetingAttendance } from '../../db/schema/index';
import { CloseCode, YJS_PATH, docName } from '../../shared/index';
import { newSubjectSignal, startTestServer, type TestServer } from '../testing/harness';
import { controlClients } from '../testing/live-clients';

describe('meeting control (socket.io)', () => {
  let server: TestServer;
  let meetingId: string;
  let items: string[];

  const control = controlClients(() => server);
  const { connect, call, nextState } = control;

  beforeAll(async () => {
    server = await startTestServer();
    const executor = await server.login('uitvoerder');
    const police = await server.login('politie');
    const meeting = await executor.post('/api/meetings', {
      kind: 'weighing',
      title: 'Live',
      scheduledAt: '2026-12-01T09:00:00Z',
    });
    meetingId = meeting.body.id;
    items = [];
    for (const name of ['Control-A', 'Control-B']) {
      const signal = await police.post('/api/signals', {
        subject: { name },
        description: 'Signaal',
        observedOn: '2026-11-01',
        reporter: { name: 'Melder', contact: 'm@example.nl' },
        phenomenon: 'other',
        setting: 'online',
      });
      const detail = await executor.post(`/api/meetings/${meetingId}/agenda-items`, {
        weighingFileId: signal.body.weighingFileId,
      });
      items = detail.body.agenda.map((item: { id: string }) => item.id);
    }
  });
  afterAll(async () => {
    control.disconnectAll();
    await server.close();
  });

  it('refuses a handshake without a session, or from another origin', async () => {
    const anonymous = connect(null);
    const error = await new Promise<Error>((resolve) => anonymous.on('connect_error', resolve));
    expect(error.message).toBe('NOT_AUTHENTICATED');
    const police = await server.login('politie');
    const hijack = connect(police, { origin: 'https://evil.example' });
    await new Promise<Error>((resolve) => hijack.on('connect_error', resolve));
    expect(hijack.connected).toBe(false);
  });

  // Who is present, their hands and the organisers' view of the consent rounds are for the meeting's participants
  // (art. 9.1): leaving a meeting one never joined tells nothing about it.
  it('answers a leave of a meeting not joined with a refusal, not with the meeting state', async () => {
    const police = connect(await server.login('politie'));
    expect(await call(police, 'meeting:join', { meetingId })).toMatchObject({ ok: true });
    for (const username of ['ggz', 'voorzitter']) {
      const outsider = connect(await server.login(username));
      const ack = await call(outsider, 'meeting:leave', { meetingId });
      expect(ack).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      expect(JSON.stringify(ack)).not.toContain('Politie');
      expect(ack).not.toHaveProperty('state');
      outsider.disconnect();
    }
    // A participant that joined leaves with the state as it is without it.
    const left = await call(police, 'meeting:leave', { meetingId });
    expect(left).toMatchObject({ ok: true });
    police.disconnect();
  });

  it('lets the chair open the meeting and move the agenda; members follow; attendance is recorded per item', async () => {
    const chair = connect(await server.login('voorzitter'));
    const police = connect(await server.login('politie'));
    const municipality = connect(await server.login('gemeente'));
    for (const socket of [chair, police, municipality])
      expect(await call(socket, 'meeting:join', { meetingId })).toMatchObject({ ok: true });

    const refused = await call(police, 'chair:open', { meetingId });
    expect(refused).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'only the chair controls the meeting', rule: 'art. 5' },
    });

    const opened = nextState(municipality, (s) => s.state === 'open');
    expect(await call(chair, 'chair:open', { meetingId })).toMatchObject({
      ok: true,
      state: { state: 'open' },
    });
    await opened;

    const followPolice = nextState(police, (s) => s.currentItemId === items[1]);
    const followMunicipality = nextState(municipality, (s) => s.currentItemId === items[1]);
    expect(await call(chair, 'chair:discuss', { meetingId, itemId: items[1]! })).toMatchObject({ ok: true });
    const seen = await followPolice;
    await followMunicipality;
    // The turn on the item runs from now on; no time was spent on any item before it.
    expect(seen.currentItemSince).toEqual(expect.any(String));
    expect(seen.discussedSeconds).toEqual({ [items[0]!]: 0, [items[1]!]: 0 });
    expect(seen.present.map((p) => p.name)).toEqual(['Anna de Vries', 'Carla Bakker', 'Dirk Visser']);

    const attendance = await server.database.db
      .select()
      .from(meetingAttendance)
      .where(eq(meetingAttendance.agendaItemId, items[1]!));
    expect(attendance).toHaveLength(3);
    expect(
      await server.database.db
        .select()
        .from(meetingAttendance)
        .where(and(eq(meetingAttendance.agendaItemId, items[0]!))),
    ).toEqual([]);

    const hand = nextState(chair, (s) =>
      s.present.some((p) => p.name === 'Dirk Visser' && p.handRaisedAt !== null),
    );
    await call(police, 'hand:raise', { meetingId, raised: true });
    await hand;

    const left = nextState(chair, (s) => !s.present.some((p) => p.name === 'Carla Bakker'));
    municipality.disconnect();
    await left;
  });

  it('tells everyone present at once when an item is added to the agenda', async () => {
    const police = connect(await server.login('politie'));
    const joined = await call(police, 'meeting:join', { meetingId });
    expect(joined.ok && joined.state.agendaItemIds).toEqual(items);
    const executor = await server.login('uitvoerder');
    const signal = await (await server.login('om')).post('/api/signals', newSubjectSignal('Control-C'));
    const updated = nextState(police, (s) => s.agendaItemIds.length === items.length + 1);
    const added = await executor.post(`/api/meetings/${meetingId}/agenda-items`, {
      weighingFileId: signal.body.weighingFileId,
    });
    expect(added.status).toBe(201);
    items = added.body.agenda.map((item: { id: string }) => item.id);
    expect((await updated).agendaItemIds).toEqual(items);
    police.disconnect();
  });

  it('keeps out who does not take part: a satellite cannot join a weegploeg', async () => {
    const satellite = connect(await server.login('ggz'));
    expect(await call(satellite, 'meeting:join', { meetingId })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await call(satellite, 'hand:raise', { meetingId, raised: true })).toMatchObject({ ok: false });
    expect(await call(satellite, 'meeting:join', { meetingId: 'not-a-uuid' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
  });

  it('closing freezes the meeting: document connections are fenced (4502), new ones are refused (4409 frozen)', async () => {
    const policeUser = await server.login('politie');
    const name = docName({ meetingId, itemId: items[0]!, compartment: 'analysis' });
    const url = `${server.url.replace('http', 'ws')}${YJS_PATH}/${name}`;
    const editor = new WebSocket(url, { headers: { cookie: policeUser.cookie! } });
    await new Promise((resolve) => editor.on('message', resolve));
    const editorClosed = new Promise<number>((resolve) => editor.on('close', resolve));

    const chair = connect(await server.login('voorzitter'));
    await call(chair, 'meeting:join', { meetingId });
    expect(await control.close(chair, meetingId)).toMatchObject({
      ok: true,
      state: { state: 'closed' },
    });
    expect(await editorClosed).toBe(CloseCode.Fenced);

    const late = new WebSocket(url, { headers: { cookie: policeUser.cookie! } });
    expect(await new Promise<number>((resolve) => late.on('close', resolve))).toBe(CloseCode.Frozen);
    const again = connect(policeUser);
    expect(await call(again, 'meeting:join', { meetingId })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
  });
});
