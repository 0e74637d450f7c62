import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/harness';

/** Requests are logged one line each, only at debug, by route pattern: no ids or query values in the log. */
describe('request log', () => {
  let server: TestServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  const requestLines = (logs: string[]) =>
    logs.filter((line) => {
      const entry = JSON.parse(line) as { msg?: string };
      return entry.msg === 'request' || entry.msg === 'incoming request' || entry.msg === 'request completed';
    });

  it('writes nothing per request at the default level', async () => {
    const logs: string[] = [];
    server = await startTestServer({ LOG_LEVEL: 'info' }, logs);
    const client = await server.login('politie');
    await client.get('/api/meetings');
    expect(requestLines(logs)).toEqual([]);
  });

  it('writes one line per request at debug, naming the route and not the path', async () => {
    const logs: string[] = [];
    server = await startTestServer({ LOG_LEVEL: 'debug' }, logs);
    const client = await server.login('politie');
    const id = '3f2b6c1e-8d4a-4b7e-9c2d-1a2b3c4d5e6f';
    await client.get(`/api/weighing-files/${id}?kanarie=Verwijzing-KANARIE`);
    const lines = requestLines(logs).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: 'request', method: 'GET', route: '/api/weighing-files/:id' }),
    );
    expect(logs.join('\n')).not.toContain(id);
    expect(logs.join('\n')).not.toContain('KANARIE');
  });
});
