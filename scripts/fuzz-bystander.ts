import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { AGENDA_KEYS, YjsMessage, agendaEntryMap } from '../shared/index';

/**
 * The probe is an agenda entry's order: the agenda document takes nothing else (shared/live/document-shape.ts),
 * and the bare reference server takes it just the same.
 */
const PROBE_ENTRY = agendaEntryMap('00000000-0000-4000-8000-000000000000');

/** One y-websocket participant over the raw protocol: its own Y.Doc, answers sync, sends its updates. */
class Participant {
  readonly doc = new Y.Doc();
  readonly ws: WebSocket;
  synced = false;

  constructor(url: string, cookie: string) {
    this.ws = new WebSocket(url, { headers: { cookie } });
    this.ws.on('error', () => undefined);
    this.ws.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.length));
      if (decoding.readVarUint(decoder) !== YjsMessage.Sync) return;
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, YjsMessage.Sync);
      if (syncProtocol.readSyncMessage(decoder, reply, this.doc, this) === syncProtocol.messageYjsSyncStep2)
        this.synced = true;
      if (encoding.length(reply) > 1) this.ws.send(encoding.toUint8Array(reply));
    });
    this.ws.on('open', () => {
      const step1 = encoding.createEncoder();
      encoding.writeVarUint(step1, YjsMessage.Sync);
      syncProtocol.writeSyncStep1(step1, this.doc);
      this.ws.send(encoding.toUint8Array(step1));
    });
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === this || this.ws.readyState !== WebSocket.OPEN) return;
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, YjsMessage.Sync);
      syncProtocol.writeUpdate(e, update);
      this.ws.send(encoding.toUint8Array(e));
    });
  }
}

/**
 * A connected bystander: one user writes a probe every 10 ms (the next once the previous arrived) and another
 * user's connection times its arrival.
 */
export class Bystander {
  private readonly writer: Participant;
  private readonly observer: Participant;
  private timer: NodeJS.Timeout | null = null;
  private sentAt: number | null = null;
  private seq = 0;
  private probes = 0;
  private maxMs = 0;
  private over50 = 0;

  constructor(url: string, writerCookie: string, observerCookie: string) {
    this.writer = new Participant(url, writerCookie);
    this.observer = new Participant(url, observerCookie);
    this.observer.doc.getMap<number>(PROBE_ENTRY).observe(() => {
      if (
        this.sentAt === null ||
        this.observer.doc.getMap<number>(PROBE_ENTRY).get(AGENDA_KEYS.order) !== this.seq
      )
        return;
      const ms = performance.now() - this.sentAt;
      this.sentAt = null;
      this.probes += 1;
      this.maxMs = Math.max(this.maxMs, ms);
      if (ms > 50) this.over50 += 1;
    });
  }

  async ready(): Promise<void> {
    const start = performance.now();
    while (!(this.writer.synced && this.observer.synced)) {
      if (performance.now() - start > 10_000) throw new Error('the bystander did not sync');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    this.timer = setInterval(() => {
      if (this.sentAt !== null) return;
      this.seq += 1;
      this.sentAt = performance.now();
      this.writer.doc.getMap<number>(PROBE_ENTRY).set(AGENDA_KEYS.order, this.seq);
    }, 10);
  }

  /** Round trips so far; one still waiting counts with the time it has waited. */
  figures() {
    const waiting = this.sentAt === null ? 0 : performance.now() - this.sentAt;
    return {
      probes: this.probes,
      maxMs: Math.max(this.maxMs, waiting),
      over50: this.over50 + (waiting > 50 ? 1 : 0),
    };
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.writer.ws.close();
    this.observer.ws.close();
  }
}
