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
 * Puts a new case on a casusoverleg agenda: a signal about a new subject, the weegploeg's decision to put it on
 * the casusoverleg agenda involving the named parties (art. 7.3–7.4, which creates the case file), and the item on
 * the agenda (which invites those parties, art. 9.1). Returns the meeting's agenda item ids.
 */
export async function addCaseItem(
  baseUrl: string,
  meetingId: string,
  { subject, involve }: { subject: string; involve: readonly string[] },
): Promise<string[]> {
  const police = await apiAs(baseUrl, 'politie');
  const executor = await apiAs(baseUrl, 'uitvoerder');
  const covenant = await executor.get('/api/covenant');
  const partyOf = (type: string) => {
    const party = covenant.parties.find((p: { organisationType: string }) => p.organisationType === type);
    if (!party) throw new Error(`no ${type} party in the demo covenant`);
    return party.id as string;
  };
  const signal = await police.post('/api/signals', {
    subject: { name: subject },
    description: 'Deelt oproepen tot geweld in een besloten groep.',
    observedOn: '2026-01-15',
    reporter: { name: 'Wijkagent (fictief)', contact: 'wijkteam@politie.example' },
    phenomenon: 'other',
    setting: 'online',
  });
  const decided = await executor.post(`/api/weighing-files/${signal.weighingFileId}/decisions`, {
    outcome: 'agenda',
    grounds: 'Integrale aanpak nodig.',
    findings: covenant.referenceFramework.criteria.map((c: { id: string }) => ({
      criterionId: c.id,
      finding: 'unknown',
      grounds: '',
    })),
    decidedByPartyIds: ['municipality', 'police', 'prosecution'].map(partyOf),
    involvedPartyIds: involve.map(partyOf),
  });
  const detail = await executor.post(`/api/meetings/${meetingId}/agenda-items`, {
    caseFileId: decided.decision.caseFileId,
  });
  return detail.agenda.map((item: { id: string }) => item.id);
}

/** A casusoverleg with one agenda item per case (see addCaseItem). */
export async function scheduleCaseMeeting(
  baseUrl: string,
  title: string,
  cases: readonly { subject: string; involve: readonly string[] }[],
): Promise<{ meetingId: string; itemIds: string[] }> {
  const executor = await apiAs(baseUrl, 'uitvoerder');
  const meeting = await executor.post('/api/meetings', {
    kind: 'case',
    title,
    scheduledAt: new Date(Date.now() + 86_400_000).toISOString(),
  });
  let itemIds: string[] = [];
  for (const item of cases) itemIds = await addCaseItem(baseUrl, meeting.id, item);
  return { meetingId: meeting.id, itemIds };
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
