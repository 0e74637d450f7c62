import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { CloseCode, LIVE_LIMITS, YjsMessage, type CompartmentAccess } from '../../shared/index';
import type { LiveDoc, LivePeer } from './live-doc';
import type { DocRegistry } from './registry';
import { decodeAwareness, encodeAwareness, stampIdentity, type StampedUser } from './awareness-stamp';

/**
 * Frames a connection may have waiting before the server stops reading from it; it reads again when a turn takes
 * them (so at most this many wait while as many are being committed).
 */
const MAX_PENDING_FRAMES = 64;

class ProtocolError extends Error {
  constructor(
    readonly code: CloseCode,
    message: string,
  ) {
    super(message);
  }
}

export interface ConnectionHooks {
  /** Called once, on the first accepted write of this connection (for the audit log). */
  onFirstWrite(): void;
  /**
   * A write refused before it was stored, and audited: to a compartment this connection may only read, or one
   * that does not fit the document (it would not apply, or adds what the compartment's structure does not hold).
   */
  onRefusedWrite(why: 'read-only' | 'structure' | 'session-ended'): void;
  /** Is the session this connection was opened with still live? Counts the write as activity if so. */
  sessionLive(): boolean;
  log(level: 'warn' | 'error', message: string, details?: Record<string, unknown>): void;
}

const isEmptyUpdate = (update: Uint8Array) => {
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length === 0 && ds.clients.size === 0;
};

/** Is every range of `wanted` (sorted or not) inside the union of `have` (sorted, merged, as Yjs builds them)? */
function covered(
  wanted: { clock: number; len: number }[],
  have: { clock: number; len: number }[] | undefined,
) {
  return wanted.every(({ clock, len }) =>
    (have ?? []).some((range) => range.clock <= clock && clock + len <= range.clock + range.len),
  );
}

/**
 * Does this update tell the document nothing new: every struct already integrated and every deletion already
 * applied? A stock client that reconnects answers the server's sync step 1 with its whole delete set, so a
 * read-only participant's reconnection to a document with any deletion sends such an update; it is not a write.
 */
function addsNothingTo(doc: Y.Doc, update: Uint8Array): boolean {
  // A frame that is not even a valid update is a write attempt like any other.
  try {
    return addsNothingNew(doc, update);
  } catch {
    return false;
  }
}

function addsNothingNew(doc: Y.Doc, update: Uint8Array): boolean {
  const unknown = Y.decodeUpdate(Y.diffUpdate(update, Y.encodeStateVector(doc)));
  if (unknown.structs.length > 0) return false;
  const known = Y.createDeleteSetFromStructStore(doc.store);
  for (const [client, ranges] of Y.decodeUpdate(update).ds.clients)
    if (!covered(ranges, known.clients.get(client))) return false;
  return true;
}

/** What a LiveConnection is made of. */
export interface LiveConnectionOptions {
  ws: WebSocket;
  live: LiveDoc;
  access: Exclude<CompartmentAccess, 'none'>;
  /** Who is connected, as stamped into their awareness state. */
  user: StampedUser;
  /** Owns the write path: every update goes through `registry.write`. */
  registry: DocRegistry;
  hooks: ConnectionHooks;
  /** Whose connection this is; a reconnect of the same membership may take over its awareness id. */
  membershipId: string;
  /** The stream under the WebSocket: the frames of one turn leave in one write (see send). */
  transport?: Pick<Duplex, 'cork' | 'uncork'>;
}

/** A frame as received, before it is looked at. */
interface Received {
  frame: Buffer;
  isBinary: boolean;
}

/**
 * One y-websocket connection to one compartment document. It speaks the protocol and hands its updates to the
 * registry, which judges (update-gate), stores (group commit), and only then applies and broadcasts them: whatever
 * any client received or was answered is durable. Any protocol violation closes this connection with a documented
 * code and never affects other connections.
 *
 * Pipelining: the frames that arrive while this connection's previous write is being committed are taken together
 * as the next turn; its updates go to the registry as one write (judged together, since a frame may build on the one
 * before it, which is not applied yet), so one connection is not held to one commit per frame. The connection's
 * order is kept where it matters: a turn is read in order up to its first bad frame (a protocol violation, an update
 * the gate refuses or this participant may not make); the updates before that are written, nothing after it is, and
 * the connection closes. Presence (awareness) and sync step 1 are answered as they are read: they do not depend on
 * what is stored, so they need not wait for the commit (as on the reference server).
 */
