import { afterEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../db/schema/index';
import { CloseCode, NOTES_TEXT, docName } from '../../shared/index';
import {
  TEST_PASSWORD,
  newWeighingItem,
  startTestServer,
  type TestClient,
  type TestServer,
} from '../testing/harness';
import { connectDoc, controlClients, until, type ControlClient } from '../testing/live-clients';

/**
 * The end of a session ends its live connections (art. 15.2d: logical access control): after logout, idle or
 * absolute expiry, no edit of another participant reaches the old connections, and nothing sent over them is
 * stored. Each case runs its own server, as the timeouts are configuration.
 */
type Doc = ReturnType<typeof connectDoc>;

const within = <T>(promise: Promise<T>, what: string, ms = 10_000) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms),
    ),
  ]);

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > 10_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const CANARY = 'NA-AFLOOP-KANARIE';

// Each test starts a server of its own (the timeouts are configuration), which takes a while on a busy machine.
describe('the end of a session ends its live connections', { timeout: 90_000 }, () => {
  let server: TestServer;
  let docs: Doc[] = [];
  const control = controlClients(() => server);

  afterEach(async () => {
    for (const doc of docs) doc.provider.destroy();
    docs = [];
    control.disconnectAll();
    await server.close();
  });

  async function setUp(env: Record<string, string> = {}) {
    server = await startTestServer(env);
    const item = await newWeighingItem(server, 'Sessie-Subject');
    return {
      meetingId: item.meetingId,
      notes: docName({ meetingId: item.meetingId, itemId: item.itemId, compartment: 'notes' }),
    };
  }

  const open = (user: TestClient, notes: string) => {
    const doc = connectDoc(server, user, notes);
    docs.push(doc);
    return doc;
  };

  /** The municipality's document and meeting socket, both working: a chair's edit arrives. */
  async function openLive(user: TestClient, meetingId: string, notes: string) {
    const doc = open(user, notes);
    await until(() => doc.provider.synced, 'notes readable');
    const socket: ControlClient = control.connect(user);
    expect(await control.call(socket, 'meeting:join', { meetingId })).toMatchObject({ ok: true });
    const ended = new Promise<{ reason: string }>((resolve) => socket.on('session:ended', resolve));
    const gone = new Promise<string>((resolve) => socket.on('disconnect', resolve));
    return { doc, socket, ended, gone };
  }

  async function expectEnded(live: Awaited<ReturnType<typeof openLive>>, reason: string) {
    expect(await within(live.ended, 'session:ended')).toEqual({ reason });
    expect(await within(live.gone, 'disconnect')).toBe('io server disconnect');
    await until(() => live.doc.closed.codes.length > 0, 'document closed');
    expect(live.doc.closed.codes[0]).toBe(CloseCode.NotAuthenticated);
    expect(live.doc.closed.reasons[0]).toBe('session ended');
  }

  /** Whether the canary is stored: read through the store (the rows are sealed with the file's key). */
  const storedCanary = async (notes: string) => {
    await server.app.live.store.drain();
    const stored = await server.app.live.store.loadDocument(notes);
    return stored?.doc.getText(NOTES_TEXT).toJSON().includes(CANARY) ?? false;
  };

  /** A chair writes the canary, stored; it must not reach the ended connection. */
  async function expectNoFurtherEdits(reader: Doc, chair: TestClient, notes: string) {
    const writer = open(chair, notes);
    await until(() => writer.provider.synced, 'chair sync');
    writer.doc.getText(NOTES_TEXT).insert(0, CANARY);
    await eventually(() => storedCanary(notes), 'canary stored');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(reader.doc.getText(NOTES_TEXT).toJSON()).not.toContain(CANARY);
  }

  it('logout', async () => {
    const { meetingId, notes } = await setUp();
    const municipality = await server.login('gemeente');
    const chair = await server.login('voorzitter');
    const live = await openLive(municipality, meetingId, notes);
    const before = open(chair, notes);
    await until(() => before.provider.synced, 'chair sync');
    before.doc.getText(NOTES_TEXT).insert(0, 'voor het afmelden ');
    await until(
      () => live.doc.doc.getText(NOTES_TEXT).toJSON().includes('voor het afmelden'),
      'edit arrives',
    );

    expect((await municipality.request('DELETE', '/api/session')).status).toBe(204);
    await expectEnded(live, 'logout');
    await expectNoFurtherEdits(live.doc, chair, notes);
  });

  it('a password change: the other sessions of the account end, the one that changed it stays', async () => {
    const { meetingId, notes } = await setUp();
    // Someone else holds the account in another browser; its owner changes the password in this one.
    const elsewhere = await server.login('gemeente');
    const here = await server.login('gemeente');
    const live = await openLive(elsewhere, meetingId, notes);
    const mine = open(here, notes);
    await until(() => mine.provider.synced, 'own notes readable');

    const changed = await here.post('/api/session/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'een-nieuw-wachtwoord-2026',
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ endedSessions: 1 });
    await expectEnded(live, 'password-changed');
    expect((await elsewhere.get('/api/session')).status).toBe(401);
    expect((await here.get('/api/session')).status).toBe(200);
    await expectNoFurtherEdits(live.doc, await server.login('voorzitter'), notes);
    expect(mine.closed.codes).toEqual([]);
    expect(mine.doc.getText(NOTES_TEXT).toJSON()).toContain(CANARY);
  });

  it('ended by its owner from another session: that one stays', async () => {
    const { meetingId, notes } = await setUp();
    const elsewhere = await server.login('gemeente');
    const here = await server.login('gemeente');
    const live = await openLive(elsewhere, meetingId, notes);
    const list = await here.get<{ sessions: { id: string; current: boolean }[] }>('/api/sessions');
    const other = list.body.sessions.find((session) => !session.current)!;

    expect((await here.request('DELETE', `/api/sessions/${other.id}`)).status).toBe(204);
    await expectEnded(live, 'ended-by-owner');
    expect((await elsewhere.get('/api/session')).status).toBe(401);
    expect((await here.get('/api/session')).status).toBe(200);
    await expectNoFurtherEdits(live.doc, await server.login('voorzitter'), notes);
  });

  it('ended by the administrator: every session of the user', async () => {
    const { meetingId, notes } = await setUp();
    const municipality = await server.login('gemeente');
    const live = await openLive(municipality, meetingId, notes);
    const admin = await server.login('beheerder');
    const list = await admin.get<{ authorisations: { username: string; membershipId: string }[] }>(
      '/api/authorisations',
    );
    const id = list.body.authorisations.find((a) => a.username === 'gemeente')!.membershipId;

    expect((await admin.post(`/api/authorisations/${id}/sessions/end`, {})).status).toBe(200);
    await expectEnded(live, 'ended-by-administrator');
    expect((await municipality.get('/api/session')).status).toBe(401);
    await expectNoFurtherEdits(live.doc, await server.login('voorzitter'), notes);
  });

  it('idle expiry (SESSION_IDLE_MINUTES)', async () => {
    const { meetingId, notes } = await setUp({ SESSION_IDLE_MINUTES: '0.1' });
    const live = await openLive(await server.login('gemeente'), meetingId, notes);
    await expectEnded(live, 'idle');
    await expectNoFurtherEdits(live.doc, await server.login('voorzitter'), notes);
  });

  it('absolute expiry (SESSION_MAX_HOURS)', async () => {
    const { meetingId, notes } = await setUp({ SESSION_MAX_HOURS: '0.002' });
    const live = await openLive(await server.login('gemeente'), meetingId, notes);
    await expectEnded(live, 'expired');
    await expectNoFurtherEdits(live.doc, await server.login('voorzitter'), notes);
  });

  it('live activity counts as activity: a participant who keeps writing does not go idle', async () => {
    const { notes } = await setUp({ SESSION_IDLE_MINUTES: '0.1' });
    const chair = open(await server.login('voorzitter'), notes);
    await until(() => chair.provider.synced, 'chair sync');
    // Writing for twice the idle time, without any REST request.
    const start = Date.now();
    while (Date.now() - start < 12_000) {
      chair.doc.getText(NOTES_TEXT).insert(0, '.');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(chair.closed.codes).toEqual([]);
  });

  it('a write racing in after the session ended is refused, not stored, and audited as denied', async () => {
    const { notes } = await setUp();
    const chair = await server.login('voorzitter');
    const reader = open(await server.login('gemeente'), notes);
    await until(() => reader.provider.synced, 'reader sync');
    // The close is still on its way (or sent by another instance): only the write path's own check remains.
    const watch = server.app.sessionWatch;
    const realWatch = watch.watch.bind(watch);
    watch.watch = (session) => realWatch(session, () => undefined);
    const writer = open(chair, notes);
    await until(() => writer.provider.synced, 'chair sync');
    watch.watch = realWatch;

    expect((await chair.request('DELETE', '/api/session')).status).toBe(204);
    writer.doc.getText(NOTES_TEXT).insert(0, CANARY);
    await until(() => writer.closed.codes.length > 0, 'writer refused');
    expect(writer.closed.codes[0]).toBe(CloseCode.NotAuthenticated);
    expect(await storedCanary(notes)).toBe(false);
    expect(reader.doc.getText(NOTES_TEXT).toJSON()).not.toContain(CANARY);
    // Audited after the refusal, asynchronously.
    await eventually(async () => {
      const denied = await server.database.db
        .select()
        .from(auditLog)
        .where(
          and(eq(auditLog.objectId, notes), eq(auditLog.action, 'update'), eq(auditLog.result, 'denied')),
        );
      return denied.some((row) => row.rule === 'art. 15.2d: session ended');
    }, 'denied write audited');
  });
});
