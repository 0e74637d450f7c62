import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingControlState } from '../../shared/index';
import { newWeighingItem, startTestServer, type TestServer } from '../testing/harness';
import { controlClients } from '../testing/live-clients';

const person = (state: MeetingControlState, name: string) => state.present.find((p) => p.name === name);

/** Raised hands as a queue over socket.io: the raise time orders them; the chair lowers one or gives the floor. */
describe('raised hands and the floor (socket.io)', () => {
  let server: TestServer;
  const control = controlClients(() => server);
  const { connect, call, nextState } = control;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    control.disconnectAll();
    await server.close();
  });

  it('keeps the time each hand went up; the chair gives the floor, which lowers that hand and moves the floor', async () => {
    const { meetingId } = await newWeighingItem(server, 'Hands-Queue');
    const chair = connect(await server.login('voorzitter'));
    const police = connect(await server.login('politie'));
    const municipality = connect(await server.login('gemeente'));
    for (const socket of [chair, police, municipality])
      expect(await call(socket, 'meeting:join', { meetingId })).toMatchObject({ ok: true });

    const raised = await call(police, 'hand:raise', { meetingId, raised: true });
    const policeAt = raised.ok ? person(raised.state, 'Dirk Visser')?.handRaisedAt : undefined;
    expect(policeAt).toEqual(expect.any(String));
    const both = await call(municipality, 'hand:raise', { meetingId, raised: true });
    // Raising again keeps the hand's place.
    const again = await call(police, 'hand:raise', { meetingId, raised: true });
    expect(again.ok && person(again.state, 'Dirk Visser')?.handRaisedAt).toBe(policeAt);
    const municipalityAt = both.ok ? person(both.state, 'Carla Bakker')?.handRaisedAt : undefined;
    expect(municipalityAt! >= policeAt!).toBe(true);

    // Only the chair takes hands (art. 5).
    const municipalityId = both.ok ? person(both.state, 'Carla Bakker')!.membershipId : '';
    expect(
      await call(police, 'chair:lower-hand', { meetingId, membershipId: municipalityId, floor: true }),
    ).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'only the chair controls the meeting', rule: 'art. 5' },
    });
    expect(
      await call(chair, 'chair:lower-hand', { meetingId, membershipId: municipalityId } as never),
    ).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'payload.floor' } });

    const policeSees = nextState(police, (s) => person(s, 'Carla Bakker')?.floorSince != null);
    const given = await call(chair, 'chair:lower-hand', {
      meetingId,
      membershipId: municipalityId,
      floor: true,
    });
    expect(given.ok && person(given.state, 'Carla Bakker')).toMatchObject({
      handRaisedAt: null,
      floorSince: expect.any(String),
    });
    expect(given.ok && person(given.state, 'Dirk Visser')).toMatchObject({
      handRaisedAt: policeAt,
      floorSince: null,
    });
    await policeSees;

    // The floor moves on: the one who had it loses it.
    const policeId = person(await policeSees, 'Dirk Visser')!.membershipId;
    const moved = await call(chair, 'chair:lower-hand', { meetingId, membershipId: policeId, floor: true });
    expect(moved.ok && moved.state.present.filter((p) => p.floorSince !== null).map((p) => p.name)).toEqual([
      'Dirk Visser',
    ]);
    expect(moved.ok && person(moved.state, 'Dirk Visser')?.handRaisedAt).toBeNull();

    // A participant lowers their own hand, in every tab.
    const secondTab = connect(await server.login('gemeente'));
    expect(await call(secondTab, 'meeting:join', { meetingId })).toMatchObject({ ok: true });
    await call(secondTab, 'hand:raise', { meetingId, raised: true });
    const lowered = await call(municipality, 'hand:raise', { meetingId, raised: false });
    expect(lowered.ok && person(lowered.state, 'Carla Bakker')?.handRaisedAt).toBeNull();
  });
});
