import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { memberships } from '../../db/schema/index';
import { CloseCode, NOTES_TEXT, docName, type Me } from '../../shared/index';
import { newWeighingItem, startTestServer, type TestClient, type TestServer } from '../testing/harness';
import { connectDoc, controlClients, until } from '../testing/live-clients';

/**
 * A change of someone's authorisation during a meeting takes effect on their open connections at once (art. 15:
 * granting, changing and revoking authorisations). The change itself is made by an administrator (lifecycle
 * issue); here it is made in the database, as that function will, followed by the same notification.
 */
describe('authorisation changes during a meeting', () => {
  let server: TestServer;
  let meetingId: string;
  let notes: string;
  let municipality: TestClient;
  let membershipId: string;
  const control = controlClients(() => server);

  beforeAll(async () => {
    server = await startTestServer();
    const item = await newWeighingItem(server, 'Rol-Subject');
    meetingId = item.meetingId;
    notes = docName({ meetingId, itemId: item.itemId, compartment: 'notes' });
    municipality = await server.login('gemeente');
    membershipId = (await municipality.get<{ me: Me }>('/api/session')).body.me.membershipId;
  });
  afterAll(async () => {
    control.disconnectAll();
    await server.close();
  });

  it('a new role applies to open documents at once: they reconnect and are authorised anew', async () => {
    const reader = connectDoc(server, municipality, notes);
    await until(() => reader.provider.synced, 'notes readable');
    const chair = connectDoc(server, await server.login('voorzitter'), notes);
    await until(() => chair.provider.synced, 'chair sync');

    // Made chair (technisch voorzitter) for this meeting: the notes become writable (art. 5).
    await server.database.db
      .update(memberships)
      .set({ role: 'chair' })
      .where(eq(memberships.id, membershipId));
    await server.app.events.publish({ type: 'membership.changed', membershipId });
    await until(() => reader.closed.code === CloseCode.Reauthorise, 'told to reconnect');
    await until(() => reader.provider.wsconnected && reader.provider.synced, 'reconnected');
    reader.doc.getText(NOTES_TEXT).insert(0, 'nu als voorzitter ');
    await until(
      () => chair.doc.getText(NOTES_TEXT).toJSON().startsWith('nu als voorzitter'),
      'write accepted',
    );
    reader.provider.destroy();
    chair.provider.destroy();
    await server.database.db
      .update(memberships)
      .set({ role: 'member' })
      .where(eq(memberships.id, membershipId));
  });

  it('a revoked membership loses its documents and its meeting socket at once', async () => {
    const reader = connectDoc(server, municipality, notes);
    await until(() => reader.provider.synced, 'notes readable');
    const socket = control.connect(municipality);
    expect(await control.call(socket, 'meeting:join', { meetingId })).toMatchObject({ ok: true });
    const told = new Promise<{ revoked: boolean }>((resolve) => socket.on('session:changed', resolve));
    const gone = new Promise<string>((resolve) => socket.on('disconnect', resolve));

    await server.database.db
      .update(memberships)
      .set({ revokedAt: new Date() })
      .where(eq(memberships.id, membershipId));
    await server.app.events.publish({ type: 'membership.changed', membershipId });

    expect(await told).toEqual({ revoked: true });
    expect(await gone).toBe('io server disconnect');
    // The document connection was closed; reconnecting finds no valid session behind the cookie any more.
    await until(() => reader.closed.code === CloseCode.NotAuthenticated, 'refused after revocation');
    expect((await municipality.get('/api/meetings')).status).toBe(401);
    reader.provider.destroy();
  });
});
