import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from './events';
import { RedisBus } from './redis-bus';
import { TEST_REDIS_URL, skipWithoutRedis } from '../testing/redis';

/** Real Redis (the shared one of the development machine and CI); each test has a channel of its own. */
const REDIS_URL = TEST_REDIS_URL;

async function eventually(check: () => boolean, what: string): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > 10_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.skipIf(await skipWithoutRedis())('the event bus over Redis', () => {
  const buses: RedisBus[] = [];
  const failures: unknown[] = [];
  const log = { error: () => undefined, warn: () => undefined };

  afterEach(async () => {
    for (const bus of buses.splice(0)) await bus.close();
    failures.length = 0;
  });

  async function instances(
    count: number,
    channel = `casustafel:test:${randomUUID()}`,
    recheckEveryMs = 0,
  ): Promise<RedisBus[]> {
    const started: RedisBus[] = [];
    for (let i = 0; i < count; i += 1) {
      const bus = new RedisBus({
        url: REDIS_URL,
        channel,
        onError: (error) => failures.push(error),
        log,
        recheckEveryMs,
      });
      buses.push(bus);
      await bus.start();
      started.push(bus);
    }
    return started;
  }

  it('an event published on one instance reaches the subscribers of the other, and runs once locally', async () => {
    const [a, b] = await instances(2);
    const onA: DomainEvent[] = [];
    const onB: DomainEvent[] = [];
    a!.subscribe('session.ended', (event) => void onA.push(event));
    b!.subscribe('session.ended', (event) => void onB.push(event));
    const event = { type: 'session.ended', sessionId: 'sessie-kanarie', reason: 'logout' } as const;

    await a!.publish(event);
    // The publishing instance has acted before publish resolves, as within one process.
    expect(onA).toEqual([event]);
    await eventually(() => onB.length > 0, 'the event on the other instance');
    expect(onB).toEqual([event]);

    // A second event from B: when it has arrived at A, the first would have arrived at A twice if it ever would.
    await b!.publish({ type: 'agenda.changed', meetingId: 'm' });
    const agendaOnA: string[] = [];
    a!.subscribe('agenda.changed', ({ meetingId }) => void agendaOnA.push(meetingId));
    await b!.publish({ type: 'agenda.changed', meetingId: 'm2' });
    await eventually(() => agendaOnA.includes('m2'), 'the second event on A');
    await a!.settled();
    expect(onA).toEqual([event]);
    expect(onB).toEqual([event]);
  });

  it('a subscriber that throws is reported; the others still run, on both instances', async () => {
    const [a, b] = await instances(2);
    const seen: string[] = [];
    for (const [name, bus] of [
      ['a', a!],
      ['b', b!],
    ] as const) {
      bus.subscribe('membership.changed', () => {
        throw new Error(`boom ${name}`);
      });
      bus.subscribe('membership.changed', ({ membershipId }) => void seen.push(`${name}:${membershipId}`));
    }
    await expect(a!.publish({ type: 'membership.changed', membershipId: 'x' })).resolves.toBeUndefined();
    await eventually(() => seen.includes('b:x'), 'the event on B');
    expect(seen.sort()).toEqual(['a:x', 'b:x']);
    expect(failures.map((error) => (error as Error).message).sort()).toEqual(['boom a', 'boom b']);

    // Both keep working after the failure.
    await b!.publish({ type: 'membership.changed', membershipId: 'y' });
    await eventually(() => seen.includes('a:y'), 'the next event on A');
  });

  it('an instance of another channel hears nothing; a malformed message is ignored', async () => {
    const [a] = await instances(1);
    const channel = `casustafel:test:${randomUUID()}`;
    const [other, sibling] = await instances(2, channel);
    const heard: string[] = [];
    other!.subscribe('agenda.changed', ({ meetingId }) => void heard.push(meetingId));
    a!.subscribe('agenda.changed', ({ meetingId }) => void heard.push(`a:${meetingId}`));
    await a!.publish({ type: 'agenda.changed', meetingId: 'elders' });
    const raw = new Redis(REDIS_URL);
    try {
      // Garbage on the channel first, then a real event.
      await raw.publish(channel, 'geen json');
      await raw.publish(channel, JSON.stringify({ origin: 'x', event: null }));
    } finally {
      raw.disconnect();
    }
    await sibling!.publish({ type: 'agenda.changed', meetingId: 'eigen' });
    await eventually(() => heard.includes('eigen'), 'the event of the sibling');
    expect(heard).toEqual(['a:elders', 'eigen']);
    expect(failures).toEqual([]);
  });

  it('re-checks the open connections now and then, also when no reconnect was noticed', async () => {
    // A message lost while the publisher's own link was down leaves the others none the wiser: only this bounds it.
    const [bus] = await instances(1, `casustafel:test:${randomUUID()}`, 50);
    let rechecks = 0;
    bus!.onResync(() => {
      rechecks += 1;
      return Promise.resolve();
    });
    await eventually(() => rechecks >= 2, 'two periodic re-checks');
    expect(rechecks).toBeGreaterThanOrEqual(2);
    // Whatever a re-check may find revoked, a handshake deciding meanwhile decides anew.
    expect(bus!.accessChanges).toBeGreaterThanOrEqual(rechecks);
  });
});
