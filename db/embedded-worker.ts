/**
 * The embedded database's thread: one PGlite instance, fed PostgreSQL wire-protocol messages by the server's
 * thread (db/embedded.ts). PGlite runs a query synchronously, so here it blocks only this thread: the server's
 * event loop stays free while a query, a checkpoint or a growth of PGlite's file system takes its time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import type { EmbeddedWorkerData, FromWorker, ToWorker } from './embedded-protocol';

const port = parentPort!;
const { dataDir } = workerData as EmbeddedWorkerData;
const post = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

let database: PGlite;
try {
  database = await PGlite.create(dataDir);
} catch (error) {
  const { message, code } = error as { message?: unknown; code?: unknown };
  post({
    type: 'failed',
    message: typeof message === 'string' ? message : String(error),
    ...(typeof code === 'string' ? { code } : {}),
  });
  process.exit(1);
}

/** The frontend messages in a batch of whole ones: a type byte, then a length that counts itself and the body. */
function* messagesIn(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 0; at < bytes.byteLength;) {
    const end = at + 1 + view.getInt32(at + 1);
    yield bytes.subarray(at, end);
    at = end;
  }
}

/** Messages are handled one after another, in arrival order: PGlite has one session. */
let queue = Promise.resolve();

async function handle(message: ToWorker) {
  switch (message.type) {
    case 'session':
      // A connection that broke mid-transaction leaves PGlite's single session inside it; the next must not inherit it.
      if (database.isInTransaction()) await database.exec('rollback');
      return;
    case 'protocol': {
      // One message at a time, as PGlite's own node-postgres adapter feeds it; the replies in order.
      const replies: Uint8Array[] = [];
      for (const frontend of messagesIn(message.bytes))
        replies.push(await database.execProtocolRaw(frontend));
      // A reply may be a view into PGlite's memory: copy them into a buffer of its own that can be transferred.
      const bytes = new Uint8Array(replies.reduce((sum, reply) => sum + reply.byteLength, 0));
      let offset = 0;
      for (const reply of replies) {
        bytes.set(reply, offset);
        offset += reply.byteLength;
      }
      post({ type: 'protocol', session: message.session, bytes }, [bytes.buffer]);
      return;
    }
    case 'close':
      await database.close();
      post({ type: 'closed' });
      port.close();
      return;
  }
}

port.on('message', (message: ToWorker) => {
  queue = queue
    .then(() => handle(message))
    .catch((error: unknown) => {
      // PGlite failed beyond an SQL error (those travel as ErrorResponse bytes): end the thread with the error, so
      // the server's side sees the database as lost rather than waiting for an answer that never comes.
      setImmediate(() => {
        throw error;
      });
    });
});
post({ type: 'ready' });
