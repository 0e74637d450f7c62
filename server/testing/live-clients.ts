import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import {
  CONTROL_PATH,
  controlHandshakeAuth,
  YJS_PATH,
  type ClientToServerEvents,
  type ControlAck,
  type MeetingControlState,
  type ServerToClientEvents,
} from '../../shared/index';
import type { TestClient, TestServer } from './harness';

/** The stock y-websocket client, given the session cookie the way a browser would send it. */
export function connectDoc(
  server: TestServer,
  user: TestClient | null,
  name: string,
  headers: Record<string, string> = {},
) {
  const cookie = user?.cookie;
  class SessionWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers: { ...(cookie ? { cookie } : {}), ...headers } });
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(server.url.replace('http', 'ws') + YJS_PATH, name, doc, {
    WebSocketPolyfill: SessionWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true, // no shortcut between clients in one process: everything goes through the server
  });
  /** The close code of the provider's last connection once the server closed it, every code and reason seen. */
  const closed: { code: number | null; codes: number[]; reasons: string[] } = {
    code: null,
    codes: [],
    reasons: [],
  };
  provider.on('connection-close', (event) => {
    closed.code = event?.code ?? null;
    if (event?.code) {
      closed.codes.push(event.code);
      closed.reasons.push(event.reason);
    }
  });
  return { doc, provider, closed };
}

export async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Opens a raw socket to a document and collects what it receives until the server closes it. */
export function rawAttempt(server: TestServer, name: string, headers: Record<string, string>) {
  return new Promise<{ code: number; frames: Buffer[] }>((resolve) => {
    const frames: Buffer[] = [];
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}${YJS_PATH}/${name}`, { headers });
    ws.on('message', (data) => frames.push(data as Buffer));
    ws.on('close', (code) => resolve({ code, frames }));
    ws.on('error', () => undefined);
  });
}

export type ControlClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/** socket.io meeting-control clients for one test server; `disconnectAll` in afterAll. */
export function controlClients(server: () => TestServer) {
  const sockets: ControlClient[] = [];
  return {
    connect: (
      user: TestClient | null,
      headers: Record<string, string> = {},
      auth: Record<string, unknown> = controlHandshakeAuth(),
    ): ControlClient => {
      const socket: ControlClient = io(server().url, {
        path: CONTROL_PATH,
        auth,
        transports: ['websocket'],
        reconnection: false,
        extraHeaders: { ...(user?.cookie ? { cookie: user.cookie } : {}), ...headers },
      });
      sockets.push(socket);
      return socket;
    },
    call: <E extends keyof ClientToServerEvents>(
      socket: ControlClient,
      event: E,
      payload: Parameters<ClientToServerEvents[E]>[0],
    ): Promise<ControlAck> => {
      return new Promise<ControlAck>((resolve) =>
        (socket.emit as (e: E, p: unknown, ack: (r: ControlAck) => void) => void)(event, payload, resolve),
      );
    },
    nextState: (socket: ControlClient, predicate: (state: MeetingControlState) => boolean) => {
      return new Promise<MeetingControlState>((resolve) => {
        const listener = (state: MeetingControlState) => {
          if (!predicate(state)) return;
          socket.off('meeting:state', listener);
          resolve(state);
        };
        socket.on('meeting:state', listener);
      });
    },
    /**
     * Closes (freezes) the meeting as a chair would: every agenda item first gets an outcome in a consent round
     * ("agreed"; a weegploeg item without a recorded decision is carried over), then chair:close. Returns the
     * close ack.
     */
    close: async (chair: ControlClient, meetingId: string): Promise<ControlAck> => {
      const call = (event: keyof ClientToServerEvents, payload: unknown) =>
        new Promise<ControlAck>((resolve) =>
          (chair.emit as (e: string, p: unknown, ack: (r: ControlAck) => void) => void)(
            event,
            payload,
            resolve,
          ),
        );
      const joined = await call('meeting:join', { meetingId });
      if (!joined.ok) return joined;
      for (const itemId of joined.state.agendaItemIds) {
        const asked = await call('chair:consent-ask', { meetingId, itemId });
        // A casusoverleg item needs a proposal: go on with the plan, review in a month.
        if (!asked.ok && asked.error.code === 'BAD_REQUEST')
          await call('chair:consent-ask', {
            meetingId,
            itemId,
            proposal: { advice: 'continue', nextReviewDate: '2027-01-15' },
          });
        // A weegploeg item without a recorded decision is carried over.
        const agreed = await call('chair:outcome', { meetingId, itemId, outcome: 'agreed' });
        if (!agreed.ok) await call('chair:outcome', { meetingId, itemId, outcome: 'carried_over' });
      }
      return call('chair:close', { meetingId });
    },
    disconnectAll: (): void => {
      for (const socket of sockets) socket.disconnect();
    },
  };
}
