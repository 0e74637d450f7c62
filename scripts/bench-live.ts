/**
 * `npm run bench:live`: a live-meeting load test that prints figures (it asserts nothing).
 * Starts the real server as a child process (PGlite in memory, or PostgreSQL when BENCH_DATABASE_URL is set),
 * creates BENCH_MEETINGS weegploeg meetings and connects BENCH_PARTICIPANTS stock y-websocket clients to each
 * meeting's analysis document. Every participant appends timestamped entries at BENCH_RATE per second for
 * BENCH_SECONDS; every other participant of that meeting measures how long each entry took to reach it (through
 * the server's store-then-broadcast path). Prints propagation p50/p95/p99, durable updates per second, and the
 * server's CPU and memory. Loopback only; bounded in time.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { YJS_PATH, docName, type MeetingDetail, type RegisterSignalResponse } from '../shared/index';

const MEETINGS = Number(process.env.BENCH_MEETINGS ?? 20);
const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 15);
const RATE = Number(process.env.BENCH_RATE ?? 4);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const PASSWORD = 'bench-demo-password';
const USERS = ['voorzitter', 'uitvoerder', 'gemeente', 'politie', 'om'];

function startServer(): Promise<{ url: string; pid: number; stop: () => void }> {
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
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listens on (http:\/\/[^\s"]+)/.exec(out);
      if (match) resolve({ url: match[1]!, pid: child.pid!, stop: () => child.kill('SIGTERM') });
    });
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

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function main() {
  // Every WebsocketProvider adds an exit listener; hundreds of them are expected here.
  process.setMaxListeners(0);
  const server = await startServer();
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

  const latencies: number[] = [];
  /** Entries that reached at least one other participant: stored by the server, then broadcast. */
  const delivered = new Set<string>();
  let sent = 0;
  const clients: { doc: Y.Doc; provider: WebsocketProvider; id: string }[] = [];
  for (const [m, name] of documents.entries()) {
    for (let p = 0; p < PARTICIPANTS; p++) {
      const cookie = cookies[USERS[p % USERS.length]!]!;
      class SessionWebSocket extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols, { headers: { cookie } });
        }
      }
      const doc = new Y.Doc();
      const id = `${m}-${p}`;
      const provider = new WebsocketProvider(server.url.replace('http', 'ws') + YJS_PATH, name, doc, {
        WebSocketPolyfill: SessionWebSocket as unknown as typeof globalThis.WebSocket,
        disableBc: true,
      });
      doc.getArray<[string, number]>('entries').observe((event) => {
        if (event.transaction.local) return;
        const now = performance.now();
        for (const item of event.changes.added) {
          for (const [writer, at] of item.content.getContent() as [string, number][]) {
            if (writer === id) continue;
            latencies.push(now - at);
            delivered.add(`${writer}@${at}`);
          }
        }
      });
      clients.push({ doc, provider, id });
    }
  }
  const syncStart = performance.now();
  while (!clients.every((c) => c.provider.synced)) {
    if (performance.now() - syncStart > 60_000) throw new Error('clients did not sync');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  const before = processStats(server.pid);
  const benchBefore = process.cpuUsage();
  const started = performance.now();
  const timers = clients.map((client) =>
    setInterval(() => {
      client.doc.getArray<[string, number]>('entries').push([[client.id, performance.now()]]);
      sent += 1;
    }, 1000 / RATE),
  );
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
  timers.forEach(clearInterval);
  await new Promise((resolve) => setTimeout(resolve, 2000)); // let the last entries arrive
  const elapsed = (performance.now() - started) / 1000;
  const after = processStats(server.pid);
  const bench = process.cpuUsage(benchBefore);

  const sorted = latencies.sort((a, b) => a - b);
  const expectedDeliveries = sent * (PARTICIPANTS - 1);
  console.log(
    `live bench: ${MEETINGS} meetings × ${PARTICIPANTS} participants, ${RATE} updates/s each, ${SECONDS} s`,
  );
  console.log(`database: ${process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'PGlite (in memory)'}`);
  console.log(`updates sent: ${sent} (${(sent / SECONDS).toFixed(0)}/s offered)`);
  console.log(
    `updates stored and delivered to another participant: ${delivered.size} → ${(delivered.size / SECONDS).toFixed(0)} durable updates/s`,
  );
  console.log(`deliveries: ${latencies.length} of ${expectedDeliveries} expected`);
  console.log(
    `propagation latency ms: p50 ${percentile(sorted, 50).toFixed(1)}  p95 ${percentile(sorted, 95).toFixed(1)}  p99 ${percentile(sorted, 99).toFixed(1)}  max ${sorted[sorted.length - 1]?.toFixed(1)}`,
  );
  console.log(
    `server (pid ${server.pid}): CPU ${(((after.cpuSeconds - before.cpuSeconds) / elapsed) * 100).toFixed(0)}% of one core, RSS ${after.rssMiB.toFixed(0)} MiB`,
  );
  console.log(
    `load generator (this process, all clients): CPU ${(((bench.user + bench.system) / 1e6 / elapsed) * 100).toFixed(0)}% of one core`,
  );
  for (const client of clients) client.provider.destroy();
  server.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
