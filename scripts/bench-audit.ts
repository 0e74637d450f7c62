/**
 * What a stand-alone audit append costs (the row of a live opening, or of a connection's first write), the way the
 * batcher writes it now and the way it did before, side by side in one run on one database.
 *
 * BENCH_APPENDS (2,000) appends of one row each, one after the other (a join waits for its own), in alternating
 * blocks of 100 so that whatever else the machine does hits both ways alike: "at the head" is one statement chained
 * to the head the last batch left; "under the lock" begins a transaction, takes the chain's lock, reads the head,
 * inserts and commits. It prints p50 and p99 of each and their ratio, and verifies the chain at the end.
 *
 *   npm run bench:audit                                        # embedded PGlite, in memory
 *   BENCH_DATABASE_URL=postgres://…/bench npm run bench:audit  # PostgreSQL (an empty database of its own)
 */
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../db/client';
import { verifyAuditChain, type AuditEntry } from '../server/services/audit';
import { AuditBatcher } from '../server/services/audit-batch';

const APPENDS = Number(process.env.BENCH_APPENDS ?? 2_000);
const BLOCK = 100;

const url = process.env.BENCH_DATABASE_URL;
const handle = await openDatabase(url ? { kind: 'postgres', url } : { kind: 'pglite', dataDir: 'memory://' });
const entry = (i: number): AuditEntry => ({
  actor: null,
  action: 'read',
  objectType: 'live_document',
  objectId: `meeting/bench/agenda#${i}`,
  result: 'allowed',
  purpose: 'casusoverleg',
  origin: { ip: '127.0.0.1', userAgent: 'bench-audit' },
});

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const ways = {
  'at the head': { batcher: new AuditBatcher(handle.db), times: [] as number[] },
  'under the lock': { batcher: new AuditBatcher(handle.db, 1000, false), times: [] as number[] },
};
console.log(`audit appends: ${APPENDS} of one row each way, on ${url ? 'PostgreSQL' : 'PGlite (in memory)'}`);
for (let done = 0; done < APPENDS; done += BLOCK)
  for (const way of Object.values(ways))
    for (let i = done; i < Math.min(APPENDS, done + BLOCK); i++) {
      const started = performance.now();
      await way.batcher.append([entry(i)]);
      way.times.push(performance.now() - started);
    }
for (const [name, way] of Object.entries(ways))
  console.log(
    `${name.padEnd(15)} p50 ${percentile(way.times, 50).toFixed(3)} ms  p99 ${percentile(way.times, 99).toFixed(3)} ms` +
      `  (batches at the head ${way.batcher.written.atGuessedHead}, under the lock ${way.batcher.written.underLock})`,
  );
const [head, lock] = [ways['at the head'].times, ways['under the lock'].times];
console.log(
  `ratio at the head / under the lock: p50 ${(percentile(head, 50) / percentile(lock, 50)).toFixed(2)}×  ` +
    `p99 ${(percentile(head, 99) / percentile(lock, 99)).toFixed(2)}×`,
);
// Both ways wrote into one chain, interleaved: it must still verify.
console.log('chain:', JSON.stringify(await verifyAuditChain(handle.db)));
await handle.close();
