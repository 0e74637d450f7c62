/**
 * The durable reference server for the benchmarks: the least a Yjs relay must do to keep the two promises Casustafel
 * keeps on its live path, and nothing else, so that what Casustafel costs beyond them can be told apart from what
 * they cost in themselves on this machine.
 *
 * - Persist before broadcast: every update received is committed to PostgreSQL (one plain insert of the update,
 *   prepared once per connection of the pool) before it is applied and sent to anyone. A connection's updates are
 *   taken in its order, one at a time; different connections' inserts run side by side.
 * - An opening is logged before the first byte of the document is sent (art. 15.2e of the model convenant: access
 *   is logged): one committed insert per connection, then sync step 1.
 *
 * No session, authorisation, masking, update gate, audit chain, sealing, snapshot or group commit: it is a floor, not
 * a server. Documents in memory, addressed as `ws://host:port/<name>`. A child process of the bench scripts
 * (`startDurableReference` in bench-server.ts); its tables live in a schema of their own in BENCH_DATABASE_URL.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { WebSocketServer, type WebSocket } from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { YjsMessage } from '../shared/index';

const SCHEMA = `
  create schema if not exists bench_reference;
  create table if not exists bench_reference.updates (
    id bigint generated always as identity primary key,
    doc_name text not null,
    update bytea not null);
  create index if not exists updates_doc on bench_reference.updates (doc_name, id);
  create table if not exists bench_reference.openings (
    id bigint generated always as identity primary key,
    doc_name text not null,
    at timestamptz not null default now());`;

const frame = (write: (encoder: encoding.Encoder) => void) => {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
};

async function main(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) throw new Error('the durable reference needs BENCH_DATABASE_URL (PostgreSQL)');
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  await pool.query(SCHEMA);
  const store = (docName: string, update: Uint8Array) =>
    pool.query({
      name: 'reference_append',
      text: 'insert into bench_reference.updates (doc_name, update) values ($1, $2)',
      values: [docName, Buffer.from(update.buffer, update.byteOffset, update.byteLength)],
    });
  const logOpening = (docName: string) =>
    pool.query({
      name: 'reference_opening',
      text: 'insert into bench_reference.openings (doc_name) values ($1)',
      values: [docName],
    });

  const docs = new Map<string, { doc: Y.Doc; conns: Set<WebSocket> }>();
  const documentOf = (name: string) => {
    const known = docs.get(name);
    if (known) return known;
    const doc = new Y.Doc();
    const conns = new Set<WebSocket>();
    doc.on('update', (update: Uint8Array) => {
      const message = frame((e) => {
        encoding.writeVarUint(e, YjsMessage.Sync);
        syncProtocol.writeUpdate(e, update);
      });
      for (const conn of conns) conn.send(message);
    });
    const entry = { doc, conns };
    docs.set(name, entry);
    return entry;
  };

  const http = createServer();
  const wss = new WebSocketServer({ server: http });
  wss.on('connection', (ws, request) => {
    const name = decodeURIComponent((request.url ?? '/').slice(1));
    const { doc, conns } = documentOf(name);
    // Everything this connection does waits for the step before it: first the opening's log row, then each frame.
    let chain: Promise<unknown> = logOpening(name).then(() => {
      conns.add(ws);
      ws.send(
        frame((e) => {
          encoding.writeVarUint(e, YjsMessage.Sync);
          syncProtocol.writeSyncStep1(e, doc);
        }),
      );
    });
    const fail = () => ws.terminate();
    chain = chain.catch(fail);
    ws.on('close', () => conns.delete(ws));
    ws.on('message', (data: Buffer) => {
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.length);
      const decoder = decoding.createDecoder(bytes);
      const type = decoding.readVarUint(decoder);
      if (type === YjsMessage.Awareness) {
        chain = chain.then(() => {
          for (const conn of conns) if (conn !== ws) conn.send(bytes);
        });
        return;
      }
      if (type !== YjsMessage.Sync) return;
      const kind = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (kind === syncProtocol.messageYjsSyncStep1) {
        chain = chain.then(() =>
          ws.send(
            frame((e) => {
              encoding.writeVarUint(e, YjsMessage.Sync);
              syncProtocol.writeSyncStep2(e, doc, payload);
            }),
          ),
        );
        return;
      }
      // An update that holds nothing (a client's sync step 2 when it had nothing new) is not stored, as in Casustafel.
      if (payload.length === 2 && payload[0] === 0 && payload[1] === 0) return;
      // Committed, then applied (which broadcasts): persist before broadcast.
      chain = chain.then(() => store(name, payload)).then(() => Y.applyUpdate(doc, payload, ws), fail);
    });
  });
  http.listen(0, '127.0.0.1', () => {
    console.log(`durable reference listens on ws://127.0.0.1:${(http.address() as AddressInfo).port}`);
  });
  process.once('SIGTERM', () => {
    wss.close();
    http.close();
    void pool.end().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
