import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { memberships } from '../../db/schema/index';
import { CloseCode, NOTES_TEXT, docName, type Me } from '../../shared/index';
import {
  addWeighingItem,
  newWeighingItem,
  startTestServer,
  type TestClient,
  type TestServer,
} from '../testing/harness';
import { loadActor } from '../services/actors';
import { admitParticipant } from '../services/meeting-control/admissions';
import { connectDoc, controlClients, until } from '../testing/live-clients';
import { TEST_REDIS_URL, skipWithoutRedis } from '../testing/redis';
import { ownRedis } from '../testing/own-redis';

/**
 * Several instances on one PostgreSQL database and one Redis: a logout or a revocation on one instance ends the
 * open live connections on the other (art. 15.2d, art. 15), also when the other was cut off from Redis at that
 * moment (Redis pub/sub does not deliver what is published while a subscriber is away: it re-checks on return).
 */
const DATABASE_URL = process.env.DATABASE_URL;
const SHARED_REDIS = TEST_REDIS_URL;

type Doc = ReturnType<typeof connectDoc>;

const within = <T>(promise: Promise<T>, what: string, ms = 10_000) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms),
    ),
  ]);

/** Two instances on one database, sharing a Redis and an event channel of their own. */
async function twoInstances(redisUrl: string): Promise<[TestServer, TestServer]> {
  const eventsChannel = `casustafel:test:${randomUUID()}`;
  const env = { REDIS_URL: redisUrl, DATABASE_URL: DATABASE_URL! };
  const a = await startTestServer(env, undefined, { eventsChannel });
  const b = await startTestServer(env, undefined, { eventsChannel, sharing: a });
  return [a, b];
}

describe.skipIf(!DATABASE_URL || (await skipWithoutRedis()))(
  'domain events across instances',
  { timeout: 90_000 },
  () => {
    let a: TestServer;
    let b: TestServer;
    let meetingId: string;
    let notes: string;
    let docs: Doc[] = [];
    const controlOnB = controlClients(() => b);

    beforeAll(async () => {
      [a, b] = await twoInstances(SHARED_REDIS);
      const item = await newWeighingItem(a, 'Instantie-Subject');
      meetingId = item.meetingId;
      notes = docName({ meetingId, itemId: item.itemId, compartment: 'notes' });
    });
    afterEach(() => {
      for (const doc of docs) doc.provider.destroy();
      docs = [];
      controlOnB.disconnectAll();
    });
    afterAll(async () => {
      await b.close();
      await a.close();
    });

    /** The municipality, logged in on A, has its document and meeting socket open on B. */
    async function liveOnB(municipality: TestClient) {
      const doc = connectDoc(b, municipality, notes);
      docs.push(doc);
      await until(() => doc.provider.synced, 'notes readable on B');
      const socket = controlOnB.connect(municipality);
      expect(await controlOnB.call(socket, 'meeting:join', { meetingId })).toMatchObject({ ok: true });
      const ended = new Promise<{ reason: string }>((resolve) => socket.on('session:ended', resolve));
      const changed = new Promise<{ revoked: boolean }>((resolve) => socket.on('session:changed', resolve));
      const gone = new Promise<string>((resolve) => socket.on('disconnect', resolve));
      return { doc, ended, changed, gone };
    }

    it('a logout on A closes the live connections of that session on B', async () => {
      const municipality = await a.login('gemeente');
      const live = await liveOnB(municipality);

      expect((await municipality.request('DELETE', '/api/session')).status).toBe(204);
      expect(await within(live.ended, 'session:ended on B')).toEqual({ reason: 'logout' });
      expect(await within(live.gone, 'disconnect on B')).toBe('io server disconnect');
      await until(() => live.doc.closed.codes.length > 0, 'document on B closed');
      expect(live.doc.closed.codes[0]).toBe(CloseCode.NotAuthenticated);
    });

    it('a revocation by the administrator on A disconnects the user on B', async () => {
      const municipality = await a.login('gemeente');
      const { membershipId } = (await municipality.get<{ me: Me }>('/api/session')).body.me;
      const live = await liveOnB(municipality);

      const admin = await a.login('beheerder');
      expect((await admin.post(`/api/authorisations/${membershipId}/revoke`)).status).toBe(200);
      expect(await within(live.changed, 'session:changed on B')).toEqual({ revoked: true });
      expect(await within(live.gone, 'disconnect on B')).toBe('io server disconnect');
      await until(() => live.doc.closed.codes.includes(CloseCode.Reauthorise), 'document on B closed');
      // Coming back finds no valid session behind the cookie, on either instance.
      await until(() => live.doc.closed.codes.includes(CloseCode.NotAuthenticated), 'refused on B');
      expect((await municipality.get('/api/meetings')).status).toBe(401);
    });

    // Art. 15: at once, also for a connection that B was deciding when the revocation on A reached it.
    it('a revocation on A that reaches B while B decides a handshake closes that connection before it is sent anything', async () => {
      const prosecutor = await a.login('om');
      const { membershipId } = (await prosecutor.get<{ me: Me }>('/api/session')).body.me;
      const admin = await a.login('beheerder');
      const registry = b.app.live.registry;
      const open = registry.open.bind(registry);
      // B has read the session and decided; the revocation is made on A, and B has received its event.
      const spy = vi.spyOn(registry, 'open').mockImplementationOnce(async (name) => {
        const seen = b.app.events.accessChanges;
        expect((await admin.post(`/api/authorisations/${membershipId}/revoke`)).status).toBe(200);
        await until(() => b.app.events.accessChanges !== seen, 'the revocation received on B');
        return open(name);
      });
      const doc = connectDoc(b, prosecutor, notes);
      docs.push(doc);
      await until(
        () => doc.closed.codes.includes(CloseCode.NotAuthenticated),
        'refused on B on reconnecting',
      );
      spy.mockRestore();
      expect(doc.closed.codes[0]).toBe(CloseCode.Reauthorise);
      expect(doc.provider.synced).toBe(false);
      expect(doc.doc.getText(NOTES_TEXT).toJSON()).toBe('');
    });
  },
);

