import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isConcurrencyConflict, isDatabaseUnavailable } from './database-outage';
import { startTestServer, type TestClient, type TestServer } from './testing/harness';
import { controlClients, rawAttempt } from './testing/live-clients';
import { CloseCode } from '../shared/index';

describe('isDatabaseUnavailable', () => {
  const wrapped = (cause: unknown) =>
    Object.assign(new Error('Failed query: select 1\nparams: '), { query: 'select 1', params: [], cause });

  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['a reset connection', wrapped(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))],
    ['an administrator shutdown', wrapped({ code: '57P01', severity: 'FATAL', message: 'terminating' })],
    ['a connection exception', wrapped({ code: '08006', severity: 'FATAL', message: 'connection failure' })],
    ['too many connections', { code: '53300', severity: 'FATAL', message: 'too many clients' }],
    ['a pool timeout', wrapped(new Error('timeout exceeded when trying to connect'))],
    ['a lost connection', wrapped(new Error('Connection terminated unexpectedly'))],
    ['a closed PGlite', wrapped(new Error('PGlite is closed'))],
  ])('recognises %s', (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', wrapped({ code: '23505', severity: 'ERROR', message: 'duplicate key' })],
    ['a raised exception', wrapped({ code: 'P0001', severity: 'ERROR', message: 'simulated storage fault' })],
    ['an application error', new Error('something else')],
    ['no error at all', undefined],
  ])('does not take %s for an outage', (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe('isConcurrencyConflict', () => {
  const wrapped = (cause: unknown) => Object.assign(new Error('Failed query'), { cause });
  it.each([
    ['a deadlock', wrapped({ code: '40P01', severity: 'ERROR', message: 'deadlock detected' })],
    [
      'a serialization failure',
      wrapped({ code: '40001', severity: 'ERROR', message: 'could not serialize' }),
    ],
  ])('recognises %s', (_label, error) => {
    expect(isConcurrencyConflict(error)).toBe(true);
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
  it.each([
    ['a unique violation', wrapped({ code: '23505', severity: 'ERROR', message: 'duplicate key' })],
    ['an outage', wrapped({ code: '57P01', severity: 'FATAL', message: 'terminating' })],
    ['no error at all', undefined],
  ])('does not take %s for a lost race', (_label, error) => {
    expect(isConcurrencyConflict(error)).toBe(false);
  });
});

/**
 * With the database gone, every answer says "temporarily unavailable, try again" (503 UNAVAILABLE, Retry-After;
 * the ack code UNAVAILABLE), so the client keeps what the user entered and retries instead of reporting a fault.
 */
describe('a database outage', () => {
  let server: TestServer;
  let chair: TestClient;
  let meetingId: string;
  const control = controlClients(() => server);

  beforeAll(async () => {
    server = await startTestServer();
    chair = await server.login('voorzitter');
    const executor = await server.login('uitvoerder');
    const meeting = await executor.post('/api/meetings', {
      kind: 'weighing',
      title: 'Storing',
      scheduledAt: '2026-12-01T09:00:00Z',
    });
    meetingId = meeting.body.id;
  });
  afterAll(async () => {
    control.disconnectAll();
    // The database is already closed (and, on PostgreSQL, dropped).
    await server.app.close();
  });

  it('answers REST with 503 UNAVAILABLE and Retry-After, and socket.io acks with UNAVAILABLE', async () => {
    const socket = control.connect(chair);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    expect((await control.call(socket, 'meeting:join', { meetingId })).ok).toBe(true);

    await server.database.close();

    for (const [client, method, path, body] of [
      [chair, 'GET', '/api/meetings', undefined],
      [chair, 'POST', `/api/meetings/${meetingId}/agenda-items`, { weighingFileId: meetingId }],
      [server.anonymous(), 'POST', '/api/session', { username: 'voorzitter', password: 'x'.repeat(12) }],
    ] as const) {
      const response = await client.request(method, path, body);
      expect(response.status, path).toBe(503);
      expect(response.body.error.code).toBe('UNAVAILABLE');
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    }

    const ack = await control.call(socket, 'chair:open', { meetingId });
    expect(ack).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });

    // A new connection cannot be authenticated either, and says why.
    const late = control.connect(chair);
    const refusal = await new Promise<{ data?: { code?: string } }>((resolve) =>
      late.once('connect_error', resolve),
    );
    expect(refusal.data?.code).toBe('UNAVAILABLE');

    // A live document: "try again later", not a dropped connection.
    const attempt = await rawAttempt(server, `meeting/${meetingId}/agenda`, { cookie: chair.cookie! });
    expect(attempt.code).toBe(CloseCode.StorageFailed);
  });
});
