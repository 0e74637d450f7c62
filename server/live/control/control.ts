import type { FastifyInstance } from 'fastify';
import { refusal } from '../../services/meeting-control/refusal';
import type { MeetingStates } from './meeting-state';
import { room, type ControlServer, type ControlSocket } from './sockets';

/** What every group of handlers works with. */
export interface Control {
  app: FastifyInstance;
  io: ControlServer;
  states: MeetingStates;
}

/** Steering a meeting takes having joined it (being present in its room). */
export function joined(socket: ControlSocket, meetingId: string): void {
  if (!socket.rooms.has(room(meetingId))) throw refusal('CONFLICT', 'join the meeting first');
}
