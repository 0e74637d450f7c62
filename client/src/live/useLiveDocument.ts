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
import { CloseCode, YJS_PATH } from '../../../shared/live/protocol';
import { docName, parseDocName, type DocAddress } from '../../../shared/live/compartments';
import type { LiveAwarenessState } from '../../../shared/live/content';
import type { DocumentStatus } from './connection-status';
import { trackLocalEdits, type EditedDocument } from './late-edits';
import { leaveForLogin } from './session-ended';

/** ws(s)://<this origin>/api/live/yjs: same origin, so the browser sends the session cookie itself. */
function serverUrl(): string {
  return window.location.origin.replace(/^http/, 'ws') + YJS_PATH;
}

/**
 * Ask the server for its state this often. The provider drops a connection that received nothing for 30 s; on a
 * quiet document (no edits, nobody else's awareness) the answer keeps it alive.
 */
const RESYNC_MS = 10_000;

/** Documents kept after their connection ended for good, for the late-edits check (a few at most). */
const KEPT_MAX = 16;

interface Opened {
  doc: Y.Doc;
  provider: WebsocketProvider;
  awareness: Awareness;
  address: DocAddress;
  /** The fields this client changed itself (for the late-edits check once the meeting is frozen). */
  tracking: ReturnType<typeof trackLocalEdits>;
  /** Local changes not yet synced (as `status.unsent`, also for retiring documents). */
  unsent: boolean;
  /** The close code that ended the connection for good, if it did. */
  endedCode: number | null;
}

/**
 * One live compartment document (a Y.Doc over y-websocket) for whatever `address` currently names. When the
 * address changes (the chair moved to another agenda item) a new document is opened and the old one destroyed —
 * unless it holds edits the server has not received yet (typed offline): then it stays connected in the
 * background until it has synced, so nothing typed is lost. Without a network (`online` false) connections are
 * dropped at once and local edits wait in the document; the server's sync step 1 on reconnect asks for them.
 * A close code 4400–4499 is final (`status.ended`): the stock provider stops reconnecting. With 4409 the meeting
 * is frozen (`frozenSeen`); the documents this client edited stay available (`editedDocuments`), also an earlier
 * item's that could not send its edits any more, so the screen can say which edits the record did not take.
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
  /** Documents whose connection ended for good with edits of this client in them (see editedDocuments). */
  const kept: Opened[] = [];
  /** A connection of this composable was closed with 4409: the meeting is frozen, nothing more is taken. */
  const frozenSeen = ref(false);
  let current: Opened | null = null;

  function destroy(opened: Opened): void {
    opened.tracking.stop();
    opened.provider.destroy();
    opened.doc.destroy();
  }

  /** Ended for good: keep the document if it holds edits of this client, for the late-edits check. */
  function keepOrDestroy(opened: Opened): void {
    if (opened.tracking.touched.size === 0) return destroy(opened);
    opened.tracking.stop();
    opened.provider.destroy();
    kept.push(opened);
    if (kept.length > KEPT_MAX) kept.shift()?.doc.destroy();
  }

  function retire(opened: Opened, unsent: boolean, ended: boolean): void {
    if (ended) return keepOrDestroy(opened);
    if (!unsent) return destroy(opened);
    const done = (sent: boolean) => {
      if (!retiring.delete(opened)) return;
      retiringCount.value = retiring.size;
      if (sent) destroy(opened);
      else keepOrDestroy(opened);
    };
    opened.provider.on('sync', (synced: boolean) => {
      if (synced) done(true);
    });
    opened.provider.on('closed', () => done(false));
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
    const opened: Opened = {
      doc: ydoc,
      provider,
      awareness: ownAwareness,
      address: parseDocName(name)!,
      tracking: trackLocalEdits(ydoc, (origin) => origin === provider),
      unsent: false,
      endedCode: null,
    };
    const mine = () => current === opened;
    provider.on('status', ({ status: state }) => {
      if (mine()) status.connection = state;
    });
    provider.on('sync', (synced: boolean) => {
      if (synced) opened.unsent = false;
      if (!mine()) return;
      status.synced = synced;
      if (synced) {
        status.loaded = true;
        // Synced: the server's sync step 1 was answered with everything it lacked, local edits included.
        status.unsent = false;
      }
    });
    provider.on('closed', ({ code, reason }) => {
      opened.endedCode = code;
      if (code === CloseCode.Frozen) frozenSeen.value = true;
      if (code === CloseCode.NotAuthenticated) leaveForLogin();
      if (!mine()) return;
      status.ended = { code, reason };
      status.connection = 'disconnected';
    });
    ydoc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin === provider || (provider.wsconnected && provider.synced)) return;
      opened.unsent = true;
      if (mine()) status.unsent = true;
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
    for (const opened of kept.splice(0)) opened.doc.destroy();
  });

  /**
   * The documents this client changed itself, current, retiring (earlier items still sending) and ended ones, with
   * what is known of their fate: for the late-edits check once the meeting is frozen.
   */
  function editedDocuments(): EditedDocument[] {
    return [...(current ? [current] : []), ...retiring, ...kept]
      .filter((opened) => opened.tracking.touched.size > 0)
      .map(({ address, doc: ydoc, tracking, unsent, endedCode }) => ({
        address,
        doc: ydoc,
        touched: tracking.touched,
        unsent,
        endedCode,
      }));
  }

  return {
    doc,
    awareness,
    status,
    /** Earlier documents (previous agenda items) that still hold edits the server has not received. */
    retiringUnsent: retiringCount,
    frozenSeen,
    editedDocuments,
  };
}
