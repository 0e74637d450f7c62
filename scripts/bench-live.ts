/**
 * `npm run bench:live`: a live-meeting load test that prints figures (it asserts nothing).
 *
 * Starts the real server as a child process (PGlite in memory, or PostgreSQL when BENCH_DATABASE_URL is set),
 * creates BENCH_MEETINGS weegploeg meetings and connects BENCH_PARTICIPANTS participants to each meeting's analysis
 * document: every one a WebSocket connection of its own through the real upgrade (session cookie, authorisation,
 * audit). Every participant appends timestamped entries (`id@time;`) to the analysis text at BENCH_RATE per second
 * for BENCH_SECONDS, each from its own Y.Doc, so every entry is a real Yjs update that the server decodes, stores
 * (group commit), applies and broadcasts to the meeting's other participants.
 *
 * What is measured, and by whom (printed with the results):
 * - BENCH_OBSERVERS participants per meeting (default 3) are stock y-websocket clients (`WebsocketProvider`, full
 *   Y.Doc applying every update): they write like everybody else and measure, for every entry of another
 *   participant of their meeting, the time from the writer's `push` to the entry arriving in their own Y.Doc.
 * - The other participants are light writers: a Y.Doc of their own whose updates go over the y-websocket protocol
 *   (sync step 1/2 handshake, then update messages), awareness announced once, and every broadcast of the server
 *   received but not decoded or applied. In a real meeting each participant has a machine of its own; here 300
 *   full Y.Docs applying every update would take more CPU than the server (they saturated a core before), so the
 *   load generator would measure its own lag. The server's work is the same: it receives every entry, stores,
 *   applies and sends it to every connection. (A light writer does not know the others' entries, so its entries
 *   follow its own previous one in the text: concurrent inserts that Yjs resolves at once.)
 *   BENCH_OBSERVERS=BENCH_PARTICIPANTS makes every participant a stock client again (the old behaviour).
 * - Writers start evenly spread over one period (1/BENCH_RATE) rather than all at the same instant.
 * - The clients run in BENCH_WORKERS worker threads (default 2), whole meetings per thread (writer and observers of an
 *   entry share one clock).
 *
 * Prints propagation p50/p95/p99, durable updates per second (entries stored and then delivered to an observer), the
 * server's CPU and memory, the load generator's CPU (all its threads), and the machine's load average (another
 * process on the machine distorts the figures). BENCH_SERVER_NODE_FLAGS passes extra node flags to the server (e.g.
 * `--cpu-prof --cpu-prof-dir=/tmp/prof`). Loopback only; bounded in time.
 *
 * BENCH_MODE (BENCH_REFERENCE=1 is BENCH_MODE=compare):
 * - `live` (default): the workload above against Casustafel.
 * - `compare`: the same workload, same document names, first against Casustafel, then against the bare reference
 *   server `@y/websocket-server` (in memory, no authorisation, no persistence, no checks), one after the other, and
 *   the ratios Casustafel / bare of p50, p99, server CPU per update, RSS and durable updates/s. On PostgreSQL then
 *   also against the durable reference (bench-durable-reference.ts: the bare relay that commits every update before
 *   it broadcasts it and logs an opening before the first byte, nothing else), and the ratios durable reference /
 *   bare (what persist before broadcast costs in itself on this machine) and Casustafel / durable reference (what
 *   Casustafel costs beyond it).
 * - `instances`: PostgreSQL (BENCH_DATABASE_URL, a database of its own) and Redis (BENCH_REDIS_URL, default
 *   redis://127.0.0.1:6379): the workload against one instance, then against BENCH_INSTANCES (2) instances on the
 *   same database with every meeting's participants spread over them (participant p on instance p mod n), and the
 *   ratios; the deliveries from a writer on another instance are also reported apart. Then the time from a logout
 *   on one instance to the close of that session's live connection on another (BENCH_REVOCATIONS, 30), next to the
 *   same on one instance.
 * - `ingest`: BENCH_INGEST_CONNECTIONS (4) connections, one document each, send BENCH_INGEST_UPDATES (10,000) updates
 *   back to back, then one connection alone; the clock stops when an observer of each document holds them all
 *   (on Casustafel: stored first, so durable updates/s). Then the same against the bare server, and the ratios.
 * - `join`: hot join. A meeting's analysis document is held open (BENCH_PARTICIPANTS - 1 participants connected and
 *   BENCH_JOIN_ENTRIES entries written), then BENCH_JOINS (200) joins one after the other, each a fresh connection
 *   of the remaining participant through the whole handshake (session, authorisation, audit) until its Y.Doc is
 *   synced (sync step 2 received), then closed. The same against the bare server, and the ratios of p50 and p99;
 *   on PostgreSQL also against the durable reference (one committed row before the first byte).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import {
  YJS_PATH,
  YjsMessage,
  docName,
  type MeetingDetail,
  type RegisterSignalResponse,
} from '../shared/index';
import {
  api,
  login,
  percentile,
  startBareServer,
  startDurableReference,
  startServer,
  type ServerChild,
} from './bench-server';

const MEETINGS = Number(process.env.BENCH_MEETINGS ?? 20);
const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 15);
const OBSERVERS = Math.min(PARTICIPANTS, Number(process.env.BENCH_OBSERVERS ?? 3));
const RATE = Number(process.env.BENCH_RATE ?? 4);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const WORKERS = Math.max(1, Math.min(MEETINGS, Number(process.env.BENCH_WORKERS ?? 2)));
/** Ingest mode: this many connections (one document each), each sending this many updates back to back. */
const INGEST_WRITERS = Number(process.env.BENCH_INGEST_CONNECTIONS ?? 4);
const INGEST_UPDATES = Number(process.env.BENCH_INGEST_UPDATES ?? 10_000);
const INGEST_TIMEOUT_MS = Number(process.env.BENCH_INGEST_TIMEOUT_S ?? 300) * 1000;
/** Join mode: joins measured, and entries the document holds first (a join sends them all). */
const JOINS = Number(process.env.BENCH_JOINS ?? 200);
const JOIN_ENTRIES = Number(process.env.BENCH_JOIN_ENTRIES ?? 500);
const USERS = ['voorzitter', 'uitvoerder', 'gemeente', 'politie', 'om'];

