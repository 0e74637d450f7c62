import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
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
import { actUnder, controlSubscriptions } from './subscriptions';
import { loadActor } from '../../services/actors';
import { loggableError } from '../../safe-log';

/**
 * Meeting control on socket.io, on the same server as the API: the transport only. The handshake is checked on
 * every connection, reconnections included (socket.io's connection-state recovery is not used); each event's
 * payload is checked against its schema and handed to a use case (server/services/meeting-control/). Meeting
 * state and the current item live in the database; presence is the set of sockets in the meeting's room.
 */
export default fp(
  async (app: FastifyInstance, options: { channel: string }) => {
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
    // Several instances: the official Redis adapter carries room broadcasts and fetchSockets to every instance, so
    // a meeting's state, presence, hands, consent rounds and current item reach its participants wherever they are.
    // The client speaks WebSocket only (no polling), so no sticky sessions are needed.
    const redis = app.config.redisUrl
      ? { pub: new Redis(app.config.redisUrl), sub: new Redis(app.config.redisUrl) }
      : null;
    if (redis) {
      for (const client of [redis.pub, redis.sub])
        client.on('error', (error: Error) =>
          app.log.warn({ error: error.message }, 'live control: Redis connection error'),
        );
      // The adapter publishes without awaiting: a message lost with the link (the instance then counts as cut
      // off and fails closed, server/events/redis-bus.ts) must be logged, not become an unhandled rejection.
      const pub = redis.pub;
      const publish = (channel: string, message: string | Buffer) =>
        pub.call('publish', channel, message) as Promise<number>;
      (pub as unknown as { publish: typeof publish }).publish = (channel, message) =>
        publish(channel, message).catch((error: unknown) => {
          app.log.warn({ error: String(error) }, 'live control: not sent to the other instances (Redis)');
          return 0;
        });
      io.adapter(createAdapter(redis.pub, redis.sub, { key: `${options.channel}:control` }));
    }
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
      // A revocation handled while the handshake decided passed this socket by (it was not connected yet, so no
      // subscriber saw it): it acts under its membership as the database has it now, as the subscriber would
      // have made it (art. 15: a revocation takes effect at once). Its events wait until that is settled.
      const redecided =
        app.events.accessChanges === socket.data.accessChangesSeen
          ? null
          : loadActor(app.db, socket.data.actor.membershipId).then(
              (actor) => void actUnder(actor, [socket], false),
              (error: unknown) => {
                app.log.error(
                  { error: loggableError(error) },
                  'live control: re-deciding a handshake failed',
                );
                socket.disconnect(true);
              },
            );
      socket.use((_, next) => {
        app.sessionWatch.activity(sessionId);
        if (!redecided) return next();
        void redecided.then(() => {
          if (socket.connected) next();
        });
      });
      presenceHandlers(control, socket);
      agendaHandlers(control, socket);
      consentHandlers(control, socket);
      admissionHandlers(control, socket);
      closingHandlers(control, socket);
    });

    const unsubscribe = controlSubscriptions(control);
    // Cut off from Redis for more than a second: this instance's meeting sockets go (the client reconnects, possibly
    // elsewhere); handshakes are refused until the link is back (live/handshake.ts). Fail closed.
    unsubscribe.push(
      app.events.onStatus((status) => {
        if (status === 'isolated') io.local.disconnectSockets(true);
      }),
    );

    // Not io.close(): that would close the HTTP server, which Fastify closes itself.
    app.addHook('preClose', async () => {
      unsubscribe.forEach((stop) => stop());
      // This instance's sockets only: with the Redis adapter io.disconnectSockets would reach every instance.
      io.local.disconnectSockets(true);
      io.engine.close();
    });
    app.addHook('onClose', async () => {
      if (!redis) return;
      // Let what the disconnections above set in motion run before the adapter's connections go.
      await new Promise((resolve) => setImmediate(resolve));
      await Promise.all([redis.pub.quit(), redis.sub.quit()].map((done) => done.catch(() => undefined)));
    });
  },
  { name: 'live-control', dependencies: ['live', 'events', 'session-watch'] },
);
