import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  CONTROL_PATH,
  YJS_PATH,
  docName,
  type ClientToServerEvents,
  type Compartment,
  type ControlAck,
  type ServerToClientEvents,
} from '../shared/index';
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
