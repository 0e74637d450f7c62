/**
 * `npm run bench:storm`: a connection storm against the real server, and the same storm against a bare reference
 * Yjs server, side by side (prints figures, asserts nothing).
 *
 * BENCH_CONNECTIONS (default 2000) authenticated Yjs connections open at once on one meeting's agenda document, spread
 * round-robin over the five core-party demo users with BENCH_SESSIONS (default 4) logins each; each does what the
 * stock client does on connecting (sync step 1, awareness). Meanwhile a bystander in another meeting (the executor
 * writing, the chair observing, on their own connections) writes a probe into its document every BENCH_PROBE_MS
 * (default 10 ms; the next only once the previous one arrived) and times it until the observer has it: the round
 * trip another user feels. Figures are printed for
 * the BENCH_SETTLE_MS (default 2000) before the burst, during it (until every burst connection is open or refused)
 * and the BENCH_SETTLE_MS after it.
 *
 * The caps: BENCH_CAPS=fit (default) raises LIVE_MAX_CONNECTIONS_PER_USER/_PER_ADDRESS so the whole burst is taken
 * (every connection a full handshake, the hard case; the burst all comes from 127.0.0.1); BENCH_CAPS=server keeps
 * the server's defaults, and the refusals (4429) are counted.
 *
 * The reference: a minimal `ws` + y-protocols server (no authentication, authorisation, audit or storage) in a child
 * process of its own, under the same burst and the same bystander. The burst clients run in a worker thread, so
 * their own work does not delay the bystander's clock.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import WebSocket, { WebSocketServer } from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import {
  AGENDA_KEYS,
  YJS_PATH,
  YjsMessage,
  agendaEntryMap,
  docName,
  type MeetingDetail,
} from '../shared/index';
import { api, login, percentile, startServer } from './bench-server';

/**
 * The probe is an agenda entry's order: the agenda document takes nothing else (shared/live/document-shape.ts),
 * and the bare reference server takes it just the same.
 */
const PROBE_ENTRY = agendaEntryMap('00000000-0000-4000-8000-000000000000');

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 2000);
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 4);
const PROBE_MS = Number(process.env.BENCH_PROBE_MS ?? 10);
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 2000);
const CAPS = process.env.BENCH_CAPS ?? 'fit';
const USERS = ['voorzitter', 'uitvoerder', 'gemeente', 'politie', 'om'];

const frame = (write: (encoder: encoding.Encoder) => void) => {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
};

/** A y-websocket client on a Y.Doc of its own over the raw protocol: answers sync, applies and sends updates. */
class RawClient {
  readonly doc = new Y.Doc();
  readonly ws: WebSocket;
  synced = false;
  closedWith: number | null = null;

  constructor(url: string, cookie: string | null) {
    this.ws = new WebSocket(url, cookie ? { headers: { cookie } } : {});
    this.ws.on('open', () =>
      this.ws.send(
        frame((e) => {
          encoding.writeVarUint(e, YjsMessage.Sync);
          syncProtocol.writeSyncStep1(e, this.doc);
        }),
      ),
    );
    this.ws.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.length));
      if (decoding.readVarUint(decoder) !== YjsMessage.Sync) return;
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, YjsMessage.Sync);
      const kind = syncProtocol.readSyncMessage(decoder, reply, this.doc, this);
      if (kind === syncProtocol.messageYjsSyncStep2) this.synced = true;
      if (encoding.length(reply) > 1) this.ws.send(encoding.toUint8Array(reply));
    });
    this.ws.on('close', (code) => (this.closedWith = code));
    this.ws.on('error', () => undefined);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === this || this.ws.readyState !== WebSocket.OPEN) return;
      this.ws.send(
        frame((e) => {
          encoding.writeVarUint(e, YjsMessage.Sync);
          syncProtocol.writeUpdate(e, update);
        }),
      );
    });
  }
}

