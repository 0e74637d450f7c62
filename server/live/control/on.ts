import type { FastifyInstance } from 'fastify';
import { ErrorCode, type ClientToServerEvents, type ControlAck } from '../../../shared/index';
import { concurrentChange, isConcurrencyConflict, isDatabaseUnavailable } from '../../database-outage';
import { AppError } from '../../errors';
import { loggableError } from '../../safe-log';
import { stateFor, type ServerControlState } from '../control-view';
import { checkedPayload, type PayloadOf } from './payloads';
import type { ControlSocket } from './sockets';

export type Handler<E extends keyof ClientToServerEvents> = (
  socket: ControlSocket,
  payload: PayloadOf<E>,
) => Promise<ServerControlState>;

/** A refusal or failure as the acknowledgement carries it: the codes and messages REST gives (shared/errors.ts). */
export function failureAck(app: FastifyInstance, event: string, error: unknown): ControlAck {
  if (isConcurrencyConflict(error)) {
    app.log.warn(
      { error: loggableError(error) },
      `live control: ${event} lost a race with another transaction`,
    );
    error = concurrentChange();
  }
  if (error instanceof AppError) {
    const { code, message, rule, field } = error;
    return { ok: false, error: { code, message, ...(rule ? { rule } : {}), ...(field ? { field } : {}) } };
  }
  app.log.error({ error: loggableError(error) }, `live control: ${event} failed`);
  if (isDatabaseUnavailable(error))
    return {
      ok: false,
      error: {
        code: ErrorCode.Unavailable,
        message: 'the database is temporarily unavailable; try again shortly',
      },
    };
  return {
    ok: false,
    error: { code: ErrorCode.Internal, message: 'the request failed; it has been logged' },
  };
}

/**
 * Handles one client event. Its payload is checked against the event's schema first; every event with an
 * acknowledgement gets one: the reader's view of the meeting state, or an error (never silence until the
 * client's timeout).
 */
export function on<E extends keyof ClientToServerEvents>(
  app: FastifyInstance,
  socket: ControlSocket,
  event: E,
  handler: Handler<E>,
): void {
  socket.on(event, ((...args: unknown[]) => {
    const ack = args.at(-1);
    const reply = typeof ack === 'function' ? (ack as (result: ControlAck) => void) : () => undefined;
    const payloadArgs = typeof ack === 'function' ? args.slice(0, -1) : args;
    Promise.resolve()
      .then(() => handler(socket, checkedPayload(event, payloadArgs)))
      .then(
        (state) => reply({ ok: true, state: stateFor(socket.data.actor, state) }),
        (error: unknown) => reply(failureAck(app, event, error)),
      );
  }) as never);
}
