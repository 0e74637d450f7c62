import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, onStepUpRequired, onUnauthenticated, request, toApiError } from './http';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

afterEach(() => vi.unstubAllGlobals());

describe('toApiError', () => {
  it('carries code, message, field and rule of the error body', async () => {
    const error = await toApiError(
      json(403, { error: { code: 'FORBIDDEN', message: 'only core parties', rule: 'art. 8.4' } }),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
      rule: 'art. 8.4',
      message: 'only core parties',
    });
  });

  it('reads Retry-After on a throttled login', async () => {
    const error = await toApiError(
      json(429, { error: { code: 'LOGIN_THROTTLED', message: 'slow down' } }, { 'retry-after': '30' }),
    );
    expect(error.retryAfter).toBe(30);
  });

  it('survives a body that is not the contract (a proxy error page)', async () => {
    const error = await toApiError(new Response('<html>Bad gateway</html>', { status: 502 }));
    expect(error).toMatchObject({ status: 502, code: 'INTERNAL' });
  });

  it("takes a proxy's 503 for the temporary outage it is", async () => {
    const error = await toApiError(new Response('<html>Unavailable</html>', { status: 503 }));
    expect(error).toMatchObject({ status: 503, code: 'UNAVAILABLE' });
  });
});

describe('request', () => {
  it('sends JSON with the session cookie and parses the answer', async () => {
    const fetchMock = vi.fn(() => Promise.resolve(json(201, { ok: true })));
    vi.stubGlobal('fetch', fetchMock);
    await expect(request('/api/signals', { method: 'POST', body: { a: 1 } })).resolves.toEqual({ ok: true });
    expect(fetchMock).toHaveBeenCalledWith(
      '/api/signals',
      expect.objectContaining({
        method: 'POST',
        credentials: 'same-origin',
        body: '{"a":1}',
        headers: expect.objectContaining({ 'content-type': 'application/json' }) as unknown,
      }),
    );
  });

  it('reports an ended session, except on the session endpoint itself', async () => {
    const seen: string[] = [];
    const stop = onUnauthenticated((_error, path) => seen.push(path));
    vi.stubGlobal('fetch', () =>
      Promise.resolve(json(401, { error: { code: 'NOT_AUTHENTICATED', message: 'log in' } })),
    );
    await expect(request('/api/meetings')).rejects.toBeInstanceOf(ApiError);
    await expect(request('/api/session')).rejects.toBeInstanceOf(ApiError);
    stop();
    expect(seen).toEqual(['/api/meetings']);
  });

  it('turns a network failure into an ApiError the UI can describe', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    await expect(request('/api/meetings')).rejects.toMatchObject({ code: 'NETWORK_ERROR', status: 0 });
  });

  it('asks for a step-up once and sends the request again; gives up when the user cancels', async () => {
    const stepUp = json(403, { error: { code: 'STEP_UP_REQUIRED', message: 'confirm' } });
    const answers = [stepUp, json(200, { ok: true })];
    const fetchMock = vi.fn(() => Promise.resolve(answers.shift()!));
    vi.stubGlobal('fetch', fetchMock);
    let asked = 0;
    let stop = onStepUpRequired(() => Promise.resolve(++asked > 0));
    await expect(request('/api/authorisations', { method: 'POST', body: {} })).resolves.toEqual({ ok: true });
    expect(asked).toBe(1);
    expect(fetchMock).toHaveBeenCalledTimes(2);
    stop();

    vi.stubGlobal('fetch', () =>
      Promise.resolve(json(403, { error: { code: 'STEP_UP_REQUIRED', message: 'confirm' } })),
    );
    stop = onStepUpRequired(() => Promise.resolve(false));
    await expect(request('/api/authorisations', { method: 'POST', body: {} })).rejects.toMatchObject({
      code: 'STEP_UP_REQUIRED',
    });
    stop();
  });
});
