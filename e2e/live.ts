import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  CONTROL_PATH,
  controlHandshakeAuth,
  YJS_PATH,
  docName,
  type ClientToServerEvents,
  type Compartment,
  type ControlAck,
  type ServerToClientEvents,
} from '../shared/index';
import { apiAs } from './api';
import { DEMO_PASSWORD } from './server';

/**
 * A meeting run over the wire, from the test process (no browser): meeting control over socket.io and edits to
 * the live documents over y-websocket, as a demo user. For tests about what comes after the meeting (the
 * minutes), where the live screen has tests of its own.
 */

type Control = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The session cookie of a demo user, as a browser would send it. */
export async function cookieOf(baseUrl: string, username: string): Promise<string> {
  const login = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`login ${username}: ${login.status}`);
  return (login.headers.get('set-cookie') ?? '').split(';')[0]!;
}

/** Meeting control over socket.io as one user, joined to the meeting. */
export async function controlAs(baseUrl: string, username: string, meetingId: string) {
  const socket: Control = io(baseUrl, {
    path: CONTROL_PATH,
    auth: controlHandshakeAuth(),
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: { cookie: await cookieOf(baseUrl, username) },
  });
  const call = (event: keyof ClientToServerEvents, payload: Record<string, unknown>) =>
    new Promise<ControlAck>((resolve) =>
      (socket.emit as (e: string, p: unknown, ack: (r: ControlAck) => void) => void)(event, payload, resolve),
    ).then((ack) => {
      if (!ack.ok) throw new Error(`${username} ${event}: ${ack.error.code} ${ack.error.message}`);
      return ack.state;
    });
  await call('meeting:join', { meetingId });
  return { socket, call };
}