interface WorkerInput {
  /** One per server instance: participant p of a meeting connects to wsUrls[p % wsUrls.length]. */
  wsUrls: string[];
  cookies: Record<string, string>;
  /** Meeting index and document name of the meetings this thread runs. */
  meetings: [number, string][];
  /** Where in the period this thread's writers start (0..1), so the threads interleave. */
  phase: number;
  /** Entries written in the first this many ms are warm-up: reported apart, not in the figures. */
  warmupMs: number;
}

type FromWorker =
  | { type: 'synced' }
  | {
      type: 'done';
      latencies: Float64Array;
      /** Per latency: 1 when writer and observer were connected to different instances. */
      crossed: Uint8Array;
      /** When each measured entry was written, in ms since this thread's start signal. */
      writtenAt: Float64Array;
      /** [warm-up, measured] */
      delivered: [number, number];
      sent: [number, number];
      expected: [number, number];
    };

type ToWorker = { type: 'start' } | { type: 'stop' };

interface ProcessStats {
  cpuSeconds: number;
  rssMiB: number;
  /**
   * System calls that wrote (write, writev, …; `syscw` in /proc/<pid>/io): a count that, unlike CPU time, does not
   * depend on what else the machine is doing. Sending to the sockets is most of them.
   */
  writeCalls: number;
}

/** CPU seconds (user+system), resident memory and write calls of a process, from /proc. */
function processStats(pid: number): ProcessStats {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]);
  const rssPages = Number(stat[21]);
  const writeCalls = Number(/^syscw: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? NaN);
  return { cpuSeconds: ticks / 100, rssMiB: (rssPages * 4096) / 1024 / 1024, writeCalls };
}

/** The same, summed over the processes of all instances. */
function stats(pids: number[]): ProcessStats {
  return pids.map(processStats).reduce(
    (sum, one) => ({
      cpuSeconds: sum.cpuSeconds + one.cpuSeconds,
      rssMiB: sum.rssMiB + one.rssMiB,
      writeCalls: sum.writeCalls + one.writeCalls,
    }),
    { cpuSeconds: 0, rssMiB: 0, writeCalls: 0 },
  );
}

/**
 * CPU seconds (user+system) of every PostgreSQL process on this machine, by pid: the database's own work, which the
 * server's figure leaves out. Counts whatever else the local PostgreSQL does meanwhile, so run it on a quiet one.
 */
function databaseCpu(): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const fields = stat.split(') ')[1]!.split(' ');
      byPid.set(Number(entry), (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // The process ended between listing and reading.
    }
  }
  return byPid;
}

/** CPU seconds the PostgreSQL processes spent between two readings (a process started in between counts whole). */
const databaseCpuSince = (before: Map<number, number>): number =>
  [...databaseCpu()].reduce((sum, [pid, seconds]) => sum + seconds - (before.get(pid) ?? 0), 0);

/**
 * A participant that writes but does not read: its own Y.Doc, the y-websocket sync handshake, its updates sent as
 * update messages; what the server broadcasts is received and dropped undecoded.
 */
/** The analysis document's overall text: the bench writes where a participant would (document-shape.ts). */
const ENTRIES_TEXT = 'analysis';

class LightWriter {
  readonly doc = new Y.Doc();
  synced = false;
  private readonly ws: WebSocket;

  constructor(url: string, cookie: string) {
    this.ws = new WebSocket(url, { headers: { cookie } });
    const awareness = new awarenessProtocol.Awareness(this.doc);
    this.ws.on('open', () => {
      const step1 = encoding.createEncoder();
      encoding.writeVarUint(step1, YjsMessage.Sync);
      syncProtocol.writeSyncStep1(step1, this.doc);
      this.ws.send(encoding.toUint8Array(step1));
      const presence = encoding.createEncoder();
      encoding.writeVarUint(presence, YjsMessage.Awareness);
      encoding.writeVarUint8Array(
        presence,
        awarenessProtocol.encodeAwarenessUpdate(awareness, [this.doc.clientID]),
      );
      this.ws.send(encoding.toUint8Array(presence));
    });
    this.ws.on('message', (data: Buffer) => {
      if (this.synced) return; // a broadcast: dropped
      const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.length));
      if (decoding.readVarUint(decoder) !== YjsMessage.Sync) return;
      const kind = decoding.readVarUint(decoder);
      if (kind === syncProtocol.messageYjsSyncStep1) {
        // The server asks for what it lacks.
        const step2 = encoding.createEncoder();
        encoding.writeVarUint(step2, YjsMessage.Sync);
        syncProtocol.writeSyncStep2(step2, this.doc, decoding.readVarUint8Array(decoder));
        this.ws.send(encoding.toUint8Array(step2));
      } else if (kind === syncProtocol.messageYjsSyncStep2) {
        this.synced = true;
      }
    });
    this.ws.on('error', () => undefined);
    this.doc.on('update', (update: Uint8Array) => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, YjsMessage.Sync);
      syncProtocol.writeUpdate(encoder, update);
      if (this.ws.readyState === WebSocket.OPEN) this.ws.send(encoding.toUint8Array(encoder));
    });
  }

  /** Sends a ready-made frame (the ingest mode makes its updates before the clock starts). */
  send(frame: Uint8Array): void {
    this.ws.send(frame);
  }

  destroy(): void {
    this.ws.close();
    this.doc.destroy();
  }
}

