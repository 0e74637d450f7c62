import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../db/testing';
import { docName } from '../../shared/index';
import {
  connect,
  killServer,
  login as loginWith,
  meetingsOf,
  providers,
  random,
  request,
  sleep,
  startServer,
  until as waitUntil,
  write,
  type ServerProcess,
} from '../testing/server-process';

/*
 * Durability under SIGKILL: "killing the server at any moment loses no update that any client received".
 *
 * The real server runs as a child process (`node --import tsx server/main.ts`: the entry point of `npm start`) on a
 * database on disk: a PGlite data directory, or a fresh PostgreSQL database when DATABASE_URL is set. Writers
 * append uniquely tagged ids to one text of a live document while an observer (and every writer) records each
 * id it received from the server. At a random moment the server is SIGKILLed; it is restarted on the same
 * database, and a fresh client must find every id that any client had received. The server stores an update
 * before it applies and broadcasts it, so whatever reached another client must have been committed.
 *
 * y-websocket has no acknowledgement: a writer is never told that its own update was stored, so an id that only
 * its writer knew may be lost in a kill (the figures are reported, not asserted).
 *
 * Two traps this test avoids:
 * - `tsx server/main.ts` is a wrapper that runs the server in a second node process; SIGKILL cannot be relayed,
 *   so killing the wrapper would leave the real server running. `node --import tsx` is one process.
 * - The clients of a killed round are destroyed before the server comes back: a reconnecting y-websocket client
 *   sends the server whatever it lacks (sync step 2), which would quietly repair exactly the losses we look for.
 *   Every round therefore starts with fresh Y.Docs, and the check uses one more fresh client.
 *
 * Set KILL_TEST_SEED to replay the random kill points of a failed run (the seed is in the failure message).
 */

const PASSWORD = 'kill-test-password';
const ROUNDS = 3;
const WRITERS = ['politie', 'gemeente', 'om'] as const;
const OBSERVER = 'uitvoerder';
/** Ids the observer must have received from a round's stream before the random kill delay starts. */
const MIN_RECEIVED_BEFORE_KILL = 30;
const MAX_KILL_DELAY_MS = 1_200;

const SEED = Number(process.env.KILL_TEST_SEED ?? Math.floor(Math.random() * 2 ** 31));
const until = (condition: () => boolean, what: string) => waitUntil(condition, `${what} (seed ${SEED})`);
const login = (url: string, username: string) => loginWith(url, username, PASSWORD);

