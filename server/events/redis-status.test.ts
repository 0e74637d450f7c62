import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { BusStatus } from './bus';
import { RedisBus } from './redis-bus';
import { skipWithoutRedis } from '../testing/redis';
import { ownRedis } from '../testing/own-redis';
import { startTestServer, type TestServer } from '../testing/harness';

/**
 * An instance cut off from Redis cannot know whether a revocation passed it by: it must notice within a bounded
 * time (a closed link at once, a silent one by PING) and say so, so the live transports can fail closed.
 */
describe.skipIf(await skipWithoutRedis())('the link to Redis, watched', { timeout: 60_000 }, () => {
  let redis: Awaited<ReturnType<typeof ownRedis>>;
  beforeAll(async () => {
    redis = await ownRedis();
  });
  afterAll(async () => {
    await redis.down();
    await redis.remove();
  });

  it('turns isolated when Redis stops, and restored after it is back and re-checked', async () => {
    const quiet = { error: () => undefined, warn: () => undefined };
    const bus = new RedisBus({
      url: redis.url,
      channel: `casustafel:test:${randomUUID()}`,
      onError: () => undefined,
      log: quiet,
      isolateAfterMs: 200,
      pingEveryMs: 100,
    });
    const seen: (BusStatus | 'resync')[] = [];
    bus.onStatus((status) => seen.push(status));
    bus.onResync(() => {
      seen.push('resync');
    });
    await bus.start();
    try {
      expect(bus.connected).toBe(true);
      const isolated = new Promise<void>((resolve) => bus.onStatus((s) => s === 'isolated' && resolve()));
      await redis.down();
      await isolated;
      expect(bus.connected).toBe(false);

      const restored = new Promise<void>((resolve) => bus.onStatus((s) => s === 'restored' && resolve()));
      await redis.up();
      await restored;
      expect(bus.connected).toBe(true);
      // The re-check ran before accepting again.
      expect(seen.slice(seen.indexOf('isolated'))).toEqual(['isolated', 'resync', 'restored']);
    } finally {
      await bus.close();
    }
  });
});

const DATABASE_URL = process.env.DATABASE_URL;

describe.skipIf(!DATABASE_URL || (await skipWithoutRedis()))(
  'health with several instances',
  { timeout: 60_000 },
  () => {
    let redis: Awaited<ReturnType<typeof ownRedis>>;
    let server: TestServer;
    beforeAll(async () => {
      redis = await ownRedis();
      server = await startTestServer({ REDIS_URL: redis.url, DATABASE_URL: DATABASE_URL! }, undefined, {
        eventsChannel: `casustafel:test:${randomUUID()}`,
      });
    });
    afterAll(async () => {
      await server?.close();
      await redis.down();
      await redis.remove();
    });

    it('reports Redis per dependency: up, down (503) and up again, without a connection string', async () => {
      const health = async () => {
        const response = await server.app.inject({ method: 'GET', url: '/api/health' });
        return { status: response.statusCode, body: response.body };
      };
      let now = await health();
      expect(now.status).toBe(200);
      expect(JSON.parse(now.body)).toMatchObject({ dependencies: { database: 'up', redis: 'up' } });

      const isolated = new Promise<void>((resolve) =>
        server.app.events.onStatus((s) => s === 'isolated' && resolve()),
      );
      await redis.down();
      await isolated;
      now = await health();
      expect(now.status).toBe(503);
      expect(JSON.parse(now.body)).toMatchObject({ dependencies: { database: 'up', redis: 'down' } });
      expect(now.body).not.toContain('redis://');

      const restored = new Promise<void>((resolve) =>
        server.app.events.onStatus((s) => s === 'restored' && resolve()),
      );
      await redis.up();
      await restored;
      expect((await health()).status).toBe(200);
    });
  },
);