/** One thread of the load generator: the participants of some meetings. */
async function runWorker(input: WorkerInput): Promise<void> {
  // Every WebsocketProvider adds an exit listener.
  process.setMaxListeners(0);
  const latencies: number[] = [];
  const crossed: number[] = [];
  const writtenAt: number[] = [];
  const instanceOf = (p: number) => p % input.wsUrls.length;
  let startedAt = 0;
  const delivered = [new Set<string>(), new Set<string>()];
  const sent: [number, number] = [0, 0];
  const expected: [number, number] = [0, 0];
  /** 0 for an entry written during the warm-up, 1 after. */
  const phase = (at: number) => (at - startedAt < input.warmupMs ? 0 : 1);
  interface Participant {
    id: string;
    doc: Y.Doc;
    synced: () => boolean;
    destroy: () => void;
  }
  const participants: Participant[] = [];
  for (const [m, name] of input.meetings) {
    for (let p = 0; p < PARTICIPANTS; p++) {
      const cookie = input.cookies[USERS[p % USERS.length]!]!;
      const id = `${m}-${p}`;
      if (p >= OBSERVERS) {
        const writer = new LightWriter(`${input.wsUrls[instanceOf(p)]}/${name}`, cookie);
        participants.push({
          id,
          doc: writer.doc,
          synced: () => writer.synced,
          destroy: () => writer.destroy(),
        });
        continue;
      }
      class SessionWebSocket extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols, { headers: { cookie } });
        }
      }
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(input.wsUrls[instanceOf(p)]!, name, doc, {
        WebSocketPolyfill: SessionWebSocket as unknown as typeof globalThis.WebSocket,
        disableBc: true,
      });
      doc.getText(ENTRIES_TEXT).observe((event) => {
        if (event.transaction.local) return;
        const now = performance.now();
        for (const change of event.delta) {
          if (typeof change.insert !== 'string') continue;
          for (const entry of change.insert.split(';')) {
            const [writer, written] = entry.split('@');
            if (!writer || !written || writer === id) continue;
            const at = Number(written);
            latencies.push(now - at);
            crossed.push(instanceOf(Number(writer.split('-')[1])) === instanceOf(p) ? 0 : 1);
            writtenAt.push(at - startedAt);
            delivered[phase(at)]!.add(entry);
          }
        }
      });
      participants.push({ id, doc, synced: () => provider.synced, destroy: () => provider.destroy() });
    }
  }
  const syncStart = performance.now();
  while (!participants.every((c) => c.synced())) {
    if (performance.now() - syncStart > 60_000) throw new Error('clients did not sync');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  parentPort!.postMessage({ type: 'synced' } satisfies FromWorker);
  await new Promise<void>((resolve) =>
    parentPort!.once('message', (message: ToWorker) => message.type === 'start' && resolve()),
  );

  startedAt = performance.now();
  const period = 1000 / RATE;
  const timers: NodeJS.Timeout[] = [];
  participants.forEach((participant, index) => {
    const observersElsewhere = Number(participant.id.split('-')[1]) < OBSERVERS ? OBSERVERS - 1 : OBSERVERS;
    const write = () => {
      const at = performance.now();
      const text = participant.doc.getText(ENTRIES_TEXT);
      text.insert(text.length, `${participant.id}@${at};`);
      sent[phase(at)] += 1;
      expected[phase(at)] += observersElsewhere;
    };
    const offset = ((index / participants.length + input.phase / participants.length) % 1) * period;
    timers.push(
      setTimeout(() => {
        write();
        timers.push(setInterval(write, period));
      }, offset),
    );
  });
  await new Promise<void>((resolve) =>
    parentPort!.once('message', (message: ToWorker) => message.type === 'stop' && resolve()),
  );
  timers.forEach(clearTimeout);
  await new Promise((resolve) => setTimeout(resolve, 2000)); // let the last entries arrive
  for (const participant of participants) participant.destroy();
  const result = Float64Array.from(latencies);
  const times = Float64Array.from(writtenAt);
  const across = Uint8Array.from(crossed);
  parentPort!.postMessage(
    {
      type: 'done',
      latencies: result,
      crossed: across,
      writtenAt: times,
      delivered: [delivered[0]!.size, delivered[1]!.size],
      sent,
      expected,
    } satisfies FromWorker,
    [result.buffer, times.buffer, across.buffer],
  );
}

/** Stops the server children if the run fails half-way. */
const abandon: (() => void)[] = [];

/** A server under test: where its documents are, and its process (for CPU and memory). */
interface Target {
  label: string;
  url: string;
  /** WebSocket base URL per instance; a document is `${wsBase}/${name}`. */
  wsBases: string[];
  /** The server processes (one per instance), for CPU and memory. */
  pids: number[];
  cookies: Record<string, string>;
  stop: () => Promise<void>;
}

