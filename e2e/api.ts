import { DEMO_PASSWORD } from './server';

/**
 * The API as a demo user, from the test process (no browser): to set up what a test needs faster than through
 * the screens that other tests already cover. Node's fetch sends no Origin, as a non-browser client.
 */
export interface ApiClient {
  get<T = any>(path: string): Promise<T>;
  post<T = any>(path: string, body: unknown): Promise<T>;
}

export async function apiAs(baseUrl: string, username: string): Promise<ApiClient> {
  const login = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`login ${username}: ${login.status} ${await login.text()}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} as ${username}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }
  return { get: (path) => call('GET', path), post: (path, body) => call('POST', path, body) };
}

/**
 * A new local account granted by the demo administrator (art. 15.2c), in the organisation whose name matches;
 * answers its initial password. Its first login enrols a second factor (not a demo account).
 */
export async function grantAccount(
  baseUrl: string,
  account: { username: string; displayName: string; organisation: RegExp; role: string; capacity: string },
): Promise<string> {
  const admin = await apiAs(baseUrl, 'beheerder');
  const list = await admin.get<{ organisations: { id: string; name: string }[] }>('/api/authorisations');
  const organisation = list.organisations.find((o) => account.organisation.test(o.name))!;
  const granted = await admin.post<{ initialPassword: string }>('/api/authorisations', {
    username: account.username,
    displayName: account.displayName,
    organisationId: organisation.id,
    role: account.role,
    capacity: account.capacity,
  });
  return granted.initialPassword;
}
