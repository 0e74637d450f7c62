import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { Server } from 'socket.io';
import { CONTROL_PATH } from '../../../shared/index';
import { handshakeRefusal } from '../handshake';
import { admissionHandlers } from './admissions';
import { agendaHandlers } from './agenda';
import { closingHandlers } from './closing';
import { consentHandlers } from './consent';
import type { Control } from './control';
import { controlHandshake } from './handshake';
import { MeetingStates } from './meeting-state';
import { presenceHandlers } from './presence';
import type { ControlServer, ControlSocket } from './sockets';
import { controlSubscriptions } from './subscriptions';

/**
 * Meeting control on socket.io, on the same server as the API: the transport only. The handshake is checked on
 * every connection, reconnections included (socket.io's connection-state recovery is not used); each event's
 * payload is checked against its schema and handed to a use case (server/services/meeting-control/). Meeting
 * state and the current item live in the database; presence is the set of sockets in the meeting's room.
 */
export default fp(
  async (app: FastifyInstance) => {
    const io: ControlServer = new Server(app.server, {
      path: CONTROL_PATH,
      serveClient: false,
      // Leave upgrades of other paths (the Yjs endpoint) alone, however long their authentication takes.
      destroyUpgrade: false,
      maxHttpBufferSize: 16 * 1024,
      allowRequest: (request, callback) => {
        const refused = handshakeRefusal(app, request);
        callback(refused?.reason ?? null, refused === null);
      },
    });
    controlHandshake(app, io);
    const control: Control = { app, io, states: new MeetingStates(app, io) };

    io.on('connection', (socket: ControlSocket) => {
      const sessionId = socket.data.session.id;
      // The session's end (logout, expiry) ends this socket too; every event counts as live activity.
      const unwatch = app.sessionWatch.watch(socket.data.session, (reason) => {
        socket.emit('session:ended', { reason });
        socket.disconnect(true);
      });
      socket.on('disconnect', unwatch);
      socket.use((_, next) => {
        app.sessionWatch.activity(sessionId);
        next();
      });
      presenceHandlers(control, socket);
      agendaHandlers(control, socket);
      consentHandlers(control, socket);
      admissionHandlers(control, socket);
      closingHandlers(control, socket);
    });

    const unsubscribe = controlSubscriptions(control);

    // Not io.close(): that would close the HTTP server, which Fastify closes itself.
    app.addHook('preClose', async () => {
      unsubscribe.forEach((stop) => stop());
      // This instance's sockets only: with the Redis adapter io.disconnectSockets would reach every instance.
      io.local.disconnectSockets(true);
      io.engine.close();
    });
  },
  { name: 'live-control', dependencies: ['live', 'events', 'session-watch'] },
);