describe.skipIf(!DATABASE_URL || (await skipWithoutRedis()))(
  'an instance cut off from Redis',
  { timeout: 90_000 },
  () => {
    let redis: Awaited<ReturnType<typeof ownRedis>>;
    let a: TestServer;
    let b: TestServer;
    const controlOnB = controlClients(() => b);

    beforeAll(async () => {
      redis = await ownRedis();
      [a, b] = await twoInstances(redis.url);
    });
    afterAll(async () => {
      controlOnB.disconnectAll();
      await b?.close();
      await a?.close();
      await redis.down();
      await redis.remove();
    });

    it('re-checks its open connections when it is back: a session ended meanwhile is closed', async () => {
      const { meetingId, itemId } = await newWeighingItem(a, 'Afgesneden-Subject');
      const municipality = await a.login('gemeente');
      const doc = connectDoc(b, municipality, docName({ meetingId, itemId, compartment: 'notes' }));
      try {
        await until(() => doc.provider.synced, 'notes readable on B');

        await redis.down();
        // A acts at once and answers; the event does not reach B, and nothing tells B it was missed.
        expect((await municipality.request('DELETE', '/api/session')).status).toBe(204);
        expect(doc.closed.codes).toEqual([]);

        await redis.up();
        await until(() => doc.closed.codes.length > 0, 'document on B closed after the re-check', 20_000);
        expect(doc.closed.codes[0]).toBe(CloseCode.NotAuthenticated);
      } finally {
        doc.provider.destroy();
      }
    });

    // A withdrawn admission stops at once (art. 9.1, 10.5; art. 15): also on an instance that missed its event.
    it('an admission withdrawn meanwhile closes the documents of that item there when it is back', async () => {
      const { meetingId, itemId: first } = await newWeighingItem(a, 'Toegelaten-Subject');
      const second = await addWeighingItem(a, meetingId, 'Tweede-Subject');
      const municipality = await a.login('gemeente');
      const { membershipId } = (await municipality.get<{ me: Me }>('/api/session')).body.me;
      const chair = await a.login('voorzitter');
      const chairActor = (await loadActor(
        a.app.db,
        (await chair.get<{ me: Me }>('/api/session')).body.me.membershipId,
      ))!;
      const doc = connectDoc(b, municipality, docName({ meetingId, itemId: second, compartment: 'notes' }));
      try {
        await until(() => doc.provider.synced, 'notes of the second item readable on B');

        await redis.down();
        // The chair narrows the municipality to the first item; the event does not reach B.
        await admitParticipant(
          a.app.db,
          a.app.events,
          { actor: chairActor, origin: { ip: '192.0.2.1', userAgent: 'test' } },
          meetingId,
          membershipId,
          [first],
          [],
        );
        expect(doc.closed.codes).toEqual([]);

        await redis.up();
        await until(() => doc.closed.codes.length > 0, 'document on B closed after the re-check', 20_000);
        expect(doc.closed.codes[0]).toBe(CloseCode.Forbidden);
      } finally {
        doc.provider.destroy();
      }
    });

    it('a membership revoked meanwhile loses its documents and meeting socket there when it is back', async () => {
      const { meetingId, itemId } = await newWeighingItem(a, 'Ingetrokken-Subject');
      const municipality = await a.login('gemeente');
      const { membershipId } = (await municipality.get<{ me: Me }>('/api/session')).body.me;
      const doc = connectDoc(b, municipality, docName({ meetingId, itemId, compartment: 'notes' }));
      try {
        await until(() => doc.provider.synced, 'notes readable on B');
        const socket = controlOnB.connect(municipality);
        expect(await controlOnB.call(socket, 'meeting:join', { meetingId })).toMatchObject({ ok: true });
        const changed = new Promise<{ revoked: boolean }>((resolve) => socket.on('session:changed', resolve));
        const gone = new Promise<string>((resolve) => socket.on('disconnect', resolve));

        await redis.down();
        // Only the membership, not the session: what B finds on return is the revocation itself.
        await a.database.db
          .update(memberships)
          .set({ revokedAt: new Date() })
          .where(eq(memberships.id, membershipId));
        await a.app.events.publish({ type: 'membership.changed', membershipId });
        expect(doc.closed.codes).toEqual([]);

        await redis.up();
        expect(await within(changed, 'session:changed on B', 20_000)).toEqual({ revoked: true });
        expect(await within(gone, 'disconnect on B')).toBe('io server disconnect');
        await until(() => doc.closed.codes.includes(CloseCode.Reauthorise), 'document on B closed', 20_000);
      } finally {
        doc.provider.destroy();
      }
    });
  },
);
