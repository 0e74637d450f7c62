import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode, docName } from '../shared/index';
import { createTestDatabase, type TestDatabase } from '../db/testing';
import { SESSION_COOKIE } from './services/sessions';
import { cookieSet } from './testing/second-factor';
import { newWeighingItem, type TestClient, type TestServer } from './testing/harness';
import { connectDoc, controlClients, until } from './testing/live-clients';
import { TEST_REDIS_URL, redisReachable } from './testing/redis';

const PASSWORD = 'main-test-demo-password';

interface Child {
  url: string;
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** `npm start` as an operator runs it: server/main.ts in a process of its own, on a free port. */
function startMain(env: Record<string, string>): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DEMO: '1',
      DEMO_PASSWORD: PASSWORD,
      RETENTION_INTERVAL_MINUTES: '0',
      CLIENT_DIR: '/nonexistent',
      DATABASE_URL: '',
      REDIS_URL: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = () => {
      const match = /listens on (http:\/\/[^\s"]+)/.exec(output);
      if (!match) return;
      child.stdout.off('data', onData);
      resolve({ url: match[1]!, process: child, output: () => output, exited });
    };
    child.stdout.on('data', onData);
    void exited.then((code) => reject(new Error(`server exited with ${code}: ${output.slice(-2000)}`)));
  });
}

/** The few parts of the test harness's server that the live test clients use, at the child's address. */
function remote(url: string): TestServer {
  const client = (cookie: string | null): TestClient => {
    const request = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(url + path, {
        method,
        headers: {
          ...(cookie ? { cookie } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        body: text ? JSON.parse(text) : null,
        text,
      };
    };
    return {
      cookie,
      request,
      get: (path) => request('GET', path),
      post: (path, body) => request('POST', path, body),
      patch: (path, body) => request('PATCH', path, body),
    };
  };
  const login = async (username: string) => {
    const response = await client(null).post('/api/session', { username, password: PASSWORD });
    const cookie = cookieSet(response.headers, SESSION_COOKIE);
    if (response.status !== 200 || !cookie) throw new Error(`login ${username}: ${response.status}`);
    return client(cookie);
  };
  return { url, login, anonymous: () => client(null) } as unknown as TestServer;
}

/**
 * SIGTERM on a running instance (a rolling deploy, a scale-in): its live clients are told to reconnect elsewhere,
 * what it took is stored, and the process exits 0. On the embedded database in a directory, or on PostgreSQL
 * (with Redis, as several instances run) when DATABASE_URL is set.
 */
describe('the server process on SIGTERM', { timeout: 180_000 }, () => {
  let dataDir: string | null = null;
  let database: TestDatabase | null = null;
  let env: Record<string, string>;

  beforeAll(async () => {
    if (process.env.DATABASE_URL) {
      database = await createTestDatabase();
      env = {
        DATABASE_URL: database.url!,
        MIGRATION_DATABASE_URL: database.migrationUrl!,
        ...((await redisReachable()) ? { REDIS_URL: TEST_REDIS_URL } : {}),
      };
    } else {
      dataDir = await mkdtemp(join(tmpdir(), 'casustafel-main-'));
      env = { DATA_DIR: dataDir };
    }
  });
  afterAll(async () => {
    await database?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('tells live clients to reconnect, keeps what it took, and exits 0', async () => {
    const first = await startMain(env);
    const server = remote(first.url);
    const control = controlClients(() => server);
    const { meetingId, itemId } = await newWeighingItem(server, 'Herstart');
    const chair = control.connect(await server.login('voorzitter'));
    expect(await control.call(chair, 'meeting:join', { meetingId })).toMatchObject({ ok: true });
    expect(await control.call(chair, 'chair:open', { meetingId })).toMatchObject({ ok: true });
    const name = docName({ meetingId, itemId, compartment: 'analysis' });
    const writer = connectDoc(server, await server.login('politie'), name);
    const reader = connectDoc(server, await server.login('gemeente'), name);
    await until(() => writer.provider.synced && reader.provider.synced, 'both synced');
    writer.doc.getText('analysis').insert(0, 'VoorDeHerstart');
    // The other client has it: the server took it (y-websocket has no acknowledgement of its own).
    await until(
      () => reader.doc.getText('analysis').toJSON().includes('VoorDeHerstart'),
      'the update reached the other client',
    );
    const chairGone = new Promise<string>((resolve) => chair.on('disconnect', resolve));

    first.process.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('SIGTERM: shutting down');
    expect(first.output()).not.toContain('exiting anyway');
    expect(writer.closed.codes[0]).toBe(CloseCode.ShuttingDown);
    expect(reader.closed.codes[0]).toBe(CloseCode.ShuttingDown);
    expect(await chairGone).toBe('io server disconnect');
    writer.provider.destroy();
    reader.provider.destroy();
    control.disconnectAll();

    // Started again on the same database: the document holds what was taken before.
    const second = await startMain(env);
    try {
      const again = remote(second.url);
      const late = connectDoc(again, await again.login('gemeente'), name);
      await until(() => late.provider.synced, 'synced after the restart');
      expect(late.doc.getText('analysis').toJSON()).toContain('VoorDeHerstart');
      late.provider.destroy();
    } finally {
      second.process.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
  });
});
