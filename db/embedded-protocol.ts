/**
 * The messages between the server's thread and the embedded database's worker thread (db/embedded-worker.ts).
 * Only PostgreSQL wire-protocol bytes cross: the server's side speaks the protocol with node-postgres, as it does
 * with a PostgreSQL server, and the worker hands the bytes to PGlite.
 */

export interface EmbeddedWorkerData {
  /** PGlite's data directory, or 'memory://' for a throwaway in-memory database. */
  dataDir: string;
}

export type ToWorker =
  /** A new connection begins: whatever an earlier, broken one left open is rolled back. */
  | { type: 'session'; session: number }
  /** Frontend messages, whole ones only, in the order the connection sent them. */
  | { type: 'protocol'; session: number; bytes: Uint8Array }
  /** Close PGlite (a checkpoint, so a data directory is consistent) and end the thread. */
  | { type: 'close' };

export type FromWorker =
  | { type: 'ready' }
  /** PGlite could not start, e.g. the data directory is in use or damaged. */
  | { type: 'failed'; message: string; code?: string }
  /** The backend's answer to one `protocol` message (possibly empty, e.g. for a Parse before its Sync). */
  | { type: 'protocol'; session: number; bytes: Uint8Array }
  | { type: 'closed' };
