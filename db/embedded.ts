/**
 * The embedded database (PGlite) in a worker thread, reached through node-postgres as a PostgreSQL server is: the
 * pool's one connection is a stream whose bytes go to the worker (db/embedded-worker.ts) and back. PGlite runs a
 * query synchronously on its thread; on the server's own thread it held the event loop for every query (and for
 * the growth of its in-memory file system), so every live connection waited. Here the event loop stays free.
 *
 * One connection (pool size 1), because PGlite has one session: node-postgres hands it to one transaction at a
 * time and queues other statements until the transaction ends, so they never run inside it.
 */
import { createRequire } from 'node:module';
import { Duplex } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import type { EmbeddedWorkerData, FromWorker, ToWorker } from './embedded-protocol';

export interface EmbeddedDatabase {
  /** node-postgres over the worker: one connection, kept open until `close`. */
  pool: pg.Pool;
  /** Ends the pool, closes PGlite (a checkpoint) and ends the worker thread. */
  close(): Promise<void>;
}

/** How long a closing PGlite may take to checkpoint before its thread is ended anyway. */
const CLOSE_TIMEOUT_MS = 10_000;
// Message codes and layouts: PostgreSQL manual, "Frontend/Backend Protocol", "Message Formats".
const SSL_REQUEST_CODE = 80877103;
const TERMINATE = 0x58; // 'X'
/** What a PostgreSQL server answers a startup message with when it trusts the client: AuthenticationOk, then ReadyForQuery (idle). */
const STARTUP_REPLY = Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 0, 0x5a, 0, 0, 0, 5, 0x49]);

/**
 * The worker's entry is TypeScript: the thread registers tsx first, as a worker of the test runner cannot load it
 * otherwise. Dynamic imports only, so the code runs whether the thread evaluates it as a script or as a module
 * (it inherits the process's flags, e.g. `--input-type=module`).
 */
const require = createRequire(import.meta.url);
const BOOTSTRAP = `
import('node:worker_threads').then(async ({ workerData }) => {
  const { register } = await import(workerData.tsx);
  register();
  await import(workerData.entry);
});
`;

function lostError(reason: unknown, code: string) {
  const message = reason instanceof Error ? reason.message : String(reason);
  return Object.assign(new Error(`the embedded database stopped: ${message}`, { cause: reason }), { code });
}

/** The worker and the connections over it, by session number. */
class WorkerLink {
  readonly #worker: Worker;
  readonly #sessions = new Map<number, WorkerConnection>();
  #nextSession = 1;
  /** Batches sent and not answered yet: while there are any the worker keeps the process alive. */
  #inFlight = 0;
  /** Why the worker is gone, once it is. */
  lost: unknown = null;

  constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (message: FromWorker) => {
      if (message.type !== 'protocol') return;
      if (--this.#inFlight === 0) worker.unref();
      this.#sessions.get(message.session)?.receive(message.bytes);
    });
    worker.on('error', (error) => this.#lose(error));
    worker.on('exit', (code) => this.#lose(new Error(`worker exited with code ${code}`)));
  }

  #lose(reason: unknown) {
    if (this.lost) return;
    this.lost = reason;
    for (const connection of this.#sessions.values()) connection.destroy(lostError(reason, 'ECONNRESET'));
    this.#sessions.clear();
  }

  open(): WorkerConnection {
    const connection = new WorkerConnection(this, this.#nextSession++);
    this.#sessions.set(connection.session, connection);
    return connection;
  }

  forget(session: number) {
    this.#sessions.delete(session);
  }

  post(message: ToWorker) {
    if (message.type === 'protocol' && this.#inFlight++ === 0) this.#worker.ref();
    this.#worker.postMessage(message);
  }
}

/**
 * One node-postgres connection to the worker, shaped like the socket node-postgres would otherwise open: it
 * answers the startup itself (PGlite has no authentication) and passes whole frontend messages on, batched per tick.
 */
class WorkerConnection extends Duplex {
  readonly #link: WorkerLink;
  readonly session: number;
  #unread: Buffer = Buffer.alloc(0);
  #batch: Buffer[] = [];
  #started = false;
  #ended = false;

  constructor(link: WorkerLink, session: number) {
    super();
    this.#link = link;
    this.session = session;
  }

  connect() {
    process.nextTick(() => {
      if (this.#link.lost) this.destroy(lostError(this.#link.lost, 'ECONNREFUSED'));
      else this.emit('connect');
    });
    return this;
  }
  setNoDelay() {
    return this;
  }
  setKeepAlive() {
    return this;
  }
  ref() {
    return this;
  }
  unref() {
    return this;
  }

  receive(bytes: Uint8Array) {
    if (this.#ended || this.destroyed || bytes.byteLength === 0) return;
    this.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }

  override _read() {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void) {
    this.#unread = this.#unread.length === 0 ? chunk : Buffer.concat([this.#unread, chunk]);
    this.#frame();
    callback();
  }

  override _final(callback: (error?: Error | null) => void) {
    this.#end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void) {
    this.#link.forget(this.session);
    callback(error);
  }

  /** Takes whole messages off what was written: the startup (no type byte) first, then typed ones. */
  #frame() {
    for (;;) {
      const unread = this.#unread;
      if (!this.#started) {
        if (unread.length < 8 || unread.length < unread.readInt32BE(0)) return;
        const code = unread.readInt32BE(4);
        this.#unread = unread.subarray(unread.readInt32BE(0));
        if (code === SSL_REQUEST_CODE) {
          this.push(Buffer.from('N'));
          continue;
        }
        this.#started = true;
        this.#link.post({ type: 'session', session: this.session });
        this.push(STARTUP_REPLY);
        continue;
      }
      if (unread.length < 5) return;
      const length = 1 + unread.readInt32BE(1);
      if (unread.length < length) return;
      this.#unread = unread.subarray(length);
      if (unread[0] === TERMINATE) {
        this.#end();
        return;
      }
      if (this.#batch.push(unread.subarray(0, length)) === 1) queueMicrotask(() => this.#send());
    }
  }

  #send() {
    const bytes = Buffer.concat(this.#batch);
    this.#batch = [];
    if (!this.#ended && !this.destroyed) this.#link.post({ type: 'protocol', session: this.session, bytes });
  }

  #end() {
    if (this.#ended) return;
    this.#ended = true;
    this.push(null);
  }
}

/** Starts PGlite on `dataDir` ('memory://' for in memory) in a worker thread; resolves once it is open. */
export async function startEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  const workerData: EmbeddedWorkerData & { tsx: string; entry: string } = {
    dataDir,
    // The ESM entry of tsx's API (`require.resolve` would give its CommonJS one, which cannot register here).
    tsx: new URL('dist/esm/api/index.mjs', pathToFileURL(require.resolve('tsx/package.json'))).href,
    entry: new URL('./embedded-worker.ts', import.meta.url).href,
  };
  const worker = new Worker(BOOTSTRAP, { eval: true, workerData });
  const started = new Promise<void>((resolve, reject) => {
    const onMessage = (message: FromWorker) => {
      if (message.type === 'ready') resolve();
      if (message.type === 'failed')
        reject(Object.assign(new Error(message.message), { code: message.code }));
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
    worker.once('exit', (code) =>
      reject(new Error(`the embedded database did not start (exit code ${code})`)),
    );
  });
  try {
    await started;
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  worker.unref();
  const link = new WorkerLink(worker);
  const closed = new Promise<void>((resolve) => {
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'closed') resolve();
    });
    worker.once('exit', () => resolve());
  });

  const pool = new pg.Pool({ stream: () => link.open(), max: 1, idleTimeoutMillis: 0 });
  // A connection that breaks must not crash the process; the next query opens another (or fails, if the worker is gone).
  pool.on('error', () => undefined);

  let closing: Promise<void> | null = null;
  return {
    pool,
    close() {
      closing ??= (async () => {
        await pool.end().catch(() => undefined);
        if (!link.lost) {
          worker.ref();
          link.post({ type: 'close' });
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([
            closed,
            new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_TIMEOUT_MS))),
          ]);
          clearTimeout(timer);
        }
        await worker.terminate();
      })();
      return closing;
    },
  };
}