/** Creates `count` weegploeg meetings (numbered from `from`) and returns each one's analysis document name. */
async function createDocuments(
  url: string,
  cookies: Record<string, string>,
  from: number,
  count: number,
): Promise<string[]> {
  const documents: string[] = [];
  for (let m = from; m < from + count; m++) {
    const signal = await api<RegisterSignalResponse>(url, cookies.politie!, '/api/signals', {
      subject: { name: `Bench ${m} (fictief)` },
      description: 'Benchmark',
      observedOn: '2026-11-01',
      reporter: { name: 'Bench', contact: 'bench@example.nl' },
      phenomenon: 'other',
      setting: 'online',
    });
    const meeting = await api<MeetingDetail>(url, cookies.uitvoerder!, '/api/meetings', {
      kind: 'weighing',
      title: `Bench ${m}`,
      scheduledAt: '2026-12-01T09:00:00Z',
    });
    const detail = await api<MeetingDetail>(
      url,
      cookies.uitvoerder!,
      `/api/meetings/${meeting.id}/agenda-items`,
      {
        weighingFileId: signal.weighingFileId,
      },
    );
    documents.push(docName({ meetingId: meeting.id, itemId: detail.agenda[0]!.id, compartment: 'analysis' }));
  }
  return documents;
}

/** Casustafel with `meetings` weegploeg meetings, and the name of each one's analysis document. */
async function casustafel(meetings: number): Promise<{ target: Target; documents: string[] }> {
  const server = await startServer({}, 'warn');
  abandon.push(() => process.kill(server.pid, 'SIGKILL'));
  const cookies = Object.fromEntries(
    await Promise.all(USERS.map(async (u) => [u, await login(server.url, u)] as const)),
  );
  const documents = await createDocuments(server.url, cookies, 0, meetings);
  const target: Target = {
    label: 'Casustafel',
    url: server.url,
    wsBases: [server.url.replace('http', 'ws') + YJS_PATH],
    pids: [server.pid],
    cookies,
    stop: server.stop,
  };
  return { target, documents };
}

/**
 * Casustafel on `count` instances sharing PostgreSQL and Redis (multi-instance mode), with `meetings` weegploeg
 * meetings. Each instance is a process of its own; a participant may connect to any of them.
 */
async function casustafelInstances(
  meetings: number,
  count: number,
): Promise<{ target: Target; documents: string[]; urls: string[] }> {
  if (!process.env.BENCH_DATABASE_URL)
    throw new Error('BENCH_MODE=instances needs BENCH_DATABASE_URL (PostgreSQL)');
  const redis = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const servers: ServerChild[] = [];
  for (let i = 0; i < count; i++) {
    const server = await startServer({ REDIS_URL: redis }, 'warn');
    abandon.push(() => process.kill(server.pid, 'SIGKILL'));
    servers.push(server);
  }
  const first = servers[0]!;
  const cookies = Object.fromEntries(
    await Promise.all(USERS.map(async (u) => [u, await login(first.url, u)] as const)),
  );
  const documents = await createDocuments(first.url, cookies, 0, meetings);
  const target: Target = {
    label: `Casustafel × ${count} instances`,
    url: first.url,
    wsBases: servers.map((server) => server.url.replace('http', 'ws') + YJS_PATH),
    pids: servers.map((server) => server.pid),
    cookies,
    stop: async () => {
      await Promise.all(servers.map((server) => server.stop()));
    },
  };
  return { target, documents, urls: servers.map((server) => server.url) };
}

/**
 * The time from a logout (DELETE /api/session) on the instance at `logoutUrl` to the close of that session's open
 * live connection to `wsBase`, `times` times with a fresh login each: the convenant's "revocation takes effect at
 * once" (art. 15.2d), measured. Sorted, in ms.
 */
async function revocations(
  loginUrl: string,
  logoutUrl: string,
  wsBase: string,
  document: string,
  times: number,
): Promise<Float64Array> {
  const delays: number[] = [];
  for (let i = 0; i < times; i++) {
    const cookie = await login(loginUrl, 'gemeente');
    const ws = new WebSocket(`${wsBase}/${document}`, { headers: { cookie } });
    await new Promise<void>((resolve, reject) => {
      ws.once('message', () => resolve());
      ws.once('error', reject);
    });
    const closed = new Promise<number>((resolve) => ws.once('close', () => resolve(performance.now())));
    const started = performance.now();
    const response = await fetch(`${logoutUrl}/api/session`, { method: 'DELETE', headers: { cookie } });
    if (!response.ok) throw new Error(`logout: ${response.status}`);
    const end = await Promise.race([
      closed,
      new Promise<number>((resolve) => setTimeout(() => resolve(NaN), 10_000)),
    ]);
    delays.push(end - started);
    ws.terminate();
  }
  return Float64Array.from(delays).sort();
}

/** The bare reference server: same document names, no login (the cookies are sent and ignored). */
const bare = (cookies: Record<string, string>) => reference('bare y-websocket', startBareServer, cookies);

/**
 * The durable reference (PostgreSQL only): the bare relay plus persist before broadcast and a logged opening, the
 * two promises Casustafel keeps on this path (see bench-durable-reference.ts). Null on PGlite.
 */
const durable = (cookies: Record<string, string>) =>
  process.env.BENCH_DATABASE_URL ? reference('durable reference', startDurableReference, cookies) : null;

async function reference(
  label: string,
  start: () => Promise<ServerChild>,
  cookies: Record<string, string>,
): Promise<Target> {
  const server = await start();
  abandon.push(() => process.kill(server.pid, 'SIGKILL'));
  return {
    label,
    url: server.url,
    wsBases: [server.url.replace('http', 'ws')],
    pids: [server.pid],
    cookies,
    stop: server.stop,
  };
}

interface SteadyFigures {
  p50: number;
  p95: number;
  p99: number;
  /** p99 of the deliveries from a writer on another instance (NaN with one instance). */
  crossP99: number;
  max: number;
  durablePerSecond: number;
  /** Server CPU per update sent, in ms. */
  cpuPerUpdateMs: number;
  cpuPercent: number;
  rssMiB: number;
}