describe('live documents survive SIGKILL of the server', () => {
  const rng = random(SEED);
  let env: Record<string, string>;
  let dataDir: string | null = null;
  let database: TestDatabase | null = null;
  let server: ServerProcess | null = null;
  let analysis: string;
  /** The executor's meetings (ids) before the first kill: a restart with DEMO=1 must not seed them again. */
  let meetingIds: string[];
  const cookies = new Map<string, string>();

  beforeAll(async () => {
    const base = Object.fromEntries(
      Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    delete base.DATABASE_URL;
    delete base.DATA_DIR;
    env = {
      ...base,
      PORT: '0',
      HOST: '127.0.0.1',
      DEMO: '1',
      DEMO_PASSWORD: PASSWORD,
      LOG_LEVEL: 'info',
      CLIENT_DIR: '/nonexistent',
    };
    if (process.env.DATABASE_URL) {
      // A fresh database on the PostgreSQL server; the handle stays open (unused) until afterAll, whose close
      // drops the database.
      database = await createTestDatabase();
      env.DATABASE_URL = database.url!;
      env.MIGRATION_DATABASE_URL = database.migrationUrl!;
    } else {
      dataDir = await mkdtemp(join(tmpdir(), 'casustafel-kill-'));
      env.DATA_DIR = dataDir;
    }
    server = await startServer(env);

    const executor = await login(server.url, OBSERVER);
    cookies.set(OBSERVER, executor);
    for (const user of WRITERS) cookies.set(user, await login(server.url, user));
    const signal = await request(server.url, '/api/signals', cookies.get('politie')!, {
      subject: { name: 'Kill-Subject' },
      description: 'Signaal',
      observedOn: '2026-11-01',
      reporter: { name: 'Melder', contact: 'm@example.nl' },
      phenomenon: 'other',
      setting: 'online',
    });
    expect(signal.status).toBe(201);
    const meeting = await request(server.url, '/api/meetings', executor, {
      kind: 'weighing',
      title: 'Kill',
      scheduledAt: '2026-12-01T09:00:00Z',
    });
    const meetingId: string = meeting.body.id;
    const withItem = await request(server.url, `/api/meetings/${meetingId}/agenda-items`, executor, {
      weighingFileId: signal.body.weighingFileId,
    });
    const itemId: string = withItem.body.agenda[0].id;
    analysis = docName({ meetingId, itemId, compartment: 'analysis' });
    meetingIds = await meetingsOf(server.url, executor);
    expect(meetingIds).toContain(meetingId);
  }, 90_000);

  afterAll(async () => {
    for (const provider of providers) provider.destroy();
    if (server) await killServer(server);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    if (database) await database.close();
  });

  it(
    `loses nothing any client received, over ${ROUNDS} kill/restart rounds`,
    { timeout: 240_000 },
    async () => {
      /** Every id any client ever received from the server, over all rounds. */
      const received = new Set<string>();
      /** What the check after the previous restart found stored. */
      let stored = new Set<string>();
      const figures: string[] = [];

      for (let round = 1; round <= ROUNDS; round++) {
        const url = server!.url;
        const observer = connect(url, cookies.get(OBSERVER)!, analysis);
        const writers = WRITERS.map((user) => connect(url, cookies.get(user)!, analysis));
        const clients = [observer, ...writers];
        await until(() => clients.every((c) => c.provider.synced), `round ${round}: sync`);
        const before = observer.ids.length;
        expect(before).toBe(stored.size);

        const streams = writers.map((client, i) => write(client, `r${round}:w${i}`, rng));
        const fromThisRound = () => [...observer.received].filter((id) => id.startsWith(`r${round}:`)).length;
        await until(
          () => fromThisRound() >= MIN_RECEIVED_BEFORE_KILL,
          `round ${round}: the observer receiving the stream`,
        );
        const delay = Math.round(rng() * MAX_KILL_DELAY_MS);
        await sleep(delay); // the random kill point (not a wait for a condition)
        const observerAtKill = fromThisRound();
        const dead = server!;
        dead.child.kill('SIGKILL');
        const exit = await dead.exited;
        expect(exit.signal).toBe('SIGKILL');
        expect(dead.errors(), `errors logged before the kill in round ${round}`).toEqual([]);
        await Promise.all(streams.map((stream) => stream.stop()));
        // Frames the server sent before it died may still be on their way: take them in until the sockets close.
        await until(() => clients.every((c) => !c.provider.wsconnected), `round ${round}: sockets to close`);
        for (const client of clients) {
          client.provider.destroy(); // before the restart: see the header comment
          for (const id of client.received) received.add(id);
        }
        const written = streams.reduce((sum, stream) => sum + stream.written.length, 0);
        const receivedThisRound = [...received].filter((id) => id.startsWith(`r${round}:`)).length;

        const restartedAt = Date.now();
        server = await startServer(env);
        const restartMs = Date.now() - restartedAt;
        const health = await request(server.url, '/api/health', null);
        expect(health.status).toBe(200);
        expect(health.body.status).toBe('ok');
        // Same database, sessions still valid, the demo data not seeded a second time.
        expect(await meetingsOf(server.url, cookies.get(OBSERVER)!)).toEqual(meetingIds);

        const check = connect(server.url, cookies.get('politie')!, analysis);
        await until(() => check.provider.synced, `round ${round}: sync after the restart`);
        const all = check.ids.toArray();
        check.provider.destroy();
        const now = new Set(all);
        expect(now.size, 'no id is stored twice').toBe(all.length);

        const lost = [...received].filter((id) => !now.has(id));
        const lostEarlier = [...stored].filter((id) => !now.has(id));
        const storedThisRound = all.filter((id) => id.startsWith(`r${round}:`)).length;
        figures.push(
          `round ${round}: kill ${delay} ms after ${MIN_RECEIVED_BEFORE_KILL} received; written ${written}, ` +
            `observer had ${observerAtKill} at the kill, received by any client ${receivedThisRound}, ` +
            `stored ${storedThisRound} (${written - storedThisRound} unacknowledged writes lost), ` +
            `received but lost ${lost.length}, earlier rounds lost ${lostEarlier.length}; restart ${restartMs} ms`,
        );
        expect(lost, `ids received by a client but lost in round ${round} (seed ${SEED})`).toEqual([]);
        expect(lostEarlier, `ids of earlier rounds lost in round ${round} (seed ${SEED})`).toEqual([]);
        expect(storedThisRound).toBeGreaterThanOrEqual(receivedThisRound);
        stored = now;
      }
      expect(server!.errors(), 'errors logged by the last restarted server').toEqual([]);
      console.info(`kill test (${database ? 'PostgreSQL' : 'PGlite'}, seed ${SEED}):\n${figures.join('\n')}`);
    },
  );
});
