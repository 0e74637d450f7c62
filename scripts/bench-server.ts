/**
 * The real server as a child process for the scripts (bench:storm, fuzz): PGlite in memory with the demo covenant, or
 * PostgreSQL when BENCH_DATABASE_URL is set; logins and JSON calls against it. Also the bare reference Yjs server.
 */
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

export const PASSWORD = 'bench-demo-password';

export interface ServerChild {
  url: string;
  pid: number;
  /** True while the process runs. */
  alive: () => boolean;
  stop: () => Promise<void>;
}

export function startServer(extraEnv: Record<string, string> = {}, logLevel = 'warn'): Promise<ServerChild> {
  const env = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    DEMO: '1',
    DEMO_PASSWORD: PASSWORD,
    RETENTION_INTERVAL_MINUTES: '0',
    ...(process.env.BENCH_DATABASE_URL
      ? { DATABASE_URL: process.env.BENCH_DATABASE_URL }
      : { DATA_DIR: 'memory://', DATABASE_URL: '' }),
    ...extraEnv,
  };
  const flags = (process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', 'server/main.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let running = true;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running = false;
      resolve();
    }),
  );
  child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listens on (http:\/\/[^\s"]+)/.exec(out);
      if (match) {
        // From here on only log lines at logLevel or worse are passed on (pino's numeric levels).
        const worst = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 }[logLevel] ?? 40;
        child.stdout.off('data', onData);
        child.stdout.on('data', (more: Buffer) => {
          for (const line of more.toString().split('\n')) {
            const level = /"level":(\d+)/.exec(line)?.[1];
            if (level && Number(level) >= worst) process.stderr.write(`server: ${line.slice(0, 400)}\n`);
          }
        });
        resolve({
          url: match[1]!,
          pid: child.pid!,
          alive: () => running,
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

export async function login(url: string, username: string): Promise<string> {
  const response = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!response.ok) throw new Error(`login ${username}: ${response.status}`);
  return response.headers.get('set-cookie')!.split(';')[0]!;
}

export async function api<T>(url: string, cookie: string, path: string, body: unknown): Promise<T> {
  const response = await fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export const percentile = (sorted: Float64Array, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/**
 * The bare reference Yjs server (`@y/websocket-server`, the y-websocket project's own) as a child process: documents
 * in memory, no authorisation, no persistence, no checks. What the live endpoint costs on top of the protocol itself
 * is measured against it, on the same workload in the same run. Documents are addressed as `ws://host:port/<name>`.
 */
export async function startBareServer(): Promise<ServerChild> {
  const port = await freePort();
  const script = fileURLToPath(import.meta.resolve('@y/websocket-server/package.json')).replace(
    /package\.json$/,
    'src/server.js',
  );
  return startReferenceChild('bare server', [script], { HOST: '127.0.0.1', PORT: String(port) }, (out) =>
    out.includes('running at') ? `http://127.0.0.1:${port}` : null,
  );
}

/**
 * The durable reference server (scripts/bench-durable-reference.ts: persist before broadcast and a logged opening,
 * nothing else) as a child process, on the PostgreSQL of BENCH_DATABASE_URL. What durability costs on this machine
 * in itself, next to what Casustafel costs.
 */
export function startDurableReference(): Promise<ServerChild> {
  const script = fileURLToPath(new URL('./bench-durable-reference.ts', import.meta.url));
  return startReferenceChild('durable reference', ['--import', 'tsx', script], {}, (out) => {
    const match = /listens on ws:\/\/(\S+)/.exec(out);
    return match ? `http://${match[1]!}` : null;
  });
}

/** A reference server as a child process, ready once `readyUrl` finds its address in what it printed. */
function startReferenceChild(
  label: string,
  args: string[],
  env: Record<string, string>,
  readyUrl: (printed: string) => string | null,
): Promise<ServerChild> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let running = true;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running = false;
      resolve();
    }),
  );
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const url = readyUrl(out);
      if (!url) return;
      child.stdout.off('data', onData);
      child.stdout.resume();
      resolve({
        url,
        pid: child.pid!,
        alive: () => running,
        stop: () => {
          child.kill('SIGTERM');
          return exited;
        },
      });
    };
    child.stdout.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${label} exited with ${code}`)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
