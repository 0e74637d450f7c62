import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { ANALYSIS_TEXT, YJS_PATH } from '../../shared/index';

/**
 * The real server as a child process (`node --import tsx server/main.ts`, the entry point of `npm start`) and stock
 * y-websocket clients that stream and record uniquely tagged ids: for the tests that kill servers (kill tests).
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const START_TIMEOUT_MS = 60_000;

/** mulberry32: a small seeded generator, so a failing sequence of kill points can be replayed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for a condition; `what` names it in the error (with the seed, to replay a failed run). */
export async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last lines the server wrote, for failure messages. */
  tail(): string;
  /** The lines it logged at level error or fatal. */
  errors(): string[];
}

/** Starts `server/main.ts` as a child process and resolves with its URL once it logged that it listens. */
export function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    // The test's key store database (db/testing.ts), unless the test names another: the server's keys are the test's.
    env: {
      ...(process.env.KEYSTORE_DATABASE_URL
        ? { KEYSTORE_DATABASE_URL: process.env.KEYSTORE_DATABASE_URL }
        : {}),
      ...env,
    },
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

export async function killServer(server: ServerProcess): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  await server.exited;
}

export async function request(url: string, path: string, cookie: string | null, body?: unknown) {
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

export async function login(url: string, username: string, password: string): Promise<string> {
  const response = await request(url, '/api/session', null, { username, password });
  if (response.status !== 200) throw new Error(`login ${username}: ${response.status}`);
  return (response.headers.get('set-cookie') ?? '').split(';')[0]!;
}

export async function meetingsOf(url: string, cookie: string): Promise<string[]> {
  const response = await request(url, '/api/meetings', cookie);
  if (response.status !== 200) throw new Error(`meetings: ${response.status}`);
  return (response.body.meetings as { id: string }[]).map((m) => m.id).sort();
}

/** Every client made, so that a failed round does not leave providers reconnecting after the test. */
export const providers = new Set<WebsocketProvider>();

/** A stock y-websocket client that records every id it received from the server (not its own writes). */
export function connect(url: string, cookie: string, name: string) {
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
export type Client = ReturnType<typeof connect>;
export const tokens = (text: string) => text.split(';').filter((token) => token.length > 0);

/** Pushes `<tag>:<n>` into the array, one id per update, until stopped. Returns what it wrote. */
export function write(client: Client, tag: string, next: () => number) {
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
