import {
  markRaw,
  onScopeDispose,
  reactive,
  ref,
  shallowRef,
  toValue,
  watch,
  type MaybeRefOrGetter,
} from 'vue';
import { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { YJS_PATH } from '../../../shared/live/protocol';
import { docName, type DocAddress } from '../../../shared/live/compartments';
import type { LiveAwarenessState } from '../../../shared/live/content';
import type { DocumentStatus } from './connection-status';

/** ws(s)://<this origin>/api/live/yjs: same origin, so the browser sends the session cookie itself. */
function serverUrl(): string {
  return window.location.origin.replace(/^http/, 'ws') + YJS_PATH;
}

/**
 * Ask the server for its state this often. The provider drops a connection that received nothing for 30 s; on a
 * quiet document (no edits, nobody else's awareness) the answer keeps it alive.
 */
const RESYNC_MS = 10_000;

interface Opened {
  doc: Y.Doc;
  provider: WebsocketProvider;
  awareness: Awareness;
}

/**
 * One live compartment document (a Y.Doc over y-websocket) for whatever `address` currently names. When the
 * address changes (the chair moved to another agenda item) a new document is opened and the old one destroyed —
 * unless it holds edits the server has not received yet (typed offline): then it stays connected in the
 * background until it has synced, so nothing typed is lost. Without a network (`online` false) connections are
 * dropped at once and local edits wait in the document; the server's sync step 1 on reconnect asks for them.
 * A close code 4400–4499 is final (`status.ended`): the stock provider stops reconnecting.
 */
export function useLiveDocument(
  address: MaybeRefOrGetter<DocAddress | null>,
  online: MaybeRefOrGetter<boolean>,
) {
  const doc = shallowRef<Y.Doc | null>(null);
  /** The document's awareness: which field each participant is editing (see useFieldPresence). */
  const awareness = shallowRef<Awareness | null>(null);
  const status = reactive<DocumentStatus>({
    connection: 'disconnected',
    synced: false,
    loaded: false,
    unsent: false,
    ended: null,
  });
  /** Earlier documents still sending edits made offline. */
  const retiring = new Set<Opened>();
  const retiringCount = ref(0);
  let current: Opened | null = null;

  function destroy(opened: Opened): void {
    opened.provider.destroy();
    opened.doc.destroy();
  }

  function retire(opened: Opened, unsent: boolean, ended: boolean): void {
    if (!unsent || ended) return destroy(opened);
    const done = () => {
      if (!retiring.delete(opened)) return;
      retiringCount.value = retiring.size;
      destroy(opened);
    };
    opened.provider.on('sync', (synced: boolean) => {
      if (synced) done();
    });
    opened.provider.on('closed', done);
    retiring.add(opened);
    retiringCount.value = retiring.size;
  }

  function open(name: string): Opened {
    const ydoc = markRaw(new Y.Doc());
    const connect = toValue(online);
    // Our awareness state says only which field we edit; the server stamps who we are from the session. After a
    // network drop the server lets the same membership take its awareness id over from the half-open connection.
    const ownAwareness = markRaw(new Awareness(ydoc));
    const initial: LiveAwarenessState = { field: null };
    ownAwareness.setLocalState(initial);
    // No BroadcastChannel between tabs: every change goes through the server, which checks and audits it.
    const provider = new WebsocketProvider(serverUrl(), name, ydoc, {
      connect,
      awareness: ownAwareness,
      disableBc: true,
      resyncInterval: RESYNC_MS,
    });
    const opened: Opened = { doc: ydoc, provider, awareness: ownAwareness };
    const mine = () => current === opened;
    provider.on('status', ({ status: state }) => {
      if (mine()) status.connection = state;
    });
    provider.on('sync', (synced: boolean) => {
      if (!mine()) return;
      status.synced = synced;
      if (synced) {
        status.loaded = true;
        // Synced: the server's sync step 1 was answered with everything it lacked, local edits included.
        status.unsent = false;
      }
    });
    provider.on('closed', ({ code, reason }) => {
      if (!mine()) return;
      status.ended = { code, reason };
      status.connection = 'disconnected';
    });
    ydoc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (mine() && origin !== provider && !(provider.wsconnected && provider.synced)) status.unsent = true;
    });
    status.connection = connect ? 'connecting' : 'disconnected';
    return opened;
  }

  function switchTo(name: string | null): void {
    const previous = current;
    const unsent = status.unsent;
    const ended = status.ended !== null;
    current = null;
    doc.value = null;
    awareness.value = null;
    Object.assign(status, {
      connection: 'disconnected',
      synced: false,
      loaded: false,
      unsent: false,
      ended: null,
    });
    if (previous) retire(previous, unsent, ended);
    if (name) {
      current = open(name);
      doc.value = current.doc;
      awareness.value = current.awareness;
    }
  }

  watch(
    () => {
      const address_ = toValue(address);
      return address_ ? docName(address_) : null;
    },
    switchTo,
    { immediate: true },
  );

  watch(
    () => toValue(online),
    (isOnline) => {
      for (const opened of [current, ...retiring]) {
        if (!opened) continue;
        if (opened === current && status.ended) continue;
        if (isOnline) {
          opened.provider.connect();
        } else {
          opened.provider.disconnect();
        }
      }
      if (!isOnline && current && !status.ended) {
        status.connection = 'disconnected';
        status.synced = false;
      }
    },
  );

  onScopeDispose(() => {
    switchTo(null);
    for (const opened of retiring) destroy(opened);
    retiring.clear();
  });

  return {
    doc,
    awareness,
    status,
    /** Earlier documents (previous agenda items) that still hold edits the server has not received. */
    retiringUnsent: retiringCount,
  };
}
