import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { WebSocket } from 'ws';
import { CloseCode, LIVE_LIMITS, YjsMessage, type CompartmentAccess } from '../../shared/index';
import type { LiveDoc, LivePeer } from './live-doc';
import type { DocRegistry } from './registry';
import type { YjsStore } from './store';
import { decodeAwareness, encodeAwareness, stampIdentity, type StampedUser } from './awareness-stamp';
import { checkUpdate } from './update-gate';

/** Frames a connection may have waiting before the server stops reading from it, and when it reads again. */
const MAX_PENDING_FRAMES = 64;
const RESUME_BELOW = 16;

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

/**
 * One y-websocket connection to one compartment document. Messages are handled strictly in order. An update is
 * checked against the document (update-gate), stored (group commit), and only then applied and broadcast: whatever any client received or was
 * answered is durable. Any protocol violation closes this connection with a documented code and never affects
 * other connections.
 */
export class LiveConnection implements LivePeer {
  private chain: Promise<void> = Promise.resolve();
  readonly ownedClients = new Set<number>();
  private closed = false;
  private wrote = false;
  private pending = 0;

  constructor(
    private readonly ws: WebSocket,
    private readonly live: LiveDoc,
    private readonly access: Exclude<CompartmentAccess, 'none'>,
    private readonly user: StampedUser,
    private readonly store: YjsStore,
    private readonly registry: DocRegistry,
    private readonly hooks: ConnectionHooks,
    /** Whose connection this is; a reconnect of the same membership may take over its awareness id. */
    readonly membershipId: string,
  ) {
    ws.on('message', (data, isBinary) => {
      const frame = Buffer.isBuffer(data)
        ? data
        : Array.isArray(data)
          ? Buffer.concat(data)
          : Buffer.from(data);
      // Backpressure: a client that sends faster than updates are stored stops being read until it caught up,
      // so no connection can queue unbounded work in the server's memory.
      this.pending += 1;
      if (this.pending >= MAX_PENDING_FRAMES) ws.pause();
      this.chain = this.chain
        .then(() => this.receive(frame, isBinary))
        .catch((error: unknown) => this.fail(error))
        .finally(() => {
          this.pending -= 1;
          if (this.pending === RESUME_BELOW && ws.isPaused) ws.resume();
        });
    });
    ws.on('close', () => this.cleanup());
    ws.on('error', () => this.cleanup());
    live.peers.add(this);
    this.greet();
  }

  send(message: Uint8Array): void {
    if (!this.closed && this.ws.readyState === this.ws.OPEN) this.ws.send(message);
  }

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

  private async receive(frame: Buffer, isBinary: boolean): Promise<void> {
    if (this.closed) return;
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
        return this.receiveSync(decoder);
      case YjsMessage.Awareness:
        return this.receiveAwareness(decoder);
      case YjsMessage.QueryAwareness:
        this.send(this.awarenessMessage(Array.from(this.live.awareness.getStates().keys())));
        return;
      default:
        throw new ProtocolError(CloseCode.BadMessage, `unknown message type ${type}`);
    }
  }

  private async receiveSync(decoder: decoding.Decoder): Promise<void> {
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
      return;
    }
    if (kind !== syncProtocol.messageYjsSyncStep2 && kind !== syncProtocol.messageYjsUpdate) {
      throw new ProtocolError(CloseCode.BadMessage, `unknown sync message ${kind}`);
    }
    let empty: boolean;
    try {
      empty = isEmptyUpdate(payload);
    } catch {
      throw new ProtocolError(CloseCode.BadMessage, 'malformed update');
    }
    if (empty) return;
    // A write racing in after logout or expiry, before the close reached this connection, is not stored.
    if (!this.hooks.sessionLive()) {
      this.hooks.onRefusedWrite('session-ended');
      throw new ProtocolError(CloseCode.NotAuthenticated, 'session ended');
    }
    if (this.access !== 'write') {
      if (addsNothingTo(this.live.doc, payload)) return;
      this.hooks.onRefusedWrite('read-only');
      throw new ProtocolError(CloseCode.Forbidden, 'this compartment is read-only for you');
    }
    // Judged before it is stored: what is committed must apply, now and on every later load, and may only hold
    // what the compartment's structure allows (free text goes nowhere the masking policy does not govern).
    const verdict = checkUpdate(this.live.doc, this.live.compartment, payload);
    if (!verdict.ok) {
      this.hooks.onRefusedWrite('structure');
      throw new ProtocolError(CloseCode.BadMessage, `update refused: ${verdict.reason}`);
    }
    try {
      await this.store.append(this.live.name, payload);
    } catch (error) {
      this.hooks.log('error', 'storing a live update failed', {
        doc: this.live.name,
        error: (error as Error).name,
      });
      throw new ProtocolError(
        CloseCode.StorageFailed,
        'the update could not be stored; reconnect to resynchronise',
      );
    }
    if (!this.registry.apply(this.live, payload, this)) return;
    if (!this.wrote) {
      this.wrote = true;
      this.hooks.onFirstWrite();
    }
    this.registry.maybeCompact(this.live);
  }

  private receiveAwareness(decoder: decoding.Decoder): Promise<void> {
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
        if (!(owner instanceof LiveConnection) || owner.membershipId !== this.membershipId) {
          throw new ProtocolError(CloseCode.BadMessage, 'awareness for another client');
        }
        owner.ownedClients.delete(entry.clientId);
      }
      // A connection speaks for one client id: the one its first awareness state introduced.
      if (this.ownedClients.size > 0 && !owner)
        throw new ProtocolError(CloseCode.BadMessage, 'awareness for another client');
      this.ownedClients.add(entry.clientId);
      this.live.claims.set(entry.clientId, this);
      own.push(entry);
    }
    if (own.length === 0) return Promise.resolve();
    awarenessProtocol.applyAwarenessUpdate(
      this.live.awareness,
      encodeAwareness(stampIdentity(own, this.user, this.live.compartment)),
      this,
    );
    return Promise.resolve();
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