const ms = (value: number) => value.toFixed(1);

/** The meeting workload (see the top of this file) against one server; prints and returns its figures. */
async function steady(target: Target, documents: string[]): Promise<SteadyFigures> {
  const workers = Array.from({ length: WORKERS }, (_, w) => {
    const input: WorkerInput = {
      wsUrls: target.wsBases,
      cookies: target.cookies,
      meetings: [...documents.entries()].filter(([m]) => m % WORKERS === w),
      phase: w / WORKERS,
      warmupMs: WARMUP * 1000,
    };
    // A worker does not inherit tsx's loader: it registers it before importing this file.
    const worker = new Worker(
      `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})` +
        `.then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`,
      { eval: true, workerData: input },
    );
    const messages: FromWorker[] = [];
    let wake: (() => void) | null = null;
    let failure: Error | null = null;
    worker.on('message', (message: FromWorker) => {
      messages.push(message);
      wake?.();
    });
    worker.on('error', (error: Error) => {
      failure = error;
      wake?.();
    });
    const next = async <T extends FromWorker['type']>(type: T) => {
      for (;;) {
        if (failure) throw failure;
        const index = messages.findIndex((message) => message.type === type);
        if (index >= 0) return messages.splice(index, 1)[0] as Extract<FromWorker, { type: T }>;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    };
    return { worker, next };
  });
  await Promise.all(workers.map((w) => w.next('synced')));

  for (const { worker } of workers) worker.postMessage({ type: 'start' } satisfies ToWorker);
  await new Promise((resolve) => setTimeout(resolve, WARMUP * 1000));
  // The measured window: CPU and load over exactly these SECONDS of steady writing.
  const load = loadavg();
  const before = stats(target.pids);
  const databaseBefore = databaseCpu();
  const benchBefore = process.cpuUsage();
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
  const elapsed = (performance.now() - started) / 1000;
  const after = stats(target.pids);
  const databaseSeconds = databaseCpuSince(databaseBefore);
  const bench = process.cpuUsage(benchBefore);
  const loadAfter = loadavg();
  for (const { worker } of workers) worker.postMessage({ type: 'stop' } satisfies ToWorker);
  const results = await Promise.all(workers.map((w) => w.next('done')));
  await Promise.all(workers.map(({ worker }) => worker.terminate()));

  const warmupMs = WARMUP * 1000;
  const split = (measured: boolean, across?: boolean) => {
    const list: number[] = [];
    for (const r of results)
      r.latencies.forEach((latency, i) => {
        if (r.writtenAt[i]! >= warmupMs !== measured) return;
        if (across !== undefined && (r.crossed[i] === 1) !== across) return;
        list.push(latency);
      });
    return Float64Array.from(list).sort();
  };
  const sorted = split(true);
  const warm = split(false);
  const crossing = split(true, true);
  const sum = (pick: (r: Extract<FromWorker, { type: 'done' }>) => number) =>
    results.reduce((n, r) => n + pick(r), 0);
  const sent = sum((r) => r.sent[1]);
  const delivered = sum((r) => r.delivered[1]);
  const expected = sum((r) => r.expected[1]);
  const say = (line: string) => console.log(`[${target.label}] ${line}`);
  say(
    `warm-up (not counted below; includes each connection's first write, which is audited): ` +
      `${sum((r) => r.sent[0])} entries, latency p50 ${ms(percentile(warm, 50))} p99 ${ms(percentile(warm, 99))} ` +
      `max ${ms(warm[warm.length - 1] ?? NaN)} ms`,
  );
  say(`updates sent: ${sent} (${(sent / SECONDS).toFixed(0)}/s offered)`);
  say(
    `updates stored and delivered to an observer: ${delivered} → ${(delivered / SECONDS).toFixed(0)} durable updates/s`,
  );
  say(
    `deliveries measured: ${sorted.length} of ${expected} expected (${MEETINGS * OBSERVERS} observers, every ` +
      `entry of another participant of their meeting)`,
  );
  say(
    `propagation latency ms: p50 ${ms(percentile(sorted, 50))}  p95 ${ms(percentile(sorted, 95))}  ` +
      `p99 ${ms(percentile(sorted, 99))}  max ${ms(sorted[sorted.length - 1] ?? NaN)}`,
  );
  if (target.wsBases.length > 1)
    say(
      `of which across instances (writer and observer on different instances): ${crossing.length}, p50 ` +
        `${ms(percentile(crossing, 50))}  p99 ${ms(percentile(crossing, 99))}  max ${ms(crossing[crossing.length - 1] ?? NaN)}`,
    );
  const cpuSeconds = after.cpuSeconds - before.cpuSeconds;
  say(
    `server (pid ${target.pids.join(', ')}): CPU ${((cpuSeconds / elapsed) * 100).toFixed(0)}% of one core, ` +
      `${((cpuSeconds * 1000) / Math.max(1, sent)).toFixed(3)} ms per update, RSS ${after.rssMiB.toFixed(0)} MiB, ` +
      `${((after.writeCalls - before.writeCalls) / Math.max(1, sent)).toFixed(1)} write system calls per update`,
  );
  // Only where PostgreSQL is in play: PGlite runs inside the server process, and the bare server has no database.
  if (process.env.BENCH_DATABASE_URL && databaseSeconds > 0)
    say(
      `database (PostgreSQL processes on this machine): CPU ${((databaseSeconds / elapsed) * 100).toFixed(0)}% of ` +
        `one core, ${((databaseSeconds * 1000) / Math.max(1, sent)).toFixed(3)} ms per update`,
    );
  say(
    `load generator (this process, all threads): CPU ${(((bench.user + bench.system) / 1e6 / elapsed) * 100).toFixed(0)}% of one core`,
  );
  say(
    `machine load average (1 min) before/after: ${load[0]!.toFixed(2)} / ${loadAfter[0]!.toFixed(2)} on 2 cores`,
  );
  if (process.env.BENCH_TIMELINE) {
    // Per second of the run (warm-up included): how many entries were measured, their latency p99 and maximum.
    // A stall that hits everything at once (the machine, a GC pause, a blocked event loop) shows as one bad second.
    const seconds = Array.from({ length: WARMUP + SECONDS + 2 }, () => [] as number[]);
    for (const r of results)
      r.latencies.forEach((latency, i) =>
        seconds[Math.min(seconds.length - 1, Math.floor(r.writtenAt[i]! / 1000))]!.push(latency),
      );
    seconds.forEach((list, second) => {
      const s = Float64Array.from(list).sort();
      say(
        `  second ${second}: ${s.length} measured, p50 ${ms(percentile(s, 50))} p99 ${ms(percentile(s, 99))} ` +
          `max ${ms(s[s.length - 1] ?? NaN)} ms`,
      );
    });
  }
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    crossP99: percentile(crossing, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    durablePerSecond: delivered / SECONDS,
    cpuPerUpdateMs: (cpuSeconds * 1000) / Math.max(1, sent),
    cpuPercent: (cpuSeconds / elapsed) * 100,
    rssMiB: after.rssMiB,
  };
}

/** A stock-protocol reader that applies every update to a Y.Doc of its own (sync handshake answered). */
class Observer {
  readonly doc = new Y.Doc();
  synced = false;
  private readonly ws: WebSocket;
  private progress: (() => void) | null = null;
  private onSynced: (() => void) | null = null;

  constructor(url: string, cookie: string) {
    this.ws = new WebSocket(url, { headers: { cookie } });
    this.ws.on('open', () => {
      const step1 = encoding.createEncoder();
      encoding.writeVarUint(step1, YjsMessage.Sync);
      syncProtocol.writeSyncStep1(step1, this.doc);
      this.ws.send(encoding.toUint8Array(step1));
    });
    this.ws.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.length));
      if (decoding.readVarUint(decoder) !== YjsMessage.Sync) return;
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, YjsMessage.Sync);
      const kind = syncProtocol.readSyncMessage(decoder, reply, this.doc, this);
      if (kind === syncProtocol.messageYjsSyncStep2) {
        this.synced = true;
        this.onSynced?.();
      }
      if (encoding.length(reply) > 1) this.ws.send(encoding.toUint8Array(reply));
      this.progress?.();
    });
    this.ws.on('error', () => undefined);
  }

  /** Resolves once the document holds `clock` of `client` (false after `timeoutMs`). */
  reached(client: number, clock: number, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      const check = () => {
        if (Y.getState(this.doc.store, client) < clock) return;
        clearTimeout(timer);
        this.progress = null;
        resolve(true);
      };
      this.progress = check;
      check();
    });
  }

  /** Resolves when sync step 2 arrived: the document is synced. */
  whenSynced(): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((resolve) => (this.onSynced = resolve));
  }

  /** Closes the connection and resolves once it is closed (the server gave its slot back). */
  async closed(): Promise<void> {
    const done = new Promise<void>((resolve) => this.ws.once('close', () => resolve()));
    this.destroy();
    await done;
  }

  destroy(): void {
    this.ws.close();
    this.doc.destroy();
  }
}

