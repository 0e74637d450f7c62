import type { FastifyInstance } from 'fastify';
import type { CovenantView, PartyView } from '../../shared/index';
import { openDatabase } from '../../db/client';
import { createTestDatabase, type TestDatabase } from '../../db/testing';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { seedDemo } from '../demo/seed';
import { LOGIN_CHALLENGE_COOKIE } from '../services/second-factor';
import { SESSION_COOKIE } from '../services/sessions';
import { cookieSet, totpCode } from './second-factor';
import { decideInWeegploeg } from './weegploeg';

export const TEST_PASSWORD = 'test-demo-password';

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface TestServer {
  url: string;
  app: FastifyInstance;
  database: TestDatabase;
  /** Logs in as a demo user and returns a client carrying that session cookie. */
  login(username: string): Promise<TestClient>;
  /** Logs in with a password of one's own (an account created in the test). */
  loginWith(username: string, password: string): Promise<TestClient>;
  /** The authenticator secrets of the accounts `loginWith` enrolled, by username. */
  secondFactorSecrets: Map<string, string>;
  anonymous(): TestClient;
  close(): Promise<void>;
}

export interface TestClient {
  cookie: string | null;
  request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ApiResponse<T>>;
  get<T = any>(path: string): Promise<ApiResponse<T>>;
  post<T = any>(path: string, body?: unknown): Promise<ApiResponse<T>>;
  patch<T = any>(path: string, body?: unknown): Promise<ApiResponse<T>>;
}

function client(url: string, cookie: string | null): TestClient {
  const request = async <T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const init: RequestInit = { method, headers: { ...(cookie ? { cookie } : {}), ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
    const response = await fetch(url + path, init);
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  };
  return {
    cookie,
    request,
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body),
    patch: (path, body) => request('PATCH', path, body),
  };
}

export interface TestServerOptions {
  /**
   * Another instance on the database of an earlier test server (PostgreSQL only): with a connection pool of its
   * own, not seeded again; its close() leaves the database to the first one.
   */
  sharing?: TestServer;
  /**
   * PGlite on disk in this directory (its key store in `<dir>-keys`), instead of in memory: for tests that copy the
   * database's files as a backup would. Ignored on PostgreSQL.
   */
  embeddedDir?: string;
  /** The Redis channel of domain events when REDIS_URL is set: instances of one test share one. */
  eventsChannel?: string;
}

/**
 * The whole server on a real socket (127.0.0.1, port 0) over a fresh database (PGlite, or PostgreSQL when
 * DATABASE_URL is set) seeded with the demo covenant. Pass `logs` to capture every log line.
 */
