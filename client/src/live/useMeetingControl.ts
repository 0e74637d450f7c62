import { onScopeDispose, ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue';
import { io, type Socket } from 'socket.io-client';
import {
  CONTROL_PATH,
  controlHandshakeAuth,
  type ClientToServerEvents,
  type ControlAck,
  type ControlErrorCode,
  type Admission,
  type MeetingControlState,
  type ServerToClientEvents,
} from '../../../shared/live/control';
import type { ConsentVote, ItemOutcome } from '../../../shared/domain/consent';
import { isFrozen } from '../../../shared/domain/meetings';
import { ApiError, NETWORK_ERROR } from '../api/http';
import type { LinkState } from './connection-status';
import { leaveForLogin } from './session-ended';
import { reconnectDelayMs, reconnectsAfterDisconnect } from './control-reconnect';

type ControlSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type ControlEvent = keyof ClientToServerEvents;
type Payload<E extends ControlEvent> = Parameters<ClientToServerEvents[E]>[0];

/** How long an acknowledgement may take before the action counts as failed. */
const ACK_TIMEOUT_MS = 10_000;
/** After UNAVAILABLE (the server's database is down for a moment): when to try joining again. */
const UNAVAILABLE_RETRY_MS = 5_000;

/** The HTTP status REST gives the same code (acks carry the codes of shared/errors.ts). */
const STATUS: Partial<Record<ControlErrorCode, number>> = {
  NOT_AUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  RULE_VIOLATION: 422,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  PROTOCOL_MISMATCH: 426,
};

/** A refused control event as the ApiError the rest of the client shows (ErrorNotice, describeError). */
function controlError(code: ControlErrorCode, message: string, rule?: string): ApiError {
  return new ApiError({ status: STATUS[code] ?? 400, code, message, rule });
}

/**
 * Meeting control over socket.io: joins the meeting's room (again after every reconnection), follows the
 * server's `meeting:state`, and offers the chair's actions and the raised hand. Every action waits for the
 * server's acknowledgement; its refusal is kept in `error`. Without a network the socket is closed at once and
 * reopened on `online`. The socket is closed when the owning component unmounts.
 */
export function useMeetingControl(meetingId: string, online: MaybeRefOrGetter<boolean>) {
  const state = shallowRef<MeetingControlState | null>(null);
  const link = ref<LinkState>('disconnected');
  const everConnected = ref(false);
  const joined = ref(false);
  /** The live session is over: the meeting is closed (seen live, or refused at join). */
  const ended = ref(false);
  /** The last refusal or failure (join or action), as an ApiError. */
  const error = shallowRef<unknown>(null);
  /** The action waiting for its acknowledgement, if any. */
  const busy = ref<ControlEvent | null>(null);
  /** The action whose refusal `error` holds (so the screen can show it where the action was taken). */
  const failedAction = ref<ControlEvent | null>(null);
  /** Stop for good (not authenticated, not a participant): reconnecting would not change the answer. */
  let refused = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** A temporary outage is no refusal: try again in a moment, the screen keeps what it has. */
  function retryLater(action: () => void): void {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(action, UNAVAILABLE_RETRY_MS);
  }

  // The handshake names the live protocol this page speaks: a server of another version refuses it.
  const socket: ControlSocket = io({
    path: CONTROL_PATH,
    transports: ['websocket'],
    autoConnect: false,
    auth: controlHandshakeAuth(),
  });

  async function call<E extends ControlEvent>(event: E, payload: Payload<E>): Promise<ControlAck> {
    const timed = socket.timeout(ACK_TIMEOUT_MS) as unknown as {
      emitWithAck(event: E, payload: Payload<E>): Promise<ControlAck>;
    };
    try {
      return await timed.emitWithAck(event, payload);
    } catch {
      throw new ApiError({ status: 0, code: NETWORK_ERROR, message: 'no acknowledgement' });
    }
  }

  function receive(next: MeetingControlState): void {
    if (next.meetingId !== meetingId) return;
    state.value = next;
    if (isFrozen(next.state)) ended.value = true;
  }

  function stop(): void {
    socket.disconnect();
    link.value = 'disconnected';
    joined.value = false;
  }

  async function join(): Promise<void> {
    try {
      const result = await call('meeting:join', { meetingId });
      if (result.ok) {
        joined.value = true;
        error.value = null;
        failedAction.value = null;
        receive(result.state);
        return;
      }
      if (result.error.code === 'UNAVAILABLE') {
        error.value = controlError(result.error.code, result.error.message);
        failedAction.value = 'meeting:join';
        retryLater(() => {
          if (socket.connected && !ended.value) void join();
        });
        return;
      }
      if (result.error.code === 'CONFLICT') {
        // The meeting is closed: nothing live any more.
        ended.value = true;
      } else {
        refused = true;
        error.value = controlError(result.error.code, result.error.message, result.error.rule);
        failedAction.value = 'meeting:join';
      }
      stop();
    } catch (caught) {
      error.value = caught; // no answer: the reconnection will join again
      failedAction.value = 'meeting:join';
    }
  }

  socket.on('connect', () => {
    link.value = 'connected';
    everConnected.value = true;
    if (!ended.value) void join();
  });
  socket.on('disconnect', (reason) => {
    joined.value = false;
    // The server ended the socket (its instance shutting down): socket.io leaves that to us.
    if (reconnectsAfterDisconnect(reason, { refused, ended: ended.value, online: toValue(online) })) {
      link.value = 'connecting';
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => {
        if (!refused && !ended.value && toValue(online) && !socket.connected) socket.connect();
      }, reconnectDelayMs());
      return;
    }
    link.value = socket.active ? 'connecting' : 'disconnected';
  });
  socket.on('connect_error', (failure: Error) => {
    if (socket.active) {
      link.value = 'connecting';
      return;
    }
    if (failure.message === 'UNAVAILABLE') {
      link.value = 'connecting';
      error.value = controlError('UNAVAILABLE', failure.message);
      retryLater(() => {
        if (!refused && !ended.value && toValue(online)) socket.connect();
      });
      return;
    }
    // Refused by the handshake (no session, another protocol version); socket.io does not retry those.
    refused = true;
    link.value = 'disconnected';
    error.value = controlError(
      failure.message === 'NOT_AUTHENTICATED' || failure.message === 'PROTOCOL_MISMATCH'
        ? failure.message
        : 'BAD_REQUEST',
      failure.message,
    );
  });
  socket.io.on('reconnect_attempt', () => {
    link.value = 'connecting';
  });
  socket.on('meeting:state', receive);
  // The user's authorisation changed (or was revoked) while the meeting ran: start again from what the server
  // now allows, rather than show what may no longer be shown.
  socket.on('session:changed', () => window.location.reload());
  // The session ended (logout elsewhere, expiry): to the login screen, not a reconnection.
  socket.on('session:ended', () => {
    refused = true;
    leaveForLogin();
  });

  watch(
    () => toValue(online),
    (isOnline) => {
      if (!isOnline) stop();
      else if (!ended.value && !refused) {
        link.value = 'connecting';
        socket.connect();
      }
    },
    { immediate: true },
  );

  /** Runs one action; true when the server accepted it. Refusals land in `error`. */
  async function act<E extends ControlEvent>(event: E, payload: Payload<E>): Promise<boolean> {
    if (busy.value || !joined.value) return false;
    busy.value = event;
    error.value = null;
    failedAction.value = null;
    try {
      const result = await call(event, payload);
      if (result.ok) {
        receive(result.state);
        return true;
      }
      error.value = controlError(result.error.code, result.error.message, result.error.rule);
      failedAction.value = event;
      return false;
    } catch (caught) {
      error.value = caught;
      failedAction.value = event;
      return false;
    } finally {
      busy.value = null;
      // The room is gone once the meeting closed; the socket has nothing left to do.
      if (ended.value) stop();
    }
  }

  watch(ended, (isEnded) => {
    if (isEnded && !busy.value) stop();
  });

  onScopeDispose(() => {
    clearTimeout(retryTimer);
    socket.removeAllListeners();
    socket.io.removeAllListeners();
    socket.disconnect();
  });

  return {
    state,
    link,
    everConnected,
    joined,
    ended,
    error,
    failedAction,
    busy,
    openMeeting: () => act('chair:open', { meetingId }),
    discuss: (itemId: string) => act('chair:discuss', { meetingId, itemId }),
    closeMeeting: () => act('chair:close', { meetingId }),
    raiseHand: (raised: boolean) => act('hand:raise', { meetingId, raised }),
    /** Chair: lowers a participant's hand; with `floor`, gives them the floor ("Het woord geven"). */
    lowerHand: (membershipId: string, floor: boolean) =>
      act('chair:lower-hand', { meetingId, membershipId, floor }),
    /** Chair: admits a participant to the whole meeting or to the listed agenda items only. */
    admit: (membershipId: string, items: Admission) => act('chair:admit', { meetingId, membershipId, items }),
    /**
     * Chair: asks for consent on an item, starting a new round (an earlier outcome is withdrawn). A weegploeg item
     * proposes the decision recorded for it in this meeting (no proposal sent); a casusoverleg item sends its own.
     */
    askConsent: (itemId: string, proposal?: Payload<'chair:consent-ask'>['proposal']) =>
      act('chair:consent-ask', { meetingId, itemId, ...(proposal ? { proposal } : {}) }),
    /** A member or satellite admitted to the item: agree, or object with a remark (required). */
    vote: (itemId: string, vote: ConsentVote, remark?: string) =>
      act('consent:vote', { meetingId, itemId, vote, ...(remark === undefined ? {} : { remark }) }),
    /** Chair: the item's outcome, agreed (after a round) or carried over to the next meeting of its kind. */
    setOutcome: (itemId: string, outcome: ItemOutcome) =>
      act('chair:outcome', { meetingId, itemId, outcome }),
  };
}
