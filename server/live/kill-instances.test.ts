import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../db/testing';
import { docName } from '../../shared/index';
import { TEST_REDIS_URL, skipWithoutRedis } from '../testing/redis';
import {
  connect,
  killServer,
  login as loginWith,
  providers,
  random,
  request,
  sleep,
  startServer,
  until as waitUntil,
  write,
  type Client,
  type ServerProcess,
} from '../testing/server-process';

/*
 * Durability under SIGKILL with several instances (PostgreSQL and Redis): writers are spread over two instances of
 * `server/main.ts` on one database, an observer on each; at a random moment one instance is SIGKILLed. Its clients
 * reconnect to the surviving one and write on; the killed instance is then restarted. Nothing any client received
 * may be lost, and fresh clients on both instances must then hold the same document (the replicas identical).
 * As in the single-instance kill test (kill.test.ts), a writer's own unacknowledged ids may be lost: reported only.
 *
 * Set KILL_TEST_SEED to replay the random kill points of a failed run (the seed is in the failure message).
 */

const PASSWORD = 'kill-test-password';
const ROUNDS = 3;
const WRITERS = ['politie', 'gemeente', 'om', 'voorzitter'] as const;
const OBSERVER = 'uitvoerder';
const MIN_RECEIVED_BEFORE_KILL = 30;
const MAX_KILL_DELAY_MS = 1_200;
const SEED = Number(process.env.KILL_TEST_SEED ?? Math.floor(Math.random() * 2 ** 31));
const until = (condition: () => boolean, what: string, ms?: number) =>
  waitUntil(condition, `${what} (seed ${SEED})`, ms);
const login = (url: string, username: string) => loginWith(url, username, PASSWORD);

