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
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

const MEETINGS = Number(process.env.BENCH_MEETINGS ?? 20);
const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 15);
const OBSERVERS = Math.min(PARTICIPANTS, Number(process.env.BENCH_OBSERVERS ?? 3));
const RATE = Number(process.env.BENCH_RATE ?? 4);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const WORKERS = Math.max(1, Math.min(MEETINGS, Number(process.env.BENCH_WORKERS ?? 2)));
const PASSWORD = 'bench-demo-password';
const USERS = ['voorzitter', 'uitvoerder', 'gemeente', 'politie', 'om'];

interface WorkerInput {
  wsUrl: string;
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
      /** When each measured entry was written, in ms since this thread's start signal. */
      writtenAt: Float64Array;
      /** [warm-up, measured] */
      delivered: [number, number];
      sent: [number, number];
      expected: [number, number];
    };

type ToWorker = { type: 'start' } | { type: 'stop' };

function startServer(): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const env = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    DEMO: '1',
    DEMO_PASSWORD: PASSWORD,
    ...(process.env.BENCH_DATABASE_URL
      ? { DATABASE_URL: process.env.BENCH_DATABASE_URL }
      : { DATA_DIR: 'memory://', DATABASE_URL: '' }),
  };
  const flags = (process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', 'server/main.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listens on (http:\/\/[^\s"]+)/.exec(out);
      if (match) {
        child.stdout.off('data', onData);
        child.stdout.resume(); // keep draining the server's log
        resolve({
          url: match[1]!,
          pid: child.pid!,
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

async function login(url: string, username: string): Promise<string> {
  const response = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!response.ok) throw new Error(`login ${username}: ${response.status}`);
  return response.headers.get('set-cookie')!.split(';')[0]!;
}

async function api<T>(url: string, cookie: string, path: string, body: unknown): Promise<T> {
  const response = await fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** CPU seconds (user+system) and resident memory of a process, from /proc. */
function processStats(pid: number): { cpuSeconds: number; rssMiB: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]);
  const rssPages = Number(stat[21]);
  return { cpuSeconds: ticks / 100, rssMiB: (rssPages * 4096) / 1024 / 1024 };
}

const percentile = (sorted: Float64Array, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

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
  const writtenAt: number[] = [];
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
        const writer = new LightWriter(`${input.wsUrl}/${name}`, cookie);
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
      const provider = new WebsocketProvider(input.wsUrl, name, doc, {
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
  parentPort!.postMessage(
    {
      type: 'done',
      latencies: result,
      writtenAt: times,
      delivered: [delivered[0]!.size, delivered[1]!.size],
      sent,
      expected,
    } satisfies FromWorker,
    [result.buffer, times.buffer],
  );
}

/** Stops the server child if the run fails half-way. */
let abandon = () => undefined as unknown;

async function main() {
  const server = await startServer();
  abandon = () => process.kill(server.pid, 'SIGKILL');
  const cookies = Object.fromEntries(
    await Promise.all(USERS.map(async (u) => [u, await login(server.url, u)] as const)),
  );
  const documents: string[] = [];
  for (let m = 0; m < MEETINGS; m++) {
    const signal = await api<RegisterSignalResponse>(server.url, cookies.politie!, '/api/signals', {
      subject: { name: `Bench ${m} (fictief)` },
      description: 'Benchmark',
      observedOn: '2026-11-01',
      reporter: { name: 'Bench', contact: 'bench@example.nl' },
      phenomenon: 'other',
      setting: 'online',
    });
    const meeting = await api<MeetingDetail>(server.url, cookies.uitvoerder!, '/api/meetings', {
      kind: 'weighing',
      title: `Bench ${m}`,
      scheduledAt: '2026-12-01T09:00:00Z',
    });
    const detail = await api<MeetingDetail>(
      server.url,
      cookies.uitvoerder!,
      `/api/meetings/${meeting.id}/agenda-items`,
      {
        weighingFileId: signal.weighingFileId,
      },
    );
    documents.push(docName({ meetingId: meeting.id, itemId: detail.agenda[0]!.id, compartment: 'analysis' }));
  }

  const workers = Array.from({ length: WORKERS }, (_, w) => {
    const input: WorkerInput = {
      wsUrl: server.url.replace('http', 'ws') + YJS_PATH,
      cookies,
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
  const before = processStats(server.pid);
  const benchBefore = process.cpuUsage();
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
  const elapsed = (performance.now() - started) / 1000;
  const after = processStats(server.pid);
  const bench = process.cpuUsage(benchBefore);
  const loadAfter = loadavg();
  for (const { worker } of workers) worker.postMessage({ type: 'stop' } satisfies ToWorker);
  const results = await Promise.all(workers.map((w) => w.next('done')));
  await Promise.all(workers.map(({ worker }) => worker.terminate()));

  const warmupMs = WARMUP * 1000;
  const split = (measured: boolean) => {
    const list: number[] = [];
    for (const r of results)
      r.latencies.forEach((latency, i) => {
        if (r.writtenAt[i]! >= warmupMs === measured) list.push(latency);
      });
    return Float64Array.from(list).sort();
  };
  const sorted = split(true);
  const warm = split(false);
  const sum = (pick: (r: Extract<FromWorker, { type: 'done' }>) => number) =>
    results.reduce((n, r) => n + pick(r), 0);
  const sent = sum((r) => r.sent[1]);
  const delivered = sum((r) => r.delivered[1]);
  const expected = sum((r) => r.expected[1]);
  const ms = (value: number) => value.toFixed(1);
  console.log(
    `live bench: ${MEETINGS} meetings × ${PARTICIPANTS} participants, ${RATE} updates/s each, ` +
      `${WARMUP} s warm-up then ${SECONDS} s measured`,
  );
  console.log(`database: ${process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'PGlite (in memory)'}`);
  console.log(
    `clients: ${MEETINGS * PARTICIPANTS} WebSocket connections in ${WORKERS} worker thread(s); per meeting ` +
      `${OBSERVERS} stock y-websocket observers (full Y.Doc, measure latency) and ${PARTICIPANTS - OBSERVERS} ` +
      `light writers (own Y.Doc, broadcasts received but not applied); writers spread evenly over each period`,
  );
  console.log(
    `warm-up (not counted below; includes each connection's first write, which is audited): ` +
      `${sum((r) => r.sent[0])} entries, latency p50 ${ms(percentile(warm, 50))} p99 ${ms(percentile(warm, 99))} ` +
      `max ${ms(warm[warm.length - 1] ?? NaN)} ms`,
  );
  console.log(`updates sent: ${sent} (${(sent / SECONDS).toFixed(0)}/s offered)`);
  console.log(
    `updates stored and delivered to an observer: ${delivered} → ${(delivered / SECONDS).toFixed(0)} durable updates/s`,
  );
  console.log(
    `deliveries measured: ${sorted.length} of ${expected} expected (${MEETINGS * OBSERVERS} observers, every ` +
      `entry of another participant of their meeting)`,
  );
  console.log(
    `propagation latency ms: p50 ${ms(percentile(sorted, 50))}  p95 ${ms(percentile(sorted, 95))}  ` +
      `p99 ${ms(percentile(sorted, 99))}  max ${ms(sorted[sorted.length - 1] ?? NaN)}`,
  );
  console.log(
    `server (pid ${server.pid}): CPU ${(((after.cpuSeconds - before.cpuSeconds) / elapsed) * 100).toFixed(0)}% of one core, RSS ${after.rssMiB.toFixed(0)} MiB`,
  );
  console.log(
    `load generator (this process, all threads): CPU ${(((bench.user + bench.system) / 1e6 / elapsed) * 100).toFixed(0)}% of one core`,
  );
  console.log(
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
      console.log(
        `  second ${second}: ${s.length} measured, p50 ${ms(percentile(s, 50))} p99 ${ms(percentile(s, 99))} ` +
          `max ${ms(s[s.length - 1] ?? NaN)} ms`,
      );
    });
  }
  await server.stop();
}

if (isMainThread) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      abandon();
      process.exit(1);
    },
  );
} else {
  runWorker(workerData as WorkerInput).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
