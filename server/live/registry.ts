import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { CloseCode, LIVE_LIMITS, parseDocName } from '../../shared/index';
import { decodeAwareness, encodeAwareness } from './awareness-stamp';
import type { DocFanoutHandler, RedisDocFanout } from './doc-fanout';
import { judgeBatch, type BatchStop } from './judge-batch';
import { LiveDoc, REMOTE, RemoteClaim, type LivePeer } from './live-doc';
import { FencedWriteError, type YjsStore } from './store';

/** With several instances: how often the heads of the documents in use are compared with what was applied. */
const HEADS_CHECK_MS = 1000;

/**
 * What became of a write. `written` updates, from the first, are stored, applied and broadcast (all of them when
 * `stop` is null); `stop` says why the rest was not.
 */
export interface WriteOutcome {
  written: number;
  /** Whether anything was stored (updates that change nothing are accepted but not stored). */
  stored: boolean;
  stop:
    | BatchStop
    /** `allowed` said no (the session ended): nothing was stored. */
    | { kind: 'not-allowed' }
    /** The commit failed: nothing of this write was applied or sent to anyone. */
    | { kind: 'storage-failed'; error: unknown }
    /** The database refused it: the meeting accepts no edits (the freeze fence). Nothing was stored. */
    | { kind: 'fenced' }
    /** Stored, but applying it threw: the document was dropped and its connections told to reconnect. */
    | { kind: 'reloading' }
    | null;
}

interface Entry {
  loading: Promise<LiveDoc>;
  idleTimer: NodeJS.Timeout | null;
}

/**
 * The documents this instance holds in memory. A document is loaded from the store on first use, shared by all
 * its connections, and unloaded (and compacted) when it has had no connection for a while, so memory is bounded
 * by what is in use. Nothing here is needed by another instance: the store is the source of truth.
 */