export async function startTestServer(
  env: Record<string, string> = {},
  logs?: string[],
  options: TestServerOptions = {},
): Promise<TestServer> {
  const shared = options.sharing?.database;
  if (shared && !shared.url) throw new Error('a second instance needs PostgreSQL (DATABASE_URL)');
  const database: TestDatabase = shared
    ? {
        ...(await openDatabase({
          kind: 'postgres',
          url: shared.url!,
          migrationUrl: shared.migrationUrl ?? null,
          keystoreUrl: process.env.KEYSTORE_DATABASE_URL ?? null,
        })),
        url: shared.url!,
        ...(shared.migrationUrl ? { migrationUrl: shared.migrationUrl } : {}),
        asOwner: (work) => shared.asOwner(work),
      }
    : options.embeddedDir && !process.env.DATABASE_URL
      ? await (async (): Promise<TestDatabase> => {
          const handle = await openDatabase({ kind: 'pglite', dataDir: options.embeddedDir! });
          return { ...handle, asOwner: (work) => work(handle.db) };
        })()
      : await createTestDatabase();
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DEMO_PASSWORD: TEST_PASSWORD,
    CLIENT_DIR: '/nonexistent',
    // Tests travel in time by calling runRetention themselves.
    RETENTION_INTERVAL_MINUTES: '0',
    ...env,
  });
  // Tests create their own subjects; the fictional demo cases would only blur what each test asserts.
  if (!shared) await seedDemo(database.db, TEST_PASSWORD, { withCases: false });
  const app = await buildApp(config, database, {
    ...(logs ? { logStream: { write: (line: string) => void logs.push(line) } } : {}),
    ...(options.eventsChannel ? { eventsChannel: options.eventsChannel } : {}),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  /**
   * Logs in; an account's first login outside the demo accounts enrols a second factor on the way, as a person
   * with an authenticator app would (the secret is then in `secondFactorSecrets`).
   */
  async function loginWith(username: string, password: string) {
    let response = await client(url, null).post('/api/session', { username, password });
    const halfway = client(url, cookieSet(response.headers, LOGIN_CHALLENGE_COOKIE));
    if (response.status === 200 && response.body?.next === 'enrol') {
      const offer = await halfway.post<{ secret: string }>('/api/session/enrolment');
      secondFactorSecrets.set(username, offer.body.secret);
      response = await halfway.post('/api/session/enrolment/confirm', { code: totpCode(offer.body.secret) });
      recoveryCodes.set(username, [...(response.body?.recoveryCodes ?? [])]);
    } else if (response.status === 200 && response.body?.next === 'second-factor') {
      // A code of the app is good once per 30 seconds; later logins of a test take a recovery code each.
      const code = recoveryCodes.get(username)?.pop();
      if (!code) throw new Error(`login ${username}: no recovery code left`);
      response = await halfway.post('/api/session/second-factor', { code });
    }
    const session = cookieSet(response.headers, SESSION_COOKIE);
    if (response.status !== 200 || !session)
      throw new Error(`login ${username} failed: ${response.status} ${response.text}`);
    return client(url, session);
  }
  const secondFactorSecrets = new Map<string, string>();
  const recoveryCodes = new Map<string, string[]>();
  return {
    url,
    app,
    database,
    anonymous: () => client(url, null),
    login: (username: string) => loginWith(username, TEST_PASSWORD),
    loginWith,
    secondFactorSecrets,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export const DEMO_USERNAMES = [
  'voorzitter',
  'uitvoerder',
  'gemeente',
  'politie',
  'om',
  'rvdk',
  'reclassering',
  'ggz',
  'jeugdbescherming',
  'beheerder',
  'functionaris',
] as const;

/** A valid signal about a new subject (art. 7.2), for tests that need a weighing file and do not care about its details. */
export function newSubjectSignal(name: string, overrides: Record<string, unknown> = {}) {
  return {
    subject: { name },
    description: 'Signaal',
    observedOn: '2026-11-01',
    reporter: { name: 'Melder', contact: 'melder@example.nl' },
    phenomenon: 'other',
    setting: 'online',
    ...overrides,
  };
}

/**
 * A case file for a new subject, the way the process makes one: a core party brings a signal, and the weegploeg
 * decides to put it on the casusoverleg agenda with these parties involved (organisation types, art. 7.4, 8.5).
 */
export async function newCaseFile(
  server: TestServer,
  subjectName: string,
  involved: readonly PartyView['organisationType'][],
): Promise<string> {
  const police = await server.login('politie');
  const signal = await police.post('/api/signals', newSubjectSignal(subjectName));
  const decision = await recordDecision(server, signal.body.weighingFileId as string, {
    outcome: 'agenda',
    involved,
  });
  return decision.caseFileId!;
}

/**
 * The weegploeg's decision on a weighing file: all three core parties, every criterion weighed (the Ministerial
 * letter on early signalling, 2024). With `meetingId` it is only proposed there, by the executor, and the test runs
 * the consent round itself; without, a whole weegploeg is held for it (testing/weegploeg.ts), so the decision is
 * taken at its freeze, as the only way there is (art. 7.3–7.4); `agenda` then copies the data to a new case file
 * (art. 8.5).
 */
export async function recordDecision(
  server: TestServer,
  weighingFileId: string,
  options: {
    outcome: 'agenda' | 'not_substantial' | 'more_information';
    involved?: readonly PartyView['organisationType'][];
    meetingId?: string;
  },
): Promise<{ id: string; caseFileId: string | null }> {
  const propose = async (meetingId: string) => {
    const executor = await server.login('uitvoerder');
    const covenant = (await executor.get<CovenantView>('/api/covenant')).body;
    const decision = await executor.post(
      `/api/weighing-files/${weighingFileId}/decisions`,
      weighingDecisionBody(covenant, { ...options, meetingId }),
    );
    if (decision.status !== 201) throw new Error(`decision failed: ${decision.status} ${decision.text}`);
    return decision.body.decision as { id: string; caseFileId: string | null };
  };
  if (options.meetingId) return propose(options.meetingId);
  return decideInWeegploeg(server, weighingFileId, propose);
}

/**
 * A weegploeg with one agenda item: a core party's signal about a new subject (art. 7.2), put on the agenda of a
 * new weegploeg by the executor (art. 5).
 */
export async function newWeighingItem(
  server: TestServer,
  subjectName: string,
): Promise<{ meetingId: string; itemId: string; weighingFileId: string }> {
  const executor = await server.login('uitvoerder');
  const signal = await (await server.login('politie')).post('/api/signals', newSubjectSignal(subjectName));
  const meeting = await executor.post('/api/meetings', {
    kind: 'weighing',
    title: 'Weegploeg',
    scheduledAt: '2026-12-01T09:00:00Z',
  });
  const detail = await executor.post(`/api/meetings/${meeting.body.id}/agenda-items`, {
    weighingFileId: signal.body.weighingFileId,
  });
  if (detail.status !== 201) throw new Error(`agenda failed: ${detail.status} ${detail.text}`);
  return {
    meetingId: meeting.body.id as string,
    itemId: detail.body.agenda[0].id as string,
    weighingFileId: signal.body.weighingFileId as string,
  };
}

/** A second weegploeg item on an existing meeting (a new subject's signal, agenda-ed); returns its id. */
export async function addWeighingItem(
  server: TestServer,
  meetingId: string,
  subjectName: string,
): Promise<string> {
  const signal = await (await server.login('politie')).post('/api/signals', newSubjectSignal(subjectName));
  const detail = await (
    await server.login('uitvoerder')
  ).post(`/api/meetings/${meetingId}/agenda-items`, {
    weighingFileId: signal.body.weighingFileId,
  });
  if (detail.status !== 201) throw new Error(`agenda failed: ${detail.status} ${detail.text}`);
  const agenda = detail.body.agenda as { id: string; weighingFileId: string }[];
  return agenda.find((item) => item.weighingFileId === signal.body.weighingFileId)!.id;
}

/**
 * A weegploeg decision taken by all three core parties on every criterion (the Ministerial letter on early
 * signalling, 2024), for tests that need one and do not care about its findings.
 */
export function weighingDecisionBody(
  covenant: CovenantView,
  options: {
    outcome: 'agenda' | 'not_substantial' | 'more_information';
    involved?: readonly PartyView['organisationType'][];
    meetingId?: string;
  },
) {
  const partyId = (type: PartyView['organisationType']) => {
    const found = covenant.parties.find((p) => p.organisationType === type);
    if (!found) throw new Error(`no party of type ${type}`);
    return found.id;
  };
  return {
    outcome: options.outcome,
    grounds: 'Integrale aanpak nodig',
    findings: covenant.referenceFramework.criteria.map((c) => ({
      criterionId: c.id,
      finding: 'unknown' as const,
      grounds: '',
    })),
    decidedByPartyIds: (['municipality', 'police', 'prosecution'] as const).map(partyId),
    involvedPartyIds: (options.involved ?? []).map(partyId),
    ...(options.meetingId ? { meetingId: options.meetingId } : {}),
  };
}
