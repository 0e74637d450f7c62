import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/index';
import { startTestServer, type TestClient, type TestServer } from '../testing/harness';

/** Every bad input gets a 4xx whose body names the field and the problem; nothing user-caused is a 500. */
describe('bad input', () => {
  let server: TestServer;
  let police: TestClient;
  const valid = {
    subject: { name: 'Testpersoon' },
    description: 'Signaal',
    observedOn: '2026-11-01',
    reporter: { name: 'Melder', contact: '06-00000000' },
    phenomenon: 'other',
    setting: 'offline',
  };

  beforeAll(async () => {
    server = await startTestServer();
    police = await server.login('politie');
  });
  afterAll(async () => {
    await server.close();
  });

  const cases: [string, unknown, string, string][] = [
    ['a wrong type', { ...valid, description: 42 }, 'body.description', 'must be string'],
    ['a missing field', { ...valid, description: undefined }, 'body.description', 'is required'],
    [
      'a missing nested field',
      { ...valid, reporter: { name: 'Melder' } },
      'body.reporter.contact',
      'is required',
    ],
    [
      'an oversized string',
      { ...valid, description: 'x'.repeat(LIMITS.longText + 1) },
      'body.description',
      `more than ${LIMITS.longText}`,
    ],
    ['an empty string', { ...valid, description: '' }, 'body.description', 'fewer than 1'],
    ['a value outside the list', { ...valid, phenomenon: 'weird' }, 'body.phenomenon', 'must be one of'],
    ['a malformed date', { ...valid, observedOn: '31-12-2026' }, 'body.observedOn', 'must be a date'],
    ['an impossible date', { ...valid, observedOn: '2026-02-30' }, 'body.observedOn', 'must be a date'],
    [
      'a NUL character',
      { ...valid, reporter: { name: 'a\u0000b', contact: 'c' } },
      'body.reporter.name',
      'NUL',
    ],
    ['a date in the future', { ...valid, observedOn: '2999-01-01' }, 'body.observedOn', 'future'],
    ['an unknown field', { ...valid, isAdmin: true }, 'body.isAdmin', 'not a known field'],
    ['neither subject nor file', { ...valid, subject: undefined }, 'body.subject', 'exactly one'],
    [
      'a malformed id',
      { ...valid, subject: undefined, weighingFileId: 'abc' },
      'body.weighingFileId',
      'must be a UUID',
    ],
    [
      'an id with a urn prefix',
      { ...valid, subject: undefined, weighingFileId: 'urn:uuid:00000000-0000-4000-8000-000000000000' },
      'body.weighingFileId',
      'must be a UUID',
    ],
    [
      'the year 0000',
      { ...valid, observedOn: '0000-01-01' },
      'body.observedOn',
      'between the years 1800 and 2999',
    ],
  ];

  it.each(cases)('answers %s with a 400 naming the field', async (_label, body, field, problem) => {
    const response = await police.post('/api/signals', body);
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe(field);
    expect(response.body.error.message).toContain(problem);
  });

  it('answers an unknown id with a 404 naming the field', async () => {
    const response = await police.post('/api/signals', {
      ...valid,
      subject: undefined,
      weighingFileId: '00000000-0000-4000-8000-000000000000',
    });
    expect(response.status).toBe(404);
    expect(response.body.error).toMatchObject({ code: 'NOT_FOUND', field: 'params.id' });
  });

  it('answers malformed JSON with a 400', async () => {
    const response = await police.request('POST', '/api/signals', '{"description": ', {
      'content-type': 'application/json',
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('MALFORMED_JSON');
  });

  it.each([
    ['an array', '['.repeat(20_000) + ']'.repeat(20_000)],
    ['an object', '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000)],
  ])('answers %s nested thousands deep with a 400 naming the limit', async (_label, text) => {
    // Without a session too: the login route parses bodies of anyone.
    for (const [client, paths] of [
      [police, ['/api/signals', '/api/session']],
      [server.anonymous(), ['/api/session']],
    ] as const) {
      for (const path of paths) {
        const response = await client.request('POST', path, text, { 'content-type': 'application/json' });
        expect(response.status).toBe(400);
        expect(response.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'body' });
        expect(response.body.error.message).toContain(`deeper than ${LIMITS.jsonDepth} levels`);
      }
    }
  });

  it('takes nesting up to the limit, and does not count brackets inside strings', async () => {
    const deep = '['.repeat(LIMITS.jsonDepth) + ']'.repeat(LIMITS.jsonDepth);
    const response = await police.request('POST', '/api/signals', deep, {
      'content-type': 'application/json',
    });
    expect(response.status).toBe(400);
    expect(response.body.error.message).not.toContain('deeper');
    const brackets = await police.post('/api/signals', { ...valid, description: '[{"\\'.repeat(100) });
    expect(brackets.status).toBe(201);
  });

  it('answers a wrong content type with a 415', async () => {
    const response = await police.request('POST', '/api/signals', 'description=x', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(response.status).toBe(415);
    expect(response.body.error).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      field: 'headers.content-type',
    });
  });

  it('answers an oversized body with a 413', async () => {
    const response = await police.post('/api/signals', {
      ...valid,
      description: 'x'.repeat(LIMITS.bodyBytes + 10),
    });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers a malformed path id with a 400', async () => {
    const response = await police.get('/api/weighing-files/not-a-uuid');
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe('params.id');
  });

  it('never echoes the submitted value in an error', async () => {
    const response = await police.post('/api/signals', { ...valid, phenomenon: 'CANARY-VALUE-123' });
    expect(response.status).toBe(400);
    expect(response.text).not.toContain('CANARY-VALUE-123');
  });
});
