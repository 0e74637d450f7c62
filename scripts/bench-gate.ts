/**
 * What the update gate costs on the write path, side by side with what the server does anyway for the same update
 * (decoding it, and applying it to the document in memory), in one run on one document.
 *
 * BENCH_WRITERS (15) participants append timestamped entries to one analysis text, as `npm run bench:live` does,
 * and one of them also types and deletes in the middle; the document grows to BENCH_UPDATES (20,000) updates. For
 * every update the script times `checkUpdate` against the document as it is, then `Y.applyUpdate`. It prints the
 * per-update median and p99 of both and their ratio, every BENCH_UPDATES / 5 updates, so the growth with the
 * document's size shows.
 *
 *   npm run bench:gate
 */
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { checkUpdate } from '../server/live/update-gate';

const WRITERS = Number(process.env.BENCH_WRITERS ?? 15);
const UPDATES = Number(process.env.BENCH_UPDATES ?? 20_000);
const TEXT = 'analysis';

const server = new Y.Doc({ gc: true });
const writers = Array.from({ length: WRITERS }, (_, i) => {
  const doc = new Y.Doc();
  doc.clientID = 1000 + i;
  return doc;
});

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;

let check: number[] = [];
let apply: number[] = [];
let refused = 0;
const report = UPDATES / 5;
console.log(`update gate: ${WRITERS} writers, ${UPDATES} updates on one analysis text`);
for (let n = 1; n <= UPDATES; n++) {
  const writer = writers[n % WRITERS]!;
  // Writers know the server's state (they receive every broadcast), as in a meeting.
  Y.applyUpdate(writer, Y.encodeStateAsUpdate(server, Y.encodeStateVector(writer)));
  const before = Y.encodeStateVector(writer);
  const text = writer.getText(TEXT);
  if (n % 7 === 0 && text.length > 20) text.delete(Math.floor(text.length / 2), 3);
  else if (n % 5 === 0) text.insert(Math.floor(text.length / 2), 'typing ');
  else text.insert(text.length, `${writer.clientID}@${n};`);
  const update = Y.encodeStateAsUpdate(writer, before);

  let start = performance.now();
  const verdict = checkUpdate(server, 'analysis', update);
  check.push(performance.now() - start);
  if (!verdict.ok) refused += 1;
  start = performance.now();
  Y.applyUpdate(server, update);
  apply.push(performance.now() - start);

  if (n % report === 0) {
    const p50 = percentile(check, 50) / percentile(apply, 50);
    console.log(
      `${String(n).padStart(6)} updates (text ${server.getText(TEXT).length} chars): ` +
        `check p50 ${us(percentile(check, 50))} p99 ${us(percentile(check, 99))} | ` +
        `apply p50 ${us(percentile(apply, 50))} p99 ${us(percentile(apply, 99))} | ` +
        `check/apply p50 ${p50.toFixed(2)}`,
    );
    check = [];
    apply = [];
  }
}
console.log(`refused: ${refused} (expected 0: every update is a well-behaved client's)`);
for (const doc of [server, ...writers]) doc.destroy();
