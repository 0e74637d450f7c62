import type { Server, Socket } from 'socket.io';
import type { Actor, ClientToServerEvents, ServerToClientEvents } from '../../../shared/index';
import type { RequestContext } from '../../context';
import type { WatchedSession } from '../session-watch';

export interface SocketData {
  actor: Actor;
  /** The session the socket was opened with: it is disconnected when that session ends (session-watch.ts). */
  session: WatchedSession;
  /**
   * Raised hands: per meeting, when this socket raised it (ISO time; absent once lowered). A time, not a flag,
   * so the queue follows the order in which hands went up. Plain data: it crosses instances (fetchSockets).
   */
  hands: Record<string, string>;
  /** Per meeting, since when (ISO time) this socket's participant has the floor, given by the chair. */
  floor: Record<string, string>;
  /** Where the socket connects from, for the audit log (the same for REST, server/requester.ts). */
  origin: RequestContext['origin'];
  /** The event bus's `accessChanges` as the handshake began to decide (compared once the socket is connected). */
  accessChangesSeen: number;
}

export type ControlSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
export type ControlServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

const PREFIX = 'meeting:';
/** The socket.io room of a meeting: its sockets are who is present. */
export const room = (meetingId: string) => `${PREFIX}${meetingId}`;
/** The meetings whose rooms are among these. */
export const meetingsIn = (rooms: Iterable<string>) =>
  [...rooms].filter((r) => r.startsWith(PREFIX)).map((r) => r.slice(PREFIX.length));

/** The service context of a socket's events: its actor (as authorised now) and origin. */
export const contextOf = (socket: ControlSocket): RequestContext => ({
  actor: socket.data.actor,
  origin: socket.data.origin,
});
