import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CloseCode,
  LAWFUL_SHARING_DEFAULTS,
  docName,
  type CovenantView,
  type MeetingControlState,
  type Me,
} from '../../../shared/index';
import { newCaseFile, newWeighingItem, startTestServer, type TestServer } from '../../testing/harness';
import { connectDoc, controlClients, rawAttempt, until } from '../../testing/live-clients';
import { ownRedis } from '../../testing/own-redis';
import { TEST_REDIS_URL, skipWithoutRedis } from '../../testing/redis';

const DATABASE_URL = process.env.DATABASE_URL;

/** Two instances on one database, sharing a Redis and channels of their own. */
async function twoInstances(redisUrl: string): Promise<[TestServer, TestServer]> {
  const eventsChannel = `casustafel:test:${randomUUID()}`;
  // Demo mode: the demo accounts log in with the password alone on either instance.
  const env = { REDIS_URL: redisUrl, DATABASE_URL: DATABASE_URL!, DEMO: '1' };
  const a = await startTestServer(env, undefined, { eventsChannel });
  const b = await startTestServer(env, undefined, { eventsChannel, sharing: a });
  return [a, b];
}

/**
 * Meeting control across instances (the socket.io Redis adapter): participants on different instances see each
 * other's presence, raised hands and the chair's moves. And an instance cut off from Redis fails closed: it
 * closes its live connections with 4503 ("reconnect, possibly elsewhere") and refuses new ones until the link is
 * back, since it could no longer follow revocations made on other instances.
 */
describe.skipIf(!DATABASE_URL || (await skipWithoutRedis()))(
  'meeting control across instances',
  { timeout: 90_000 },
  () => {
    let a: TestServer;
    let b: TestServer;
    const onA = controlClients(() => a);
    const onB = controlClients(() => b);
    beforeAll(async () => {
      [a, b] = await twoInstances(TEST_REDIS_URL);
    });
    afterAll(async () => {
      onA.disconnectAll();
      onB.disconnectAll();
      await b?.close();
      await a?.close();
    });

    it('shows presence, raised hands and the current item of the chair on both instances', async () => {
      const { meetingId, itemId } = await newWeighingItem(a, 'Instanties-Controle');
      const chair = onA.connect(await a.login('voorzitter'));
      const police = onB.connect(await b.login('politie'));
      expect(await onA.call(chair, 'meeting:join', { meetingId })).toMatchObject({ ok: true });
      const policeSeesChair = onB.nextState(police, (s) => s.present.some((p) => p.role === 'chair'));
      expect(await onB.call(police, 'meeting:join', { meetingId })).toMatchObject({ ok: true });
      await policeSeesChair;
      // The hand goes up on B; the chair on A sees it in the queue.
      const chairSeesHand = onA.nextState(chair, (s: MeetingControlState) =>
        s.present.some((p) => p.organisation.includes('Politie') && p.handRaisedAt !== null),
      );
      expect(await onB.call(police, 'hand:raise', { meetingId, raised: true })).toMatchObject({ ok: true });
      await chairSeesHand;
      // The chair opens the meeting and discusses the item on A; the police on B follow.
      const policeFollows = onB.nextState(police, (s) => s.state === 'open' && s.currentItemId === itemId);
      expect(await onA.call(chair, 'chair:open', { meetingId })).toMatchObject({ ok: true });
      expect(await onA.call(chair, 'chair:discuss', { meetingId, itemId })).toMatchObject({ ok: true });
      await policeFollows;
    });

    it('withdrawing an admission with the chair on A closes that item on B at once', async () => {
      const caseA = await newCaseFile(a, 'Instanties-Toegang-A', ['municipality', 'police']);
      const caseB = await newCaseFile(a, 'Instanties-Toegang-B', ['municipality', 'police']);
      const executor = await a.login('uitvoerder');
      const meeting = await executor.post('/api/meetings', {
        kind: 'case',
        title: 'Casusoverleg',
        scheduledAt: '2026-12-02T09:00:00Z',
      });
      const meetingId = meeting.body.id as string;
      await executor.post(`/api/meetings/${meetingId}/agenda-items`, { caseFileId: caseA });
      const detail = await executor.post(`/api/meetings/${meetingId}/agenda-items`, { caseFileId: caseB });
      const [itemA, itemB] = (detail.body.agenda as { id: string }[]).map((item) => item.id);
      const municipality = await b.login('gemeente');
      const membershipId = (await municipality.get<{ me: Me }>('/api/session')).body.me.membershipId;
      const open = connectDoc(
        b,
        municipality,
        docName({ meetingId, itemId: itemB!, compartment: 'analysis' }),
      );
      await until(() => open.provider.synced, 'item B open on B');
      const chair = onA.connect(await a.login('voorzitter'));
      expect(await onA.call(chair, 'meeting:join', { meetingId })).toMatchObject({ ok: true });
      expect(
        await onA.call(chair, 'chair:admit', { meetingId, membershipId, items: [itemA!] }),
      ).toMatchObject({ ok: true });
      await until(() => open.closed.code === CloseCode.Forbidden, 'the withdrawn item closed on B');
      open.provider.destroy();
    });

    it('revoking a disclosure on A closes the document of the partner on B at once (art. 10.5)', async () => {
      const caseFileId = await newCaseFile(a, 'Instanties-Verstrekking', [
        'municipality',
        'police',
        'mental_health',
      ]);
      const executor = await a.login('uitvoerder');
      const meeting = await executor.post('/api/meetings', {
        kind: 'case',
        title: 'Casusoverleg',
        scheduledAt: '2026-12-02T09:00:00Z',
      });
      const meetingId = meeting.body.id as string;
      const detail = await executor.post(`/api/meetings/${meetingId}/agenda-items`, { caseFileId });
      const itemId = (detail.body.agenda as { id: string }[])[0]!.id;
      const covenant = (await executor.get<CovenantView>('/api/covenant')).body;
      const ggzParty = covenant.parties.find((p) => p.organisationType === 'mental_health')!.id;
      const police = await a.login('politie');
      const proposed = await police.post(`/api/case-files/${caseFileId}/disclosures`, {
        compartment: 'analysis',
        recipientPartyId: ggzParty,
        ...LAWFUL_SHARING_DEFAULTS,
        necessity: 'GGZ heeft de analyse nodig voor de behandeling',
        dataKind: 'analyse',
        care: 'alleen voor de behandelaar',
      });
      expect(proposed.status).toBe(201);
      const consented = await (
        await a.login('voorzitter')
      ).post(`/api/case-files/${caseFileId}/disclosures/${proposed.body.id}/decision`, {
        decision: 'consent',
      });
      expect(consented.body.state).toBe('active');
      // The partner reads the disclosed field on B.
      const satellite = connectDoc(
        b,
        await b.login('ggz'),
        docName({ meetingId, itemId, compartment: 'analysis' }),
      );
      await until(() => satellite.provider.synced, 'the partner reads on B');
      const revoked = await police.post(
        `/api/case-files/${caseFileId}/disclosures/${proposed.body.id}/revoke`,
      );
      expect(revoked.status).toBe(200);
      await until(() => satellite.closed.code === CloseCode.Forbidden, 'the partner closed on B');
      satellite.provider.destroy();
    });
  },
);

