import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { createTestDatabase, type TestDatabase } from '../../db/testing';
import { ANALYSIS_TEXT, YJS_PATH, docName } from '../../shared/index';

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

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PASSWORD = 'kill-test-password';
const ROUNDS = 3;
const WRITERS = ['politie', 'gemeente', 'om'] as const;
const OBSERVER = 'uitvoerder';
/** Ids the observer must have received from a round's stream before the random kill delay starts. */
const MIN_RECEIVED_BEFORE_KILL = 30;
const MAX_KILL_DELAY_MS = 1_200;
const START_TIMEOUT_MS = 60_000;

const SEED = Number(process.env.KILL_TEST_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** mulberry32: a small seeded generator, so a failing sequence of kill points can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what} (seed ${SEED})`);
    await sleep(10);
  }
}

interface ServerProcess {
  url: string;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last lines the server wrote, for failure messages. */
  tail(): string;
  /** The lines it logged at level error or fatal. */
  errors(): string[];
}

/** Starts `server/main.ts` as a child process and resolves with its URL once it logged that it listens. */
function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const errors: string[] = [];
  const tail = () => lines.slice(-40).join('\n');
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise<ServerProcess>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not start within ${START_TIMEOUT_MS} ms:\n${tail()}`));
    }, START_TIMEOUT_MS);
    let pending = '';
    // Keep draining both pipes for the child's whole life: a full pipe would block its logging.
    const collect = (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const complete = pending.split('\n');
      pending = complete.pop()!;
      for (const line of complete) {
        lines.push(line);
        if (lines.length > 400) lines.splice(0, lines.length - 200);
        if (/"level":(50|60)/.test(line)) errors.push(line);
        const match = /listens on (http:\/\/\S+)/.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve({ url: match[1]!, child, exited, tail, errors: () => errors });
        }
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code ?? signal}) before it listened:\n${tail()}`));
    });
  });
}

async function killServer(server: ServerProcess): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  await server.exited;
}

async function request(url: string, path: string, cookie: string | null, body?: unknown) {
  const response = await fetch(url + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      ...(cookie ? { cookie } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

async function login(url: string, username: string): Promise<string> {
  const response = await request(url, '/api/session', null, { username, password: PASSWORD });
  if (response.status !== 200) throw new Error(`login ${username}: ${response.status}`);
  return (response.headers.get('set-cookie') ?? '').split(';')[0]!;
}

async function meetingsOf(url: string, cookie: string): Promise<string[]> {
  const response = await request(url, '/api/meetings', cookie);
  expect(response.status).toBe(200);
  return (response.body.meetings as { id: string }[]).map((m) => m.id).sort();
}

/** Every client made, so that a failed round does not leave providers reconnecting after the test. */
const providers = new Set<WebsocketProvider>();

/** A stock y-websocket client that records every id it received from the server (not its own writes). */
function connect(url: string, cookie: string, name: string) {
  class SessionWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers: { cookie } });
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(url.replace('http', 'ws') + YJS_PATH, name, doc, {
    WebSocketPolyfill: SessionWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true, // no shortcut between clients in one process: everything goes through the server
  });
  providers.add(provider);
  // The ids go into the analysis text as `id;` tokens: the compartment's structure has no array of strings, and
  // each token is one insert, so concurrent ones never split each other.
  const text = doc.getText(ANALYSIS_TEXT);
  const received = new Set<string>();
  text.observe((event) => {
    // The provider applies what the server sends with itself as origin; local pushes have origin null.
    if (event.transaction.origin !== provider) return;
    for (const change of event.delta) {
      if (typeof change.insert === 'string') for (const id of tokens(change.insert)) received.add(id);
    }
  });
  const ids = {
    push: (id: string) => text.insert(text.length, `${id};`),
    toArray: () => tokens(text.toJSON()),
    get length() {
      return this.toArray().length;
    },
  };
  return { doc, provider, ids, received };
}
type Client = ReturnType<typeof connect>;
const tokens = (text: string) => text.split(';').filter((token) => token.length > 0);

/** Pushes `<tag>:<n>` into the array, one id per update, until stopped. Returns what it wrote. */
function write(client: Client, tag: string, next: () => number) {
  const written: string[] = [];
  let stopped = false;
  const loop = (async () => {
    for (let n = 0; !stopped; n++) {
      const id = `${tag}:${n}`;
      client.ids.push(id);
      written.push(id);
      await sleep(1 + next() * 4); // pacing only: a steady stream of separate updates
    }
  })();
  return {
    written,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

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
