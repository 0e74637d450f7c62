import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../shared/index';
import { originPolicyOf, requestRefusal, type Refusal } from '../origin-policy';
import { requesterOrigin, sessionActor } from '../requester';
import type { AuditOrigin } from '../services/audit';
import { SESSION_COOKIE, type ResumedSession } from '../services/sessions';
import { singleFlight } from './single-flight';

/**
 * Host and Origin check of a WebSocket or socket.io handshake, the same as for REST (server/origin-policy.ts): a
 * page elsewhere must not ride on the user's cookie (cross-site WebSocket hijacking), nor a page whose name was
 * pointed at this server (DNS rebinding). A browser always sends Origin; no Origin means no browser. Refused
 * too while the instance shuts down, or is cut off from Redis (several instances): it could not keep rights
 * current then, so the client reconnects, possibly to another instance (fail closed).
 */
export const handshakeRefusal = (
  app: FastifyInstance,
  request: IncomingMessage,
): Refusal | ShuttingDown | null =>
  app.lifecycle.draining
    ? { kind: 'shutting-down', reason: 'server shutting down' }
    : !app.events.connected
      ? { kind: 'shutting-down', reason: 'cut off from the other instances; reconnect' }
      : requestRefusal(originPolicyOf(app), request, {
          trustProxy: app.config.trustProxy,
          checkOrigin: true,
        });

/**
 * The instance is shutting down (server/plugins/lifecycle.ts): a new handshake is refused so that the client,
 * retrying, reaches another instance behind the load balancer (or this one after its restart).
 */
export interface ShuttingDown {
  kind: 'shutting-down';
  reason: string;
}

/**
 * The actor behind the session cookie of a handshake, with the session it came with (its live connections end
 * with it, see session-watch.ts), or null. Runs on every (re)connection; concurrent handshakes with the same
 * session share one lookup (see singleFlight).
 */
export async function handshakeActor(
  app: FastifyInstance,
  request: IncomingMessage,
): Promise<{ actor: Actor; session: ResumedSession } | null> {
  const token = app.parseCookie(request.headers.cookie ?? '')[SESSION_COOKIE];
  if (!token) return null;
  return actorOfSession(app, token);
}

const actorOfSession = singleFlight(
  (token: string) => token,
  (app: FastifyInstance, token: string) => sessionActor(app, token),
);

/** Who connects, for the audit log: behind a trusted proxy (TRUST_PROXY) the client's address, as for REST. */
export const handshakeOrigin = (app: FastifyInstance, request: IncomingMessage): AuditOrigin =>
  requesterOrigin(app, request);
