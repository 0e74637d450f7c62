/**
 * What a compaction of a loaded document costs, the way it is done now (the snapshot taken from the document in
 * memory: `YjsStore.compactFrom`) and the way it was (the log read back and the document rebuilt: `YjsStore.compact`),
 * side by side in one run on one database.
 *
 * Two documents receive the same edits: BENCH_WRITERS (15) writers append timestamped entries, as in `bench:live`,
 * BENCH_COMPACT_AFTER (500) updates per round, for BENCH_ROUNDS (10) rounds; after each round one document is
 * compacted each way. For each way it prints the wall time of a compaction and the longest the event loop was held
 * (a 1 ms ticker runs meanwhile; every update waiting on this server waits behind such a stall). Then it checks that
 * both documents load to the same text.
 *
 *   npm run bench:compaction                                        # embedded PGlite, in memory
 *   BENCH_DATABASE_URL=postgres://…/bench npm run bench:compaction  # PostgreSQL (an empty database of its own)
 */
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { openDatabase } from '../db/client';
import { YjsStore } from '../server/live/store';

const WRITERS = Number(process.env.BENCH_WRITERS ?? 15);
const PER_ROUND = Number(process.env.BENCH_COMPACT_AFTER ?? 500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);

const url = process.env.BENCH_DATABASE_URL;
const handle = await openDatabase(url ? { kind: 'postgres', url } : { kind: 'pglite', dataDir: 'memory://' });
const store = new YjsStore(handle.db);
const names = { memory: 'bench-compaction/memory', rebuilt: 'bench-compaction/rebuilt' };

/** The longest gap between ticks of a 1 ms timer while `work` runs: how long the event loop was held at once. */
async function timed(work: () => Promise<unknown>): Promise<Timing> {
  let last = performance.now();
  let stall = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    stall = Math.max(stall, now - last);
    last = now;
  }, 1);
  const started = performance.now();
  await work();
  const wallMs = performance.now() - started;
  clearInterval(ticker);
  stall = Math.max(stall, performance.now() - last);
  return { wallMs, stallMs: stall };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const server = new Y.Doc({ gc: true });
const writers = Array.from({ length: WRITERS }, () => new Y.Doc());
interface Timing {
  wallMs: number;
  stallMs: number;
}
const results: Record<'memory' | 'rebuilt', Timing[]> = { memory: [], rebuilt: [] };
let seq = 0;
console.log(
  `compaction: ${ROUNDS} rounds of ${PER_ROUND} updates from ${WRITERS} writers, ` +
    `on ${url ? 'PostgreSQL' : 'PGlite (in memory)'}`,
);
for (let round = 0; round < ROUNDS; round++) {
  for (let i = 0; i < PER_ROUND; i++) {
    const writer = writers[i % WRITERS]!;
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(server, Y.encodeStateVector(writer)));
    const before = Y.encodeStateVector(writer);
    const text = writer.getText('entries');
    text.insert(text.length, `writer-${i % WRITERS}@${performance.now().toFixed(3)};`);
    const update = Y.encodeStateAsUpdate(writer, before);
    Y.applyUpdate(server, update);
    [seq] = await Promise.all([store.append(names.memory, update), store.append(names.rebuilt, update)]);
  }
  // Alternate which goes first, so that neither always runs on a database the other just warmed.
  const ways = [
    ['memory', () => store.compactFrom(names.memory, Y.encodeStateAsUpdate(server), seq)],
    ['rebuilt', () => store.compact(names.rebuilt)],
  ] as const;
  for (const [way, work] of round % 2 ? [...ways].reverse() : ways) results[way].push(await timed(work));
}
for (const [way, list] of Object.entries(results))
  console.log(
    `${way === 'memory' ? 'from memory' : 'rebuilt    '}  wall p50 ${percentile(
      list.map((r) => r.wallMs),
      50,
    ).toFixed(2)} ms` +
      `  max ${percentile(
        list.map((r) => r.wallMs),
        100,
      ).toFixed(2)} ms;  event loop held p50 ` +
      `${percentile(
        list.map((r) => r.stallMs),
        50,
      ).toFixed(2)} ms  max ${percentile(
        list.map((r) => r.stallMs),
        100,
      ).toFixed(2)} ms`,
  );
const [memory, rebuilt] = await Promise.all([
  store.loadDocument(names.memory),
  store.loadDocument(names.rebuilt),
]);
const same = memory?.doc.getText('entries').toJSON() === rebuilt?.doc.getText('entries').toJSON();
console.log(`both documents load to the same text: ${same} (${server.getText('entries').length} characters)`);
await handle.close();
if (!same) process.exitCode = 1;