export class LiveConnection implements LivePeer {
  readonly ownedClients = new Set<number>();
  /** Whose connection this is; a reconnect of the same membership may take over its awareness id. */
  readonly membershipId: string;
  private readonly ws: WebSocket;
  private readonly live: LiveDoc;
  readonly access: Exclude<CompartmentAccess, 'none'>;
  private readonly user: StampedUser;
  private readonly registry: DocRegistry;
  private readonly hooks: ConnectionHooks;
  /** Frames received and not yet taken into a turn; bounded (backpressure). */
  private queue: Received[] = [];
  private pumping = false;
  private closed = false;
  private wrote = false;
  private readonly transport: Pick<Duplex, 'cork' | 'uncork'> | undefined;
  private corked = false;

  constructor(options: LiveConnectionOptions) {
    ({
      ws: this.ws,
      live: this.live,
      access: this.access,
      user: this.user,
      registry: this.registry,
      hooks: this.hooks,
      membershipId: this.membershipId,
      transport: this.transport,
    } = options);
    const { ws, live } = options;
    ws.on('message', (data, isBinary) => {
      const frame = Buffer.isBuffer(data)
        ? data
        : Array.isArray(data)
          ? Buffer.concat(data)
          : Buffer.from(data);
      // Backpressure: a client that sends faster than its updates are stored stops being read until it caught up,
      // so no connection can queue unbounded work in the server's memory.
      this.queue.push({ frame, isBinary });
      if (this.queue.length >= MAX_PENDING_FRAMES) ws.pause();
      if (this.pumping) return;
      this.pumping = true;
      // After the frames that arrived in the same read (one turn of the event loop): they share the first turn.
      queueMicrotask(() => void this.pump());
    });
    ws.on('close', () => this.cleanup());
    ws.on('error', () => this.cleanup());
    live.peers.add(this);
    this.greet();
  }

