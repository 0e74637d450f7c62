import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as encoding from 'lib0/encoding';
import { YjsMessage, type CloseCode, type Compartment } from '../../shared/index';

/** Anything a live document sends its messages to (one WebSocket connection). */
export interface LivePeer {
  /** The membership this connection acts for. */
  readonly membershipId: string;
  /** What the connection was granted when it was decided (a claim of another instance has none here). */
  readonly access?: 'read' | 'write';
  send(message: Uint8Array): void;
  close(code: CloseCode, reason: string): void;
}

/**
 * The origin of what another instance committed or announced: applied here, sent to every local peer, and never
 * published again.
 */
export const REMOTE = Symbol('remote');

/** An awareness client id held by a client on another instance: no local peer may speak for it. */
export class RemoteClaim implements LivePeer {
  constructor(readonly membershipId: string) {}
  send(): void {}
  close(): void {}
}

/**
 * One compartment's Y.Doc in memory with its awareness and its open connections. Updates are applied only after
 * they were stored (DocRegistry.write, the only writer), with the connection as origin, so the broadcast below never echoes an
 * update to the peer that sent it.
 */
export class LiveDoc {
  readonly awareness: awarenessProtocol.Awareness;
  readonly peers = new Set<LivePeer>();
  /** Which peer introduced each awareness client id: a peer may only speak for its own ids. */
  readonly claims = new Map<number, LivePeer>();
  /** The last seq (store.ts) applied here; with several instances, what came after it is caught up. */
  seq = 0;
  /** Presence changed by a local peer (stamped), to send to the other instances; unset with one instance. */
  onLocalAwareness: ((update: Uint8Array, membershipId: string) => void) | null = null;
  destroyed = false;

  constructor(
    readonly name: string,
    /** Which compartment this document is: decides the structure its updates may have. */
    readonly compartment: Compartment,
    /** The document as loaded from the store (a new, empty one when nothing was stored). */
    readonly doc: Y.Doc = new Y.Doc({ gc: true }),
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    // The server has no presence of its own in the document.
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, YjsMessage.Sync);
      encoding.writeVarUint(encoder, 2); // y-protocols messageYjsUpdate
      encoding.writeVarUint8Array(encoder, update);
      const message = encoding.toUint8Array(encoder);
      for (const peer of this.peers) if (peer !== origin) peer.send(message);
    });
    this.awareness.on(
      'update',
      (
        { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
        origin: unknown,
      ) => {
        const changed = [...added, ...updated, ...removed];
        if (origin !== REMOTE && this.onLocalAwareness) {
          // Only this instance's clients: a remote state timing out here is the other instance's business.
          const own = changed.filter((id) => !(this.claims.get(id) instanceof RemoteClaim));
          if (own.length > 0)
            this.onLocalAwareness(
              awarenessProtocol.encodeAwarenessUpdate(this.awareness, own),
              typeof origin === 'object' && origin !== null && 'membershipId' in origin
                ? String((origin as LivePeer).membershipId)
                : '',
            );
        }
        for (const id of removed) if (this.claims.get(id) instanceof RemoteClaim) this.claims.delete(id);
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, YjsMessage.Awareness);
        encoding.writeVarUint8Array(
          encoder,
          awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed),
        );
        const message = encoding.toUint8Array(encoder);
        for (const peer of this.peers) peer.send(message);
      },
    );
  }

  destroy(): void {
    this.destroyed = true;
    this.awareness.destroy();
    this.doc.destroy();
  }
}
