import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode, docName } from '../../shared/index';
import { newWeighingItem, startTestServer, type TestServer } from '../testing/harness';
import { connectDoc, controlClients, until } from '../testing/live-clients';

/**
 * A read-only participant's reconnection is not a write. The stock y-websocket client answers the server's sync
 * step 1 with its whole delete set, so reconnecting to a document with any deletion sends an update that tells the
 * server nothing new: it must be accepted silently, while a real write stays refused (4403).
 */
describe('read-only connections', () => {
  let server: TestServer;
  const control = controlClients(() => server);
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    control.disconnectAll();
    await server.close();
  });

  it('lets a member reconnect to the agenda after the chair removed values, and still refuses its writes', async () => {
    const { meetingId, itemId } = await newWeighingItem(server, 'ReadOnly-Subject');
    const chairSocket = control.connect(await server.login('voorzitter'));
    await control.call(chairSocket, 'meeting:join', { meetingId });
    await control.call(chairSocket, 'chair:open', { meetingId });
    const name = docName({ meetingId, itemId: null, compartment: 'agenda' });
    const chair = connectDoc(server, await server.login('voorzitter'), name);
    await until(() => chair.provider.synced, 'chair sync');
    const entry = chair.doc.getMap(`item/${itemId}`);
    entry.set('status', 'discussing');
    entry.set('status', 'done'); // overwriting a map key deletes the old value
    entry.set('minutes', 20);
    entry.delete('minutes'); // and a value removed

    const member = connectDoc(server, await server.login('politie'), name);
    await until(() => member.doc.getMap(`item/${itemId}`).get('status') === 'done', 'member sees the agenda');
    member.provider.disconnect();
    member.provider.connect();
    await until(() => member.provider.wsconnected && member.provider.synced, 'member reconnected');
    // Reconnecting again, after another deletion by the chair.
    entry.set('status', 'discussing');
    await until(() => member.doc.getMap(`item/${itemId}`).get('status') === 'discussing', 'member follows');
    member.provider.disconnect();
    member.provider.connect();
    await until(() => member.provider.wsconnected && member.provider.synced, 'member reconnected again');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(member.closed.codes).not.toContain(CloseCode.Forbidden);

    // A real write is still refused and never applied.
    member.doc.getMap(`item/${itemId}`).set('status', 'forged');
    await until(() => member.closed.codes.includes(CloseCode.Forbidden), 'write refused');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(chair.doc.getMap(`item/${itemId}`).get('status')).toBe('discussing');
    member.provider.destroy();
    chair.provider.destroy();
  });
});