export class DocRegistry {
  private readonly entries = new Map<string, Entry>();
  /** Compactions run one at a time, in the order asked for; a document waits in the queue at most once. */
  private compactions: Promise<void> = Promise.resolve();
  private readonly queuedCompactions = new Set<string>();
  /** Rows each loaded document added to its log since it was loaded or last compacted: the only such count. */
  private readonly rowsSinceCompaction = new WeakMap<LiveDoc, number>();
  /** Catch-ups from the store in progress (one per document at a time), and whether another is wanted after. */
  private readonly catchingUp = new WeakMap<LiveDoc, { done: Promise<void>; again: boolean }>();
  private headsTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: YjsStore,
    private readonly onError: (error: unknown, context: string) => void,
    private readonly idleUnloadMs: number = LIVE_LIMITS.idleUnloadMs,
    /** The first content of a document that has none yet (stored before anyone sees it). */
    private readonly seed?: (name: string) => Promise<Uint8Array | null>,
    /** Several instances: the documents' channels to the others (see doc-fanout.ts); none with one instance. */
    private readonly fanout?: RedisDocFanout,
  ) {
    if (!fanout) return;
    fanout.setHandler(this.fanoutHandler());
    this.headsTimer = setInterval(() => void this.checkHeads(), HEADS_CHECK_MS);
    this.headsTimer.unref();
  }

  get size(): number {
    return this.entries.size;
  }

  /** Whether this document is held in memory now. */
  holds(name: string): boolean {
    return this.entries.has(name);
  }

  /** The document, loaded once and kept while it has peers; the caller adds its peer right away. */
  async open(name: string): Promise<LiveDoc> {
    let entry = this.entries.get(name);
    if (!entry) {
      entry = { loading: this.load(name), idleTimer: null };
      this.entries.set(name, entry);
      entry.loading.catch(() => {
        this.entries.delete(name);
        this.fanout?.unsubscribe(name);
      });
    }
    // (Re)arm the idle check: should the caller never add its peer (the client went away during the upgrade),
    // the document is still unloaded; with peers present the check does nothing.
    this.armIdleTimer(name, entry);
    return entry.loading;
  }

  private armIdleTimer(name: string, entry: Entry): void {
    if (entry.idleTimer) clearTimeout(entry.idleTimer);
    entry.idleTimer = setTimeout(() => void this.unload(name), this.idleUnloadMs);
    entry.idleTimer.unref();
  }

  detach(live: LiveDoc, peer: LivePeer): void {
    live.peers.delete(peer);
    const entry = this.entries.get(live.name);
    if (!entry || live.peers.size > 0) return;
    this.armIdleTimer(live.name, entry);
  }

  /**
   * The write path, the only one into a live document: judge (the update gate), store (group commit), apply, which
   * broadcasts to the document's other connections, count, and compact when the log has grown long enough. Nothing is
   * applied or sent to anyone before it is committed, and nothing is committed that the gate refuses.
   *
   * `updates` are one connection's, in its order: those that arrived while its previous write was being committed.
   * They are judged together and stored as one merged row (see judge-batch.ts): what is stored is exactly what was
   * judged and is then applied, the log grows by one row per commit rather than per keystroke, and a failed commit
   * leaves nothing half-written. `allowed` is asked once the batch is known to change something, before it is judged
   * final (for a connection: is its session still live).
   */
  async write(
    live: LiveDoc,
    updates: readonly Uint8Array[],
    origin: LivePeer,
    allowed: () => boolean = () => true,
  ): Promise<WriteOutcome> {
    const judged = judgeBatch(live.doc, live.compartment, updates);
    const changes = judged.update !== null || judged.stop?.kind === 'refused';
    if (changes && !allowed()) return { written: 0, stored: false, stop: { kind: 'not-allowed' } };
    if (judged.update === null) return { written: judged.accepted, stored: false, stop: judged.stop };
    let seq: number;
    try {
      seq = await this.store.append(live.name, judged.update);
    } catch (error) {
      if (error instanceof FencedWriteError) return { written: 0, stored: false, stop: { kind: 'fenced' } };
      return { written: 0, stored: false, stop: { kind: 'storage-failed', error } };
    }
    if (!this.apply(live, judged.update, origin))
      return { written: 0, stored: true, stop: { kind: 'reloading' } };
    // Committed and applied here: now the other instances that hold the document (the database gave the seq).
    this.fanout?.publishUpdate(live.name, seq, judged.update);
    this.applied(live, seq);
    this.countWrite(live);
    return { written: judged.accepted, stored: true, stop: judged.stop };
  }

  /**
   * The document as stored, for reading it outside a meeting (the freeze): rebuilt from the store like a load, an
   * update that cannot be applied set aside (so a stored document always opens), and, when nothing is stored yet,
   * the first content it would have (its seed; not stored by reading). Everything a connection was ever sent is in
   * the store, so this holds at least what any participant saw. Null when there is neither. The caller owns the
   * Y.Doc and destroys it.
   */
  async read(name: string): Promise<Y.Doc | null> {
    const stored = await this.store.loadDocument(name);
    if (stored) return stored.doc;
    const seed = await this.seed?.(name);
    if (!seed) return null;
    const doc = new Y.Doc({ gc: true });
    Y.applyUpdate(doc, seed);
    return doc;
  }

  /** Counts a stored row; compacts, off the hot path (errors only logged), every so many rows of the log. */
  private countWrite(live: LiveDoc): void {
    const rows = (this.rowsSinceCompaction.get(live) ?? 0) + 1;
    if (rows < LIVE_LIMITS.compactAfterUpdates) {
      this.rowsSinceCompaction.set(live, rows);
      return;
    }
    this.rowsSinceCompaction.set(live, 0);
    void this.compact(live.name, 'compaction');
  }

  /**
   * Queues a compaction. One at a time: documents written at the same pace reach the threshold together, and
   * compacting them all at once would hold the event loop (and, on PGlite, the database) for a burst that every
   * update then waits behind; one after the other, the updates in between go through.
   */
  private compact(name: string, context: string, held?: { state: Uint8Array; seq: number }): Promise<void> {
    if (this.queuedCompactions.has(name)) return this.compactions;
    this.queuedCompactions.add(name);
    this.compactions = this.compactions.then(async () => {
      this.queuedCompactions.delete(name);
      try {
        // Held in memory (or taken as it was unloaded): the snapshot is the document's state, with the last seq it
        // has applied (see compactFrom). Otherwise (unloaded meanwhile) it is rebuilt from the store.
        const live = held ? null : await this.loaded(name);
        if (held) await this.store.compactFrom(name, held.state, held.seq);
        else if (live && !live.destroyed)
          await this.store.compactFrom(name, Y.encodeStateAsUpdate(live.doc), live.seq);
        else await this.store.compact(name);
      } catch (error) {
        this.onError(error, context);
      }
    });
    return this.compactions;
  }

  private async load(name: string): Promise<LiveDoc> {
    const compartment = parseDocName(name)?.compartment;
    if (!compartment) throw new Error('not a live document name');
    let stored = await this.store.loadDocument(name);
    if (!stored && this.seed) {
      const seed = await this.seed(name);
      if (seed) {
        await this.store.append(name, seed);
        stored = await this.store.loadDocument(name);
      }
    }
    const live = new LiveDoc(name, compartment, stored?.doc);
    live.seq = stored?.seq ?? 0;
    if (this.fanout) {
      const fanout = this.fanout;
      live.onLocalAwareness = (update, membershipId) => fanout.publishAwareness(name, update, membershipId);
      // Loaded, then subscribed, then caught up: what was committed in between is read, nothing is missed.
      await fanout.subscribe(name);
      await this.catchUp(live);
      fanout.queryAwareness(name);
    }
    return live;
  }

  /** An update with this seq is applied here: the next one in order, or a sign that some were missed. */
  private applied(live: LiveDoc, seq: number): void {
    if (seq === live.seq + 1) live.seq = seq;
    else if (seq > live.seq + 1) void this.catchUp(live);
  }

  /**
   * Reads what was committed after the last seq applied here and applies it (with a remote origin: every local
   * peer gets it). One at a time per document; asked again while running, it runs once more after.
   */
  private catchUp(live: LiveDoc): Promise<void> {
    const running = this.catchingUp.get(live);
    if (running) {
      running.again = true;
      return running.done;
    }
    const state = { done: Promise.resolve(), again: true };
    state.done = (async () => {
      try {
        while (state.again && !live.destroyed) {
          state.again = false;
          const { updates, seq } = await this.store.since(live.name, live.seq);
          if (live.destroyed) return;
          for (const update of updates) if (!this.apply(live, update, REMOTE)) return;
          live.seq = Math.max(live.seq, seq);
        }
      } catch (error) {
        this.onError(error, 'catching up a document');
      } finally {
        this.catchingUp.delete(live);
      }
    })();
    this.catchingUp.set(live, state);
    return state.done;
  }

  /** A loaded document, or null (not held, still loading and failed, or dropped). */
  private async loaded(name: string): Promise<LiveDoc | null> {
    const entry = this.entries.get(name);
    const live = entry ? await entry.loading.catch(() => null) : null;
    return live && !live.destroyed ? live : null;
  }

  private fanoutHandler(): DocFanoutHandler {
    return {
      update: (name, seq, update) =>
        void this.loaded(name).then((live) => {
          if (!live || seq <= live.seq) return;
          if (seq > live.seq + 1) return void this.catchUp(live);
          if (this.apply(live, update, REMOTE)) live.seq = seq;
        }),
      awareness: (name, update, membershipId) =>
        void this.loaded(name).then((live) => {
          if (live) this.applyRemoteAwareness(live, update, membershipId);
        }),
      awarenessWanted: (name) =>
        void this.loaded(name).then((live) => {
          if (!live?.onLocalAwareness) return;
          const own = [...live.awareness.getStates().keys()].filter(
            (id) => !(live.claims.get(id) instanceof RemoteClaim),
          );
          if (own.length > 0)
            for (const id of own)
              live.onLocalAwareness(
                awarenessProtocol.encodeAwarenessUpdate(live.awareness, [id]),
                live.claims.get(id)?.membershipId ?? '',
              );
        }),
      resync: () => void this.catchUpAll(),
    };
  }

  /**
   * Presence from another instance (stamped there with the identity its session has). An id a local connection
   * holds stays with it (its client reconnected here); the others become remote claims no local peer may take,
   * except the same participant whose client moved here.
   */
  private applyRemoteAwareness(live: LiveDoc, update: Uint8Array, membershipId: string): void {
    let entries;
    try {
      entries = decodeAwareness(update);
    } catch {
      return;
    }
    const theirs = entries.filter((entry) => {
      const owner = live.claims.get(entry.clientId);
      return !owner || owner instanceof RemoteClaim;
    });
    if (theirs.length === 0) return;
    for (const entry of theirs) {
      // Only for a state that will be taken (newer than what is known): a late one must not leave a claim behind.
      const known = live.awareness.meta.get(entry.clientId);
      if (entry.state !== null && (!known || known.clock < entry.clock))
        live.claims.set(entry.clientId, new RemoteClaim(membershipId));
    }
    awarenessProtocol.applyAwarenessUpdate(live.awareness, encodeAwareness(theirs), REMOTE);
  }

  /** Catches up every loaded document (the link to the other instances was away). */
  private async catchUpAll(): Promise<void> {
    for (const name of [...this.entries.keys()]) {
      const live = await this.loaded(name);
      if (live) await this.catchUp(live);
    }
  }

  /**
   * The periodic check: one query for the heads of the documents in use here. A lost message that no later one
   * reveals (the last of a burst) costs this much latency, never an update.
   */
  private async checkHeads(): Promise<void> {
    const docs: LiveDoc[] = [];
    for (const name of this.entries.keys()) {
      const live = await this.loaded(name);
      if (live && live.peers.size > 0) docs.push(live);
    }
    if (docs.length === 0) return;
    try {
      const heads = await this.store.heads(docs.map((live) => live.name));
      for (const live of docs) if ((heads.get(live.name) ?? 0) > live.seq) void this.catchUp(live);
    } catch (error) {
      this.onError(error, 'checking the document heads');
    }
  }

  /**
   * Applies a stored update to the document in memory (which broadcasts it). The update gate let it through, so
   * this does not throw; should Yjs throw all the same, the document in memory may be half-changed: it is dropped
   * and its connections told to reconnect, and the next load sets the update aside. False when that happened.
   */
  private apply(live: LiveDoc, update: Uint8Array, origin: LivePeer | typeof REMOTE): boolean {
    try {
      Y.applyUpdate(live.doc, update, origin);
      return true;
    } catch (error) {
      this.onError(error, 'applying a stored update');
      const entry = this.entries.get(live.name);
      if (entry) {
        if (entry.idleTimer) clearTimeout(entry.idleTimer);
        this.entries.delete(live.name);
        this.fanout?.unsubscribe(live.name);
      }
      for (const peer of [...live.peers])
        peer.close(CloseCode.StorageFailed, 'the document is being reloaded; reconnect');
      live.destroy();
      return false;
    }
  }

  private async unload(name: string): Promise<void> {
    const entry = this.entries.get(name);
    if (!entry) return;
    entry.idleTimer = null;
    const live = await entry.loading;
    // Someone opened it meanwhile (re-armed the timer), or it has peers: keep it.
    if (entry.idleTimer !== null || live.peers.size > 0) return;
    this.entries.delete(name);
    this.fanout?.unsubscribe(name);
    // Its state as it leaves memory, with the last seq it applied: the snapshot needs no rebuild (see compact).
    const held = { state: Y.encodeStateAsUpdate(live.doc), seq: live.seq };
    live.destroy();
    await this.compact(name, 'compaction on unload', held);
  }

  /**
   * Closes connections to a meeting's documents: all of them (the meeting ended), or those `which` selects (a
   * participant's admission was withdrawn). Loaded documents then go idle. With several instances this is to run
   * on each of them; the database already refuses the next connection.
   */
  async closeMeeting(
    meetingId: string,
    code: CloseCode,
    reason: string,
    which: (name: string, peer: LivePeer) => boolean = () => true,
  ): Promise<void> {
    const prefix = `meeting/${meetingId}/`;
    await this.closeWhere((name, peer) => name.startsWith(prefix) && which(name, peer), code, reason);
  }

  /** Closes the connections `which` selects, in every loaded document. */
  async closeWhere(
    which: (name: string, peer: LivePeer) => boolean,
    code: CloseCode,
    reason: string,
  ): Promise<void> {
    for (const [name, entry] of this.entries) {
      const live = await entry.loading.catch(() => null);
      for (const peer of [...(live?.peers ?? [])]) if (which(name, peer)) peer.close(code, reason);
    }
  }

  /**
   * Drops the loaded documents whose names start with one of `prefixes`, without compacting them: their content was
   * destroyed in the store (art. 13), and no copy is to stay in memory until the idle unload. Connections to them
   * (there should be none: retention waits for the meeting to close) are refused as forbidden.
   */
  async discard(prefixes: readonly string[], reason = 'destroyed (art. 13)'): Promise<number> {
    let dropped = 0;
    for (const [name, entry] of [...this.entries]) {
      if (!prefixes.some((prefix) => name.startsWith(prefix))) continue;
      if (entry.idleTimer) clearTimeout(entry.idleTimer);
      this.entries.delete(name);
      this.fanout?.unsubscribe(name);
      const live = await entry.loading.catch(() => null);
      for (const peer of [...(live?.peers ?? [])]) peer.close(CloseCode.Forbidden, reason);
      live?.destroy();
      dropped += 1;
    }
    return dropped;
  }

  /** Unloads everything (server shutdown); the store already holds every accepted update. */
  async closeAll(): Promise<void> {
    if (this.headsTimer) clearInterval(this.headsTimer);
    for (const [name, entry] of this.entries) {
      if (entry.idleTimer) clearTimeout(entry.idleTimer);
      this.entries.delete(name);
      (await entry.loading.catch(() => null))?.destroy();
    }
  }
}