describe.skipIf(!process.env.DATABASE_URL || (await skipWithoutRedis()))(
  'live documents survive SIGKILL of one of several instances',
  () => {
    const rng = random(SEED);
    let env: Record<string, string>;
    let database: TestDatabase;
    const servers: ServerProcess[] = [];
    let analysis: string;
    const cookies = new Map<string, string>();

    beforeAll(async () => {
      const base = Object.fromEntries(
        Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
      );
      database = await createTestDatabase();
      env = {
        ...base,
        PORT: '0',
        HOST: '127.0.0.1',
        DEMO: '1',
        DEMO_PASSWORD: PASSWORD,
        LOG_LEVEL: 'info',
        CLIENT_DIR: '/nonexistent',
        DATABASE_URL: database.url!,
        MIGRATION_DATABASE_URL: database.migrationUrl!,
        REDIS_URL: TEST_REDIS_URL,
        // Instances of this test only: their own channels on the shared Redis.
        REDIS_CHANNEL: `casustafel:test:${randomUUID()}`,
      };
      servers.push(await startServer(env));
      servers.push(await startServer(env));
      const first = servers[0]!.url;
      for (const user of [OBSERVER, ...WRITERS]) cookies.set(user, await login(first, user));
      const signal = await request(first, '/api/signals', cookies.get('politie')!, {
        subject: { name: 'Kill-Instances-Subject' },
        description: 'Signaal',
        observedOn: '2026-11-01',
        reporter: { name: 'Melder', contact: 'm@example.nl' },
        phenomenon: 'other',
        setting: 'online',
      });
      expect(signal.status).toBe(201);
      const meeting = await request(first, '/api/meetings', cookies.get(OBSERVER)!, {
        kind: 'weighing',
        title: 'Kill instances',
        scheduledAt: '2026-12-01T09:00:00Z',
      });
      const withItem = await request(
        first,
        `/api/meetings/${meeting.body.id}/agenda-items`,
        cookies.get(OBSERVER)!,
        {
          weighingFileId: signal.body.weighingFileId,
        },
      );
      analysis = docName({
        meetingId: meeting.body.id,
        itemId: withItem.body.agenda[0].id,
        compartment: 'analysis',
      });
    }, 120_000);

    afterAll(async () => {
      for (const provider of providers) provider.destroy();
      for (const server of servers) await killServer(server);
      await database?.close();
    });

    it(
      `loses nothing any client received and ends with identical replicas, over ${ROUNDS} rounds`,
      { timeout: 300_000 },
      async () => {
        const received = new Set<string>();
        const figures: string[] = [];
        for (let round = 1; round <= ROUNDS; round++) {
          // Writers alternate between the instances; an observer on each.
          const on = (i: number) => servers[i % 2]!.url;
          const observers = [0, 1].map((i) => connect(on(i), cookies.get(OBSERVER)!, analysis));
          const writers = WRITERS.map((user, i) => connect(on(i), cookies.get(user)!, analysis));
          const clients: Client[] = [...observers, ...writers];
          await until(() => clients.every((c) => c.provider.synced), `round ${round}: sync`);
          const streams = writers.map((client, i) => write(client, `r${round}:w${i}`, rng));
          const fromRound = (client: Client) =>
            [...client.received].filter((id) => id.startsWith(`r${round}:`)).length;
          // Both observers receive the stream, so updates cross instances before the kill.
          await until(
            () => observers.every((o) => fromRound(o) >= MIN_RECEIVED_BEFORE_KILL),
            `round ${round}: both observers receiving the stream`,
            30_000,
          );
          const delay = Math.round(rng() * MAX_KILL_DELAY_MS);
          await sleep(delay); // the random kill point
          const victim = rng() < 0.5 ? 0 : 1;
          const survivor = 1 - victim;
          const dead = servers[victim]!;
          dead.child.kill('SIGKILL');
          expect((await dead.exited).signal).toBe('SIGKILL');
          // The survivor's clients go on; the killed instance's clients stop (their Y.Docs would repair losses
          // on reconnecting: fresh clients take their place on the survivor and write on).
          const orphaned = clients.filter((c) => c.provider.url.startsWith(dead.url.replace('http', 'ws')));
          await until(
            () => orphaned.every((c) => !c.provider.wsconnected),
            `round ${round}: killed sockets close`,
          );
          for (const c of orphaned) c.provider.destroy();
          const moved = WRITERS.filter((_, i) => i % 2 === victim).map((user) =>
            connect(servers[survivor]!.url, cookies.get(user)!, analysis),
          );
          await until(() => moved.every((c) => c.provider.synced), `round ${round}: moved clients sync`);
          const movedStreams = moved.map((client, i) => write(client, `r${round}:m${i}`, rng));
          await sleep(300);
          await Promise.all([...streams, ...movedStreams].map((stream) => stream.stop()));
          await sleep(500); // the last broadcasts arrive
          for (const client of [...clients, ...moved]) {
            for (const id of client.received) received.add(id);
            client.provider.destroy();
          }
          servers[victim] = await startServer(env);

          // Fresh clients on both instances: every id any client received is there, and both hold the same.
          const checks = [0, 1].map((i) => connect(servers[i]!.url, cookies.get('politie')!, analysis));
          await until(() => checks.every((c) => c.provider.synced), `round ${round}: check sync`);
          await until(
            () => checks[0]!.ids.toArray().join() === checks[1]!.ids.toArray().join(),
            `round ${round}: replicas identical`,
          );
          const stored = new Set(checks[0]!.ids.toArray());
          for (const check of checks) check.provider.destroy();
          const lost = [...received].filter((id) => !stored.has(id));
          figures.push(
            `round ${round}: killed instance ${victim === 0 ? 'A' : 'B'} ${delay} ms after ${MIN_RECEIVED_BEFORE_KILL} ` +
              `received; stored ${stored.size} ids in all; received but lost ${lost.length}`,
          );
          expect(lost, `ids received by a client but lost in round ${round} (seed ${SEED})`).toEqual([]);
        }
        for (const server of servers) expect(server.errors(), 'errors logged').toEqual([]);
        console.info(`kill test across instances (seed ${SEED}):\n${figures.join('\n')}`);
      },
    );
  },
);
