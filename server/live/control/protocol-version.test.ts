import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVE_PROTOCOL_VERSION } from '../../../shared/index';
import { newWeighingItem, startTestServer, type TestServer } from '../../testing/harness';
import { controlClients, type ControlClient } from '../../testing/live-clients';

/** The refusal of a handshake: its code (the message) and the human message that comes with it. */
const refusalOf = (socket: ControlClient) =>
  new Promise<{ code: string; message: string } | 'connected'>((resolve) => {
    socket.on('connect', () => resolve('connected'));
    socket.on('connect_error', (error: Error & { data?: { code: string; message: string } }) =>
      resolve({ code: error.message, message: error.data?.message ?? '' }),
    );
  });

/** The live protocol version is checked at the handshake: a page of another version must reload. */
describe('live protocol version of the control socket', () => {
  let server: TestServer;
  let meetingId: string;
  const control = controlClients(() => server);

  beforeAll(async () => {
    server = await startTestServer();
    meetingId = (await newWeighingItem(server, 'Version-Subject')).meetingId;
  });
  afterAll(async () => {
    control.disconnectAll();
    await server.close();
  });

  it('refuses a client of another version, or one that names none, with PROTOCOL_MISMATCH and a message', async () => {
    const police = await server.login('politie');
    const newer = await refusalOf(
      control.connect(police, {}, { protocolVersion: LIVE_PROTOCOL_VERSION + 1 }),
    );
    expect(newer).toEqual({
      code: 'PROTOCOL_MISMATCH',
      message: expect.stringContaining(`version ${LIVE_PROTOCOL_VERSION + 1}`),
    });
    expect(await refusalOf(control.connect(police, {}, {}))).toMatchObject({ code: 'PROTOCOL_MISMATCH' });
    expect(await refusalOf(control.connect(police, {}, { protocolVersion: '1' }))).toMatchObject({
      code: 'PROTOCOL_MISMATCH',
    });
    // Checked before the session: an anonymous client of another version hears the same.
    expect(await refusalOf(control.connect(null, {}, { protocolVersion: 0 }))).toMatchObject({
      code: 'PROTOCOL_MISMATCH',
    });
  });

  it('lets a client of this version in, and its events through', async () => {
    const socket = control.connect(await server.login('politie'));
    expect(await refusalOf(socket)).toBe('connected');
    expect(await control.call(socket, 'meeting:join', { meetingId })).toMatchObject({
      ok: true,
      state: { protocolVersion: LIVE_PROTOCOL_VERSION },
    });
  });
});