  /**
   * Frames sent in one turn of the event loop leave in one write to the socket: the updates of one commit are applied
   * (and broadcast) one after another in the same turn, and each would otherwise be a system call of its own for
   * every peer. The stream is released once the turn's callbacks have run, before anything else waits.
   */
  send(message: Uint8Array): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    if (this.transport && !this.corked) {
      this.corked = true;
      this.transport.cork();
      process.nextTick(this.uncork);
    }
    this.ws.send(message);
  }

  private readonly uncork = (): void => {
    this.corked = false;
    this.transport?.uncork();
  };

  close(code: CloseCode, reason: string): void {
    if (this.closed) return;
    this.ws.close(code, reason);
    this.cleanup();
  }

  /** Sync step 1 (what the server has) and everyone's presence. */
  private greet(): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, YjsMessage.Sync);
    syncProtocol.writeSyncStep1(encoder, this.live.doc);
    this.send(encoding.toUint8Array(encoder));
    const states = Array.from(this.live.awareness.getStates().keys());
    if (states.length > 0) this.send(this.awarenessMessage(states));
  }

  private awarenessMessage(clients: number[]): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, YjsMessage.Awareness);
    encoding.writeVarUint8Array(
      encoder,
      awarenessProtocol.encodeAwarenessUpdate(this.live.awareness, clients),
    );
    return encoding.toUint8Array(encoder);
  }

  /** Works off the queue one turn at a time: everything queued, then what arrived during that turn's commit. */
  private async pump(): Promise<void> {
    try {
      while (this.queue.length > 0 && !this.closed) {
        const turn = this.queue;
        this.queue = [];
        if (this.ws.isPaused && !this.closed) this.ws.resume();
        await this.take(turn);
      }
    } catch (error) {
      this.fail(error);
    } finally {
      this.pumping = false;
    }
  }

  /** One turn: reads its frames in order, then writes the updates read before the first bad frame (if any). */
  private async take(turn: Received[]): Promise<void> {
    const updates: Uint8Array[] = [];
    let stop: unknown = null;
    for (const { frame, isBinary } of turn) {
      try {
        const update = this.read(frame, isBinary);
        if (update) updates.push(update);
      } catch (error) {
        stop = error;
        break;
      }
    }
    if (updates.length > 0) await this.write(updates);
    if (stop) this.fail(stop);
  }

  /** Handles a frame that needs no commit, or returns the update it carries (for a writer). */
  private read(frame: Buffer, isBinary: boolean): Uint8Array | null {
    if (!isBinary) throw new ProtocolError(CloseCode.BadMessage, 'text frames are not part of the protocol');
    if (frame.length > LIVE_LIMITS.frameBytes)
      throw new ProtocolError(CloseCode.MessageTooLarge, 'frame too large');
    const decoder = decoding.createDecoder(new Uint8Array(frame.buffer, frame.byteOffset, frame.length));
    let type: number;
    try {
      type = decoding.readVarUint(decoder);
    } catch {
      throw new ProtocolError(CloseCode.BadMessage, 'empty frame');
    }
    switch (type) {
      case YjsMessage.Sync:
        return this.readSync(decoder);
      case YjsMessage.Awareness:
        this.receiveAwareness(decoder);
        return null;
      case YjsMessage.QueryAwareness:
        this.send(this.awarenessMessage(Array.from(this.live.awareness.getStates().keys())));
        return null;
      default:
        throw new ProtocolError(CloseCode.BadMessage, `unknown message type ${type}`);
    }
  }

  private readSync(decoder: decoding.Decoder): Uint8Array | null {
    let kind: number;
    let payload: Uint8Array;
    try {
      kind = decoding.readVarUint(decoder);
      payload = decoding.readVarUint8Array(decoder);
    } catch {
      throw new ProtocolError(CloseCode.BadMessage, 'truncated sync message');
    }
    if (kind === syncProtocol.messageYjsSyncStep1) {
      let stateVector: Uint8Array;
      try {
        Y.decodeStateVector(payload);
        stateVector = payload;
      } catch {
        throw new ProtocolError(CloseCode.BadMessage, 'malformed state vector');
      }
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, YjsMessage.Sync);
      encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
      encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(this.live.doc, stateVector));
      this.send(encoding.toUint8Array(encoder));
      return null;
    }
    if (kind !== syncProtocol.messageYjsSyncStep2 && kind !== syncProtocol.messageYjsUpdate) {
      throw new ProtocolError(CloseCode.BadMessage, `unknown sync message ${kind}`);
    }
    if (this.access === 'write') return payload;
    this.readOnlyUpdate(payload);
    return null;
  }

  /** An update on a compartment this participant may only read: fine when it adds nothing, refused otherwise. */
  private readOnlyUpdate(payload: Uint8Array): void {
    let empty: boolean;
    try {
      empty = isEmptyUpdate(payload);
    } catch {
      throw new ProtocolError(CloseCode.BadMessage, 'malformed update');
    }
    if (empty) return;
    this.sessionStillLive();
    if (addsNothingTo(this.live.doc, payload)) return;
    this.hooks.onRefusedWrite('read-only');
    throw new ProtocolError(CloseCode.Forbidden, 'this compartment is read-only for you');
  }

  /** A write racing in after logout or expiry, before the close reached this connection, is not stored. */
  private sessionStillLive(): void {
    if (this.hooks.sessionLive()) return;
    this.hooks.onRefusedWrite('session-ended');
    throw new ProtocolError(CloseCode.NotAuthenticated, 'session ended');
  }

  /** Hands this turn's updates to the registry; its outcome, when it stopped early, closes the connection. */
  private async write(updates: Uint8Array[]): Promise<void> {
    // Judged before it is stored: what is committed must apply, now and on every later load, and may only hold
    // what the compartment's structure allows (free text goes nowhere the masking policy does not govern).
    const outcome = await this.registry.write(this.live, updates, this, () => this.hooks.sessionLive());
    if (outcome.stored && !this.wrote) {
      this.wrote = true;
      this.hooks.onFirstWrite();
    }
    const stop = outcome.stop;
    if (!stop) return;
    switch (stop.kind) {
      case 'malformed':
        throw new ProtocolError(CloseCode.BadMessage, 'malformed update');
      case 'refused':
        this.hooks.onRefusedWrite('structure');
        throw new ProtocolError(CloseCode.BadMessage, `update refused: ${stop.reason}`);
      case 'not-allowed':
        this.hooks.onRefusedWrite('session-ended');
        throw new ProtocolError(CloseCode.NotAuthenticated, 'session ended');
      case 'storage-failed':
        this.hooks.log('error', 'storing a live update failed', {
          doc: this.live.name,
          error: (stop.error as Error)?.name,
        });
        throw new ProtocolError(
          CloseCode.StorageFailed,
          'the update could not be stored; reconnect to resynchronise',
        );
      case 'fenced':
        // The database refused it: the meeting is being frozen (the fence may not have reached this instance's
        // connections yet). Not stored, not acknowledged: the connection comes back read-only, as on the fence.
        throw new ProtocolError(CloseCode.Fenced, 'the meeting is being frozen; read only');
      case 'reloading':
        return; // the registry told every connection of the document to reconnect
    }
  }

  private receiveAwareness(decoder: decoding.Decoder): void {
    let entries;
    try {
      entries = decodeAwareness(decoding.readVarUint8Array(decoder));
    } catch {
      throw new ProtocolError(CloseCode.BadMessage, 'malformed awareness update');
    }
    const own: typeof entries = [];
    for (const entry of entries) {
      if (this.ownedClients.has(entry.clientId)) {
        own.push(entry);
        continue;
      }
      const owner = this.live.claims.get(entry.clientId);
      const known = this.live.awareness.meta.get(entry.clientId);
      // The stock client re-broadcasts every awareness change it receives, so states of other clients come
      // back as echoes: those carry no newer clock and are dropped. A newer state for someone else's id is an
      // attempt to speak for another participant.
      if (known && known.clock >= entry.clock) continue;
      if (owner && owner !== this) {
        // A client reconnecting after a network drop re-announces its id while its old, half-open connection
        // still holds it: the same person may take it over. Anyone else may not.
        // (With several instances, the same holds for an id its client had on another instance.)
        if (owner.membershipId !== this.membershipId) {
          throw new ProtocolError(CloseCode.BadMessage, 'awareness for another client');
        }
        if (owner instanceof LiveConnection) owner.ownedClients.delete(entry.clientId);
      }
      // A connection speaks for one client id: the one its first awareness state introduced.
      if (this.ownedClients.size > 0 && !owner)
        throw new ProtocolError(CloseCode.BadMessage, 'awareness for another client');
      this.ownedClients.add(entry.clientId);
      this.live.claims.set(entry.clientId, this);
      own.push(entry);
    }
    if (own.length === 0) return;
    awarenessProtocol.applyAwarenessUpdate(
      this.live.awareness,
      encodeAwareness(stampIdentity(own, this.user, this.live.compartment)),
      this,
    );
  }

  private fail(error: unknown): void {
    if (error instanceof ProtocolError) {
      if (error.code === CloseCode.BadMessage || error.code === CloseCode.MessageTooLarge) {
        this.hooks.log('warn', 'live connection closed: protocol violation', {
          doc: this.live.name,
          reason: error.message,
        });
      }
      this.close(error.code, error.message);
      return;
    }
    this.hooks.log('error', 'live connection failed', { doc: this.live.name, error: (error as Error)?.name });
    this.close(CloseCode.StorageFailed, 'internal error');
  }

  private cleanup(): void {
    if (this.closed) return;
    this.closed = true;
    const owned = [...this.ownedClients];
    for (const clientId of owned)
      if (this.live.claims.get(clientId) === this) this.live.claims.delete(clientId);
    awarenessProtocol.removeAwarenessStates(this.live.awareness, owned, this);
    this.registry.detach(this.live, this);
  }
}