async function until(condition: () => boolean, what: string, timeoutMs = 30_000) {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// ---- the reference server (a child process: `tsx scripts/bench-storm.ts --reference`) ----

function runReference(): void {
  const docs = new Map<string, { doc: Y.Doc; conns: Set<WebSocket> }>();
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  wss.on('connection', (ws, request) => {
    const name = request.url ?? '/';
    let entry = docs.get(name);
    if (!entry) {
      const doc = new Y.Doc();
      const conns = new Set<WebSocket>();
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        const message = frame((e) => {
          encoding.writeVarUint(e, YjsMessage.Sync);
          syncProtocol.writeUpdate(e, update);
        });
        for (const conn of conns) if (conn !== origin) conn.send(message);
      });
      docs.set(name, (entry = { doc, conns }));
    }
    const { doc, conns } = entry;
    conns.add(ws);
    ws.on('close', () => conns.delete(ws));
    ws.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.length));
      if (decoding.readVarUint(decoder) !== YjsMessage.Sync) return;
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, YjsMessage.Sync);
      syncProtocol.readSyncMessage(decoder, reply, doc, ws);
      if (encoding.length(reply) > 1) ws.send(encoding.toUint8Array(reply));
    });
    ws.send(
      frame((e) => {
        encoding.writeVarUint(e, YjsMessage.Sync);
        syncProtocol.writeSyncStep1(e, doc);
      }),
    );
  });
  wss.on('listening', () => {
    const address = wss.address();
    console.log(
      `reference listens on ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    );
  });
}

function startReference(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench-storm.ts', '--reference'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listens on (ws:\/\/\S+)/.exec(out);
      if (match) resolve({ url: match[1]!, stop: () => child.kill('SIGTERM') });
    });
    child.on('exit', (code) => reject(new Error(`reference server exited with ${code}`)));
  });
}

// ---- the burst (a worker thread) ----

interface BurstInput {
  url: string;
  cookies: (string | null)[];
}
type BurstOutput = { type: 'settled'; accepted: number; refused: Record<string, number>; ms: number };

async function runBurst(input: BurstInput): Promise<void> {
  await new Promise<void>((resolve) => parentPort!.once('message', () => resolve()));
  const started = performance.now();
  let accepted = 0;
  const refused: Record<string, number> = {};
  let settled = 0;
  const sockets = input.cookies.map((cookie) => {
    const ws = new WebSocket(input.url, cookie ? { headers: { cookie } } : {});
    let done = false;
    const settle = (code: number | null) => {
      if (done) return;
      done = true;
      if (code === null) accepted += 1;
      else refused[code] = (refused[code] ?? 0) + 1;
      settled += 1;
    };
    ws.on('open', () => {
      // What a stock client sends on connecting: sync step 1 of an empty document.
      ws.send(
        frame((e) => {
          encoding.writeVarUint(e, YjsMessage.Sync);
          syncProtocol.writeSyncStep1(e, new Y.Doc());
        }),
      );
    });
    ws.once('message', () => settle(null)); // the server's greeting: accepted
    ws.on('close', (code) => settle(code));
    ws.on('error', () => undefined);
    return ws;
  });
  await until(() => settled === sockets.length, 'the burst to settle', 120_000);
  parentPort!.postMessage({
    type: 'settled',
    accepted,
    refused,
    ms: performance.now() - started,
  } satisfies BurstOutput);
  await new Promise<void>((resolve) => parentPort!.once('message', () => resolve()));
  for (const ws of sockets) ws.terminate();
  parentPort!.postMessage({ type: 'closed' });
}

// ---- the bystander and one run ----

interface Figures {
  before: Float64Array;
  during: Float64Array;
  after: Float64Array;
  lost: number;
  burst: BurstOutput;
}

async function storm(target: {
  bystanderUrl: string;
  writerCookie: string | null;
  observerCookie: string | null;
  burstUrl: string;
  burstCookies: (string | null)[];
}): Promise<Figures> {
  const writer = new RawClient(target.bystanderUrl, target.writerCookie);
  const observer = new RawClient(target.bystanderUrl, target.observerCookie);
  await until(() => writer.synced && observer.synced, 'the bystander to sync');
  const sentAt = new Map<number, { at: number; phase: 0 | 1 | 2 }>();
  const times: number[][] = [[], [], []];
  let phase: 0 | 1 | 2 = 0;
  let burstAt = 0;
  /** Probes over 100 ms: when they were sent (relative to the burst's start) and how long they took. */
  const slow: string[] = [];
  const probes = observer.doc.getMap<number>(PROBE_ENTRY);
  probes.observe(() => {
    const now = performance.now();
    const seq = probes.get(AGENDA_KEYS.order);
    // Every probe up to this one has arrived (updates come in order).
    for (const [n, sent] of sentAt)
      if (seq !== undefined && n <= seq) {
        times[sent.phase]!.push(now - sent.at);
        if (now - sent.at > 100)
          slow.push(`${(sent.at - burstAt).toFixed(0)} ms: ${(now - sent.at).toFixed(0)} ms`);
        sentAt.delete(n);
      }
  });
  let seq = 0;
  // One probe in flight at a time, like a user who waits to see their edit: a probe every PROBE_MS, or as soon as the
  // previous one arrived when it took longer (otherwise the probes would queue behind each other on the writer's
  // own connection, which handles its frames in order, and measure that queue).
  const timer = setInterval(() => {
    if (sentAt.size > 0) return;
    seq += 1;
    sentAt.set(seq, { at: performance.now(), phase });
    writer.doc.getMap<number>(PROBE_ENTRY).set(AGENDA_KEYS.order, seq);
  }, PROBE_MS);

  const worker = new Worker(
    `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})` +
      `.then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`,
    { eval: true, workerData: { url: target.burstUrl, cookies: target.burstCookies } satisfies BurstInput },
  );
  const next = () =>
    new Promise<BurstOutput>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  await new Promise((resolve) => setTimeout(resolve, 500)); // the worker loads
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  phase = 1;
  burstAt = performance.now();
  const settled = next();
  worker.postMessage('start');
  const burst = await settled;
  phase = 2;
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  clearInterval(timer);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const lost = sentAt.size;
  // A probe that never arrived counts as the longest wait it could have had.
  for (const sent of sentAt.values()) times[sent.phase]!.push(performance.now() - sent.at);
  const closed = next();
  worker.postMessage('close');
  await closed;
  await worker.terminate();
  writer.ws.close();
  observer.ws.close();
  const sorted = (list: number[]) => Float64Array.from(list).sort();
  if (process.env.BENCH_SLOW) console.log(`slow probes: ${slow.join('; ') || 'none'}`);
  return { before: sorted(times[0]!), during: sorted(times[1]!), after: sorted(times[2]!), lost, burst };
}

const ms = (value: number) => value.toFixed(1).padStart(7);
const row = (label: string, s: Float64Array) =>
  `  ${label.padEnd(7)} n=${String(s.length).padStart(5)}  p50 ${ms(percentile(s, 50))}  p95 ${ms(percentile(s, 95))}` +
  `  p99 ${ms(percentile(s, 99))}  max ${ms(s[s.length - 1] ?? NaN)} ms`;

function report(name: string, f: Figures) {
  console.log(`${name}:`);
  console.log(
    `  burst: ${f.burst.accepted} accepted, refused ${JSON.stringify(f.burst.refused)}, settled in ${f.burst.ms.toFixed(0)} ms; ` +
      `bystander probes lost: ${f.lost}`,
  );
  console.log(row('before', f.before));
  console.log(row('during', f.during));
  console.log(row('after', f.after));
}

async function main() {
  const load = loadavg();
  const capsEnv: Record<string, string> =
    CAPS === 'fit'
      ? {
          LIVE_MAX_CONNECTIONS_PER_USER: String(Math.ceil(CONNECTIONS / USERS.length) + 10),
          LIVE_MAX_CONNECTIONS_PER_ADDRESS: String(CONNECTIONS + 20),
        }
      : {};
  const server = await startServer(capsEnv);
  let figures: Figures;
  try {
    const sessions = await Promise.all(
      USERS.map(async (user) => {
        const cookies: string[] = [];
        for (let s = 0; s < SESSIONS; s++) cookies.push(await login(server.url, user));
        return cookies;
      }),
    );
    const [chair, executor] = [sessions[0]![0]!, sessions[1]![0]!];
    const agendaOf = async (title: string) => {
      const meeting = await api<MeetingDetail>(server.url, executor, '/api/meetings', {
        kind: 'weighing',
        title,
        scheduledAt: '2026-12-01T09:00:00Z',
      });
      return docName({ meetingId: meeting.id, itemId: null, compartment: 'agenda' });
    };
    const wsBase = server.url.replace('http', 'ws') + YJS_PATH;
    const bystanderDoc = await agendaOf('Bystander');
    const burstDoc = await agendaOf('Storm');
    const flat = sessions.flat();
    figures = await storm({
      bystanderUrl: `${wsBase}/${bystanderDoc}`,
      writerCookie: executor,
      observerCookie: chair,
      burstUrl: `${wsBase}/${burstDoc}`,
      burstCookies: Array.from({ length: CONNECTIONS }, (_, i) => flat[i % flat.length]!),
    });
  } finally {
    await server.stop();
  }
  const reference = await startReference();
  let bare: Figures;
  try {
    bare = await storm({
      bystanderUrl: `${reference.url}/bystander`,
      writerCookie: null,
      observerCookie: null,
      burstUrl: `${reference.url}/storm`,
      burstCookies: Array.from({ length: CONNECTIONS }, () => null),
    });
  } finally {
    reference.stop();
  }
  const loadAfter = loadavg();
  console.log(
    `storm bench: ${CONNECTIONS} Yjs connections opened at once (${USERS.length} users × ${SESSIONS} sessions, ` +
      `caps ${CAPS === 'fit' ? 'raised to fit the burst' : 'server defaults'}); bystander probe every ${PROBE_MS} ms`,
  );
  console.log(`database: ${process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'PGlite (in memory)'}`);
  console.log('bystander round trip (write → another user has it):');
  report('Casustafel', figures);
  report('reference (ws + y-protocols, no auth/db)', bare);
  const ratio = (pick: (s: Float64Array) => number) => (pick(figures.during) / pick(bare.during)).toFixed(1);
  console.log(
    `ratio during the burst, Casustafel / reference: p50 ${ratio((s) => percentile(s, 50))}×, ` +
      `p99 ${ratio((s) => percentile(s, 99))}×, max ${ratio((s) => s[s.length - 1] ?? NaN)}×`,
  );
  console.log(
    `machine load average (1 min) before/after: ${load[0]!.toFixed(2)} / ${loadAfter[0]!.toFixed(2)} on 2 cores`,
  );
}

if (process.argv.includes('--reference')) runReference();
else if (isMainThread)
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
else
  runBurst(workerData as BurstInput).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