/** Writes into a compartment's live document as one user, and waits until the server has it. */
export async function writeLive(
  baseUrl: string,
  username: string,
  address: { meetingId: string; itemId: string; compartment: Exclude<Compartment, 'agenda'> },
  write: (doc: Y.Doc) => void,
  /** True when a document has what was written. */
  written: (doc: Y.Doc) => boolean,
): Promise<void> {
  const cookie = await cookieOf(baseUrl, username);
  class SessionWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  }
  const open = () => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(baseUrl.replace('http', 'ws') + YJS_PATH, docName(address), doc, {
      WebSocketPolyfill: SessionWebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    return { doc, provider };
  };
  const synced = (provider: WebsocketProvider) =>
    new Promise<void>((resolve) => {
      if (provider.synced) resolve();
      else provider.once('sync', () => resolve());
    });
  const writer = open();
  await synced(writer.provider);
  write(writer.doc);
  // Read back through a second connection: the server has what was written once that one sees it.
  const deadline = Date.now() + 10_000;
  for (;;) {
    const reader = open();
    await synced(reader.provider);
    const seen = written(reader.doc);
    reader.provider.destroy();
    if (seen) break;
    if (Date.now() > deadline) throw new Error(`the server did not get the edit of ${address.compartment}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  writer.provider.destroy();
}

/**
 * A weegploeg that decides on one new subject and is frozen, over the wire (as server/testing/meetings.ts does for
 * the server's tests): a police signal with its reporter, a weegploeg with the subject on its agenda, opened by
 * the chair, the executor's decision recorded as the meeting's (art. 7.3–7.4), a consent round the three core
 * parties agree to, and the meeting closed — which freezes the minutes and starts the notification duty (art. 11).
 */
export async function frozenWeighingDecision(
  baseUrl: string,
  options: {
    subject: string;
    description: string;
    reporter: { name: string; contact: string };
    outcome?: 'agenda' | 'not_substantial';
    grounds?: string;
    /** Organisation types to involve in the casusoverleg (with `agenda`); the municipality and police if not given. */
    involve?: readonly string[];
    /** When the weegploeg is scheduled; in an hour if not given. */
    scheduledAt?: string;
  },
): Promise<{
  meetingId: string;
  itemId: string;
  weighingFileId: string;
  reference: string;
  caseFileId: string | null;
}> {
  const police = await apiAs(baseUrl, 'politie');
  const executor = await apiAs(baseUrl, 'uitvoerder');
  const outcome = options.outcome ?? 'agenda';
  const signal = await police.post('/api/signals', {
    subject: { name: options.subject },
    description: options.description,
    observedOn: '2026-01-15',
    reporter: options.reporter,
    phenomenon: 'other',
    setting: 'online',
  });
  const weighingFileId = signal.weighingFileId as string;
  const meeting = await executor.post('/api/meetings', {
    kind: 'weighing',
    title: `Weegploeg ${options.subject}`,
    scheduledAt: options.scheduledAt ?? new Date(Date.now() + 3_600_000).toISOString(),
  });
  const meetingId = meeting.id as string;
  const detail = await executor.post(`/api/meetings/${meetingId}/agenda-items`, { weighingFileId });
  const itemId = detail.agenda[0].id as string;

  const chair = await controlAs(baseUrl, 'voorzitter', meetingId);
  await chair.call('chair:open', { meetingId });
  const members = await Promise.all(
    ['gemeente', 'politie', 'om'].map((name) => controlAs(baseUrl, name, meetingId)),
  );
  const covenant = await executor.get('/api/covenant');
  const partyOf = (type: string) =>
    covenant.parties.find((p: { organisationType: string }) => p.organisationType === type).id as string;
  await executor.post(`/api/weighing-files/${weighingFileId}/decisions`, {
    meetingId,
    outcome,
    grounds: options.grounds ?? 'Meerdere signalen; een integrale aanpak is nodig.',
    findings: covenant.referenceFramework.criteria.map((c: { id: string }, index: number) => ({
      criterionId: c.id,
      finding: index === 0 ? 'present' : 'unknown',
      grounds: '',
    })),
    decidedByPartyIds: ['municipality', 'police', 'prosecution'].map(partyOf),
    involvedPartyIds:
      outcome === 'agenda' ? (options.involve ?? ['municipality', 'police']).map(partyOf) : [],
  });
  await chair.call('chair:discuss', { meetingId, itemId });
  await chair.call('chair:consent-ask', { meetingId, itemId });
  for (const member of members) await member.call('consent:vote', { meetingId, itemId, vote: 'agree' });
  await chair.call('chair:outcome', { meetingId, itemId, outcome: 'agreed' });
  await chair.call('chair:close', { meetingId });
  for (const socket of [chair, ...members]) socket.socket.disconnect();

  const file = await executor.get(`/api/weighing-files/${weighingFileId}`);
  // Taken at the freeze (art. 7.4): the decision now names the case file its data was copied to (art. 8.5).
  const taken = file.decisions.find((d: { state: string }) => d.state === 'taken');
  if (!taken) throw new Error('the weegploeg decision was not taken at the freeze');
  return {
    meetingId,
    itemId,
    weighingFileId,
    reference: file.subjectReference as string,
    caseFileId: taken.caseFileId as string | null,
  };
}

/**
 * Puts a new case on a casusoverleg agenda: a signal about a new subject, a weegploeg that decides to put it on the
 * casusoverleg agenda involving the named parties (art. 7.3–7.4; its freeze creates the case file, art. 8.5), and
 * the item on the agenda (which invites those parties, art. 9.1). The weegploeg is scheduled far ahead, so that no
 * casusoverleg comes after it to take the case by itself. Returns the meeting's agenda item ids.
 */
export async function addCaseItem(
  baseUrl: string,
  meetingId: string,
  { subject, involve }: { subject: string; involve: readonly string[] },
): Promise<string[]> {
  const { caseFileId } = await frozenWeighingDecision(baseUrl, {
    subject,
    description: 'Deelt oproepen tot geweld in een besloten groep.',
    reporter: { name: 'Wijkagent (fictief)', contact: 'wijkteam@politie.example' },
    grounds: 'Integrale aanpak nodig.',
    involve,
    scheduledAt: '2099-01-05T09:00:00Z',
  });
  const executor = await apiAs(baseUrl, 'uitvoerder');
  const detail = await executor.post(`/api/meetings/${meetingId}/agenda-items`, { caseFileId });
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
 * A casusoverleg on one new case, run and frozen over the wire: the chair opens it and discusses the item, the
 * police write `analysis` into the analysis, and agree to continuing the plan; the chair records the outcome and
 * closes the meeting. The chair's municipality and the police attended the item; the other involved parties not.
 */
export async function frozenCaseMeeting(
  baseUrl: string,
  options: { title: string; subject: string; involve: readonly string[]; analysis: string },
): Promise<{ meetingId: string; itemId: string }> {
  const seeded = await scheduleCaseMeeting(baseUrl, options.title, [
    { subject: options.subject, involve: options.involve },
  ]);
  const meetingId = seeded.meetingId;
  const itemId = seeded.itemIds[0]!;
  const chair = await controlAs(baseUrl, 'voorzitter', meetingId);
  const police = await controlAs(baseUrl, 'politie', meetingId);
  await chair.call('chair:open', { meetingId });
  await chair.call('chair:discuss', { meetingId, itemId });
  await writeLive(
    baseUrl,
    'politie',
    { meetingId, itemId, compartment: 'analysis' },
    (doc) => doc.getText('analysis').insert(0, options.analysis),
    (doc) => doc.getText('analysis').toJSON() === options.analysis,
  );
  await chair.call('chair:consent-ask', {
    meetingId,
    itemId,
    proposal: { advice: 'continue', nextReviewDate: '2027-02-01' },
  });
  await police.call('consent:vote', { meetingId, itemId, vote: 'agree' });
  await chair.call('chair:outcome', { meetingId, itemId, outcome: 'agreed' });
  await chair.call('chair:close', { meetingId });
  for (const socket of [chair, police]) socket.socket.disconnect();
  return { meetingId, itemId };
}