const until = async (ready: () => boolean, what: string) => {
  const start = performance.now();
  while (!ready()) {
    if (performance.now() - start > 60_000) throw new Error(`${what} did not sync`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

interface IngestFigures {
  durablePerSecond: number;
  cpuPerUpdateMs: number;
  rssMiB: number;
  complete: boolean;
}

/**
 * Single-writer ingest: each of `writers` connections (one document each) sends `perWriter` updates back to back,
 * as fast as the socket takes them; the clock stops when an observer of each document holds all of them. On
 * Casustafel an update reaches the observer only once committed, so this is durable updates per second.
 */
async function ingest(
  target: Target,
  documents: string[],
  writers: number,
  perWriter: number,
): Promise<IngestFigures> {
  const cookie = (w: number) => target.cookies[USERS[w % USERS.length]!]!;
  const plans = Array.from({ length: writers }, (_, w) => {
    // The updates are made before the clock starts: what is measured is the server, not the making.
    const source = new Y.Doc();
    const frames: Uint8Array[] = [];
    source.on('update', (update: Uint8Array) => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, YjsMessage.Sync);
      syncProtocol.writeUpdate(encoder, update);
      frames.push(encoding.toUint8Array(encoder));
    });
    const text = source.getText(ENTRIES_TEXT);
    for (let i = 0; i < perWriter; i++) text.insert(text.length, `${w}:${i};`);
    const client = source.clientID;
    const clock = Y.getState(source.store, client);
    source.destroy();
    // With several instances the observer is on the last one: the updates cross instances to reach it.
    const on = (instance: number) => `${target.wsBases[instance]!}/${documents[w]!}`;
    return {
      frames,
      client,
      clock,
      writer: new LightWriter(on(0), cookie(w)),
      observer: new Observer(on(target.wsBases.length - 1), cookie(w + 1)),
    };
  });
  await until(() => plans.every((p) => p.writer.synced && p.observer.synced), 'ingest clients');
  const before = stats(target.pids);
  const started = performance.now();
  for (const plan of plans) for (const frame of plan.frames) plan.writer.send(frame);
  const complete = (
    await Promise.all(plans.map((p) => p.observer.reached(p.client, p.clock, INGEST_TIMEOUT_MS)))
  ).every(Boolean);
  const elapsed = (performance.now() - started) / 1000;
  const after = stats(target.pids);
  const held = plans.reduce((n, p) => n + Math.min(p.clock, Y.getState(p.observer.doc.store, p.client)), 0);
  const total = plans.reduce((n, p) => n + p.clock, 0);
  for (const plan of plans) {
    plan.writer.destroy();
    plan.observer.destroy();
  }
  // Each update inserts one entry of known length: the share of the clock range held is the share of updates.
  const durable = ((held / total) * writers * perWriter) / elapsed;
  const figures = {
    durablePerSecond: durable,
    cpuPerUpdateMs: ((after.cpuSeconds - before.cpuSeconds) * 1000) / (writers * perWriter),
    rssMiB: after.rssMiB,
    complete,
  };
  console.log(
    `[${target.label}] ingest ${writers} connection(s) × ${perWriter} updates: ${durable.toFixed(0)} durable ` +
      `updates/s (${elapsed.toFixed(2)} s${complete ? '' : ', INCOMPLETE at the time-out'}), server CPU ` +
      `${figures.cpuPerUpdateMs.toFixed(3)} ms per update, RSS ${after.rssMiB.toFixed(0)} MiB`,
  );
  return figures;
}

interface JoinFigures {
  p50: number;
  p99: number;
}

/**
 * Hot join (see BENCH_MODE=join): the document is loaded and in use, a participant connects again and again; the
 * time from opening the WebSocket to the synced document, in sequence (the latency of one join, not a storm).
 */
async function joins(target: Target, document: string): Promise<JoinFigures> {
  const url = `${target.wsBases[0]!}/${document}`;
  const holders = Array.from(
    { length: Math.max(1, PARTICIPANTS - 1) },
    (_, p) => new LightWriter(url, target.cookies[USERS[p % USERS.length]!]!),
  );
  await until(() => holders.every((holder) => holder.synced), 'join: participants holding the document');
  const writer = holders[0]!;
  const text = writer.doc.getText(ENTRIES_TEXT);
  for (let i = 0; i < JOIN_ENTRIES; i++) text.insert(text.length, `entry ${i};`);
  const joiner = target.cookies[USERS[(PARTICIPANTS - 1) % USERS.length]!]!;
  const settle = new Observer(url, joiner);
  await until(() => settle.synced && settle.doc.getText(ENTRIES_TEXT).length > 0, 'join: entries stored');
  await settle.reached(writer.doc.clientID, Y.getState(writer.doc.store, writer.doc.clientID), 30_000);
  settle.destroy();
  const times: number[] = [];
  for (let j = 0; j < JOINS; j++) {
    const started = performance.now();
    const observer = new Observer(url, joiner);
    await observer.whenSynced();
    times.push(performance.now() - started);
    await observer.closed();
  }
  for (const holder of holders) holder.destroy();
  const sorted = Float64Array.from(times).sort();
  const figures = { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  console.log(
    `[${target.label}] hot join (${JOINS} in sequence, document of ${JOIN_ENTRIES} entries, ${holders.length} ` +
      `participants connected): p50 ${ms(figures.p50)}  p99 ${ms(figures.p99)}  max ${ms(sorted[sorted.length - 1]!)} ms`,
  );
  return figures;
}

const ratio = (ours: number, reference: number) => `${(ours / reference).toFixed(2)}×`;

async function main() {
  const mode = process.env.BENCH_MODE ?? (process.env.BENCH_REFERENCE ? 'compare' : 'live');
  const database = process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'PGlite (in memory)';
  if (mode === 'ingest') {
    const { target, documents } = await casustafel(INGEST_WRITERS);
    console.log(
      `ingest bench: ${INGEST_WRITERS} connections × ${INGEST_UPDATES} updates, then 1 connection alone; ` +
        `database: ${database}; machine load average ${loadavg()[0]!.toFixed(2)} on 2 cores`,
    );
    // Fresh documents for the single writer: the first run's documents hold its entries already.
    const single = await createDocuments(target.url, target.cookies, INGEST_WRITERS, 1);
    const ours = await ingest(target, documents, INGEST_WRITERS, INGEST_UPDATES);
    const oursAlone = await ingest(target, single, 1, INGEST_UPDATES);
    await target.stop();
    const reference = await bare(target.cookies);
    const theirs = await ingest(reference, documents, INGEST_WRITERS, INGEST_UPDATES);
    const theirsAlone = await ingest(reference, single, 1, INGEST_UPDATES);
    await reference.stop();
    console.log(
      `ratio Casustafel / bare: ${INGEST_WRITERS} connections: updates/s ${ratio(ours.durablePerSecond, theirs.durablePerSecond)}, ` +
        `CPU per update ${ratio(ours.cpuPerUpdateMs, theirs.cpuPerUpdateMs)}, RSS ${ratio(ours.rssMiB, theirs.rssMiB)}; ` +
        `1 connection: updates/s ${ratio(oursAlone.durablePerSecond, theirsAlone.durablePerSecond)}, ` +
        `CPU per update ${ratio(oursAlone.cpuPerUpdateMs, theirsAlone.cpuPerUpdateMs)}`,
    );
    return;
  }
  if (mode === 'join') {
    const { target, documents } = await casustafel(1);
    console.log(
      `join bench: database ${database}; machine load average ${loadavg()[0]!.toFixed(2)} on 2 cores`,
    );
    const ours = await joins(target, documents[0]!);
    await target.stop();
    const reference = await bare(target.cookies);
    const theirs = await joins(reference, documents[0]!);
    await reference.stop();
    console.log(
      `ratio Casustafel / bare: hot join p50 ${ratio(ours.p50, theirs.p50)}  p99 ${ratio(ours.p99, theirs.p99)}; ` +
        `machine load average ${loadavg()[0]!.toFixed(2)}`,
    );
    const floor = await durable(target.cookies);
    if (!floor) return;
    const floors = await joins(floor, documents[0]!);
    await floor.stop();
    console.log(
      `ratio durable reference / bare: hot join p50 ${ratio(floors.p50, theirs.p50)}  p99 ${ratio(floors.p99, theirs.p99)}; ` +
        `Casustafel / durable reference: p50 ${ratio(ours.p50, floors.p50)}  p99 ${ratio(ours.p99, floors.p99)}`,
    );
    return;
  }
  if (mode === 'instances') {
    const count = Math.max(2, Number(process.env.BENCH_INSTANCES ?? 2));
    const times = Number(process.env.BENCH_REVOCATIONS ?? 30);
    console.log(
      `instances bench: ${MEETINGS} meetings × ${PARTICIPANTS} participants, ${RATE} updates/s each, on 1 and then ` +
        `${count} instances (PostgreSQL and Redis); ${WARMUP} s warm-up then ${SECONDS} s measured`,
    );
    const single = await casustafelInstances(MEETINGS, 1);
    const one = await steady(single.target, single.documents);
    const sameInstance = await revocations(
      single.urls[0]!,
      single.urls[0]!,
      single.target.wsBases[0]!,
      single.documents[0]!,
      times,
    );
    await single.target.stop();
    const several = await casustafelInstances(MEETINGS, count);
    const spread = await steady(several.target, several.documents);
    // Logged in and out on the first instance, the live connection on the second.
    const across = await revocations(
      several.urls[0]!,
      several.urls[0]!,
      several.target.wsBases[1]!,
      several.documents[0]!,
      times,
    );
    await several.target.stop();
    const line = (label: string, sorted: Float64Array) =>
      console.log(
        `revocation ${label}: logout to close p50 ${ms(percentile(sorted, 50))}  p99 ${ms(percentile(sorted, 99))}  ` +
          `max ${ms(sorted[sorted.length - 1] ?? NaN)} ms (${sorted.length} logouts` +
          `${sorted.some(Number.isNaN) ? ', SOME NOT CLOSED WITHIN 10 s' : ''})`,
      );
    line('on the same instance', sameInstance);
    line('across instances', across);
    console.log(
      `ratio ${count} instances / 1: p50 ${ratio(spread.p50, one.p50)}  p99 ${ratio(spread.p99, one.p99)}  ` +
        `cross-instance p99 / single p99 ${ratio(spread.crossP99, one.p99)}  ` +
        `CPU per update ${ratio(spread.cpuPerUpdateMs, one.cpuPerUpdateMs)}  ` +
        `durable updates/s ${ratio(spread.durablePerSecond, one.durablePerSecond)}`,
    );
    return;
  }
  const { target, documents } = await casustafel(MEETINGS);
  console.log(
    `live bench: ${MEETINGS} meetings × ${PARTICIPANTS} participants, ${RATE} updates/s each, ` +
      `${WARMUP} s warm-up then ${SECONDS} s measured`,
  );
  console.log(`database: ${database}`);
  console.log(
    `clients: ${MEETINGS * PARTICIPANTS} WebSocket connections in ${WORKERS} worker thread(s); per meeting ` +
      `${OBSERVERS} stock y-websocket observers (full Y.Doc, measure latency) and ${PARTICIPANTS - OBSERVERS} ` +
      `light writers (own Y.Doc, broadcasts received but not applied); writers spread evenly over each period`,
  );
  const ours = await steady(target, documents);
  await target.stop();
  if (mode !== 'compare') return;
  // The same workload, the same document names, one server after the other (never both at once on 2 cores).
  const reference = await bare(target.cookies);
  const theirs = await steady(reference, documents);
  await reference.stop();
  console.log(
    `ratio Casustafel / bare: p50 ${ratio(ours.p50, theirs.p50)}  p99 ${ratio(ours.p99, theirs.p99)}  ` +
      `CPU per update ${ratio(ours.cpuPerUpdateMs, theirs.cpuPerUpdateMs)}  RSS ${ratio(ours.rssMiB, theirs.rssMiB)}  ` +
      `durable updates/s ${ratio(ours.durablePerSecond, theirs.durablePerSecond)}`,
  );
  const floor = await durable(target.cookies);
  if (!floor) return;
  const floors = await steady(floor, documents);
  await floor.stop();
  console.log(
    `ratio durable reference / bare: p50 ${ratio(floors.p50, theirs.p50)}  p99 ${ratio(floors.p99, theirs.p99)}  ` +
      `CPU per update ${ratio(floors.cpuPerUpdateMs, theirs.cpuPerUpdateMs)}; Casustafel / durable reference: ` +
      `p50 ${ratio(ours.p50, floors.p50)}  p99 ${ratio(ours.p99, floors.p99)}  ` +
      `CPU per update ${ratio(ours.cpuPerUpdateMs, floors.cpuPerUpdateMs)}`,
  );
}

if (isMainThread) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      for (const stop of abandon) stop();
      process.exit(1);
    },
  );
} else {
  runWorker(workerData as WorkerInput).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