describe.skipIf(!DATABASE_URL || (await skipWithoutRedis()))(
  'an instance cut off from Redis fails closed',
  { timeout: 90_000 },
  () => {
    let redis: Awaited<ReturnType<typeof ownRedis>>;
    let a: TestServer;
    let b: TestServer;
    const onB = controlClients(() => b);
    beforeAll(async () => {
      redis = await ownRedis();
      [a, b] = await twoInstances(redis.url);
    });
    afterAll(async () => {
      onB.disconnectAll();
      await b?.close();
      await a?.close();
      await redis.down();
      await redis.remove();
    });

    it('closes its live connections with 4503, refuses new ones while cut off, and takes them again after', async () => {
      const { meetingId, itemId } = await newWeighingItem(a, 'Afgesneden-Subject');
      const police = await b.login('politie');
      const name = docName({ meetingId, itemId, compartment: 'analysis' });
      const doc = connectDoc(b, police, name);
      await until(() => doc.provider.synced, 'document open on B');
      doc.doc.getText('analysis').insert(0, 'voor de storing; ');
      await until(() => doc.provider.synced, 'sync');
      await b.app.live.store.drain();
      const socket = onB.connect(police);
      expect(await onB.call(socket, 'meeting:join', { meetingId })).toMatchObject({ ok: true });
      const disconnected = new Promise<string>((resolve) => socket.on('disconnect', resolve));

      await redis.down();
      await until(
        () => doc.closed.codes.includes(CloseCode.ShuttingDown),
        'the document closed (4503)',
        10_000,
      );
      expect(await disconnected).toBe('io server disconnect');
      doc.provider.destroy();
      // While cut off: a new document connection is refused with the same code, and health says why.
      expect((await rawAttempt(b, name, { cookie: police.cookie! })).code).toBe(CloseCode.ShuttingDown);
      const health = await b.app.inject({ method: 'GET', url: '/api/health' });
      expect(health.statusCode).toBe(503);

      const restored = new Promise<void>((resolve) =>
        b.app.events.onStatus((s) => s === 'restored' && resolve()),
      );
      await redis.up();
      await restored;
      const again = connectDoc(b, police, name);
      await until(() => again.provider.synced, 'the document opens again on B');
      // Nothing acknowledged before the outage was lost.
      expect(again.doc.getText('analysis').toJSON()).toContain('voor de storing');
      again.provider.destroy();
    });
  },
);
