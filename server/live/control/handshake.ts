import type { FastifyInstance } from 'fastify';
import { Value } from '@sinclair/typebox/value';
import {
  ControlHandshakeAuthSchema,
  LIVE_PROTOCOL_VERSION,
  type ControlRefusalCode,
} from '../../../shared/index';
import { isDatabaseUnavailable } from '../../database-outage';
import { loggableError } from '../../safe-log';
import { clientAddress } from '../caps';
import { handshakeActor, handshakeOrigin } from '../handshake';
import type { ControlServer } from './sockets';

const refusal = (code: ControlRefusalCode, message: string) =>
  Object.assign(new Error(code), { data: { code, message } });

/** The protocol version a handshake's auth payload names, or null when it names none. */
function versionOf(auth: unknown): number | null {
  return Value.Check(ControlHandshakeAuthSchema, auth) ? auth.protocolVersion : null;
}

/**
 * Every (re)connection: the client's protocol version first (no work for a client that cannot understand the
 * answers), then a slot under the connection caps (the address before any database work), then the session
 * behind the cookie. A refusal is a `connect_error` whose message is its code, with a human message in `data`.
 */
export function controlHandshake(app: FastifyInstance, io: ControlServer): void {
  io.use((socket, next) => {
    const version = versionOf(socket.handshake.auth);
    if (version !== LIVE_PROTOCOL_VERSION)
      return next(
        refusal(
          'PROTOCOL_MISMATCH',
          `this server speaks live protocol version ${LIVE_PROTOCOL_VERSION}, the client ` +
            (version === null ? 'named none' : `version ${version}`) +
            ': reload the page',
        ),
      );
    // Control sockets count toward the same caps as the Yjs documents; the slots go back when the transport closes.
    const addressSlot = app.live.caps.address(clientAddress(app, socket.request));
    if (!addressSlot)
      return next(refusal('TOO_MANY_CONNECTIONS', 'too many live connections from this address'));
    socket.conn.once('close', addressSlot);
    const accessChangesSeen = app.events.accessChanges;
    app.live.handshakes
      .run(() => handshakeActor(app, socket.request))
      .then(
        (handshake) => {
          if (!handshake) {
            addressSlot();
            return next(refusal('NOT_AUTHENTICATED', 'log in first'));
          }
          const { actor, session } = handshake;
          // The client may have gone while the handshake ran: its transport's close has passed, take no slot.
          if (socket.conn.readyState === 'closed') {
            addressSlot();
            return next(refusal('NOT_CONNECTED', 'the client left during the handshake'));
          }
          // The instance began shutting down, or was cut off from Redis, while the session was read: its sockets
          // were disconnected then, and this one, not yet connected, was passed by. It would act under rights this
          // instance can no longer keep current (art. 15: a revocation takes effect at once); the client tries
          // again, possibly on another instance.
          if (app.lifecycle.draining || !app.events.connected) {
            addressSlot();
            return next(
              refusal('UNAVAILABLE', 'server shutting down or cut off from the other instances; reconnect'),
            );
          }
          const userSlot = app.live.caps.user(actor.membershipId);
          if (!userSlot) {
            addressSlot();
            return next(refusal('TOO_MANY_CONNECTIONS', 'too many live connections for this user'));
          }
          socket.conn.once('close', userSlot);
          socket.data.actor = actor;
          socket.data.session = session;
          socket.data.hands = {};
          socket.data.floor = {};
          socket.data.origin = handshakeOrigin(app, socket.request);
          socket.data.accessChangesSeen = accessChangesSeen;
          next();
        },
        (error: unknown) => {
          addressSlot();
          app.log.error({ error: loggableError(error) }, 'live control: handshake failed');
          next(
            isDatabaseUnavailable(error)
              ? refusal('UNAVAILABLE', 'the database is temporarily unavailable; try again shortly')
              : refusal('INTERNAL', 'the handshake failed; it has been logged'),
          );
        },
      );
  });
}
