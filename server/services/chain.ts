/** The hash every chain starts from. */
export const GENESIS_HASH = '0'.repeat(64);

export type ChainVerdict =
  | { ok: true; rows: number; headSeq: number; headHash: string }
  | { ok: false; rows: number; seq: number; problem: string };

/**
 * A head of a chain (seq and hash) recorded outside the database, e.g. printed by a verifier into the operator's
 * log. A chain alone cannot show that its last rows were cut off, nor that every row was rewritten and rehashed;
 * checked against an anchor kept elsewhere, it can.
 */
export interface ChainAnchor {
  seq: number;
  hash: string;
}

export function parseAnchor(text: string): ChainAnchor | null {
  const match = /^(\d+):([0-9a-f]{64})$/.exec(text.trim());
  return match ? { seq: Number(match[1]), hash: match[2]! } : null;
}

export interface ChainRow {
  seq: number;
  prevHash: string;
  hash: string;
}

/**
 * Walks a hash chain in order (rows fetched in batches after a seq). Detects a changed row (its content does not
 * match its hash), a removed or inserted row (a gap or jump in seq, or a broken previous-hash link) and, with an
 * anchor, a chain cut short or rewritten up to the anchor.
 */
export async function walkChain<Row extends ChainRow>(
  fetchAfter: (seq: number, limit: number) => Promise<Row[]>,
  hashOf: (row: Row) => string,
  options: { batchSize?: number; anchor?: ChainAnchor } = {},
): Promise<ChainVerdict> {
  const batchSize = options.batchSize ?? 2000;
  const { anchor } = options;
  let prevHash = GENESIS_HASH;
  let lastSeq = 0;
  let count = 0;
  const broken = (seq: number, problem: string): ChainVerdict => ({ ok: false, rows: count, seq, problem });
  for (;;) {
    const batch = await fetchAfter(lastSeq, batchSize);
    if (batch.length === 0) break;
    for (const row of batch) {
      if (row.seq !== lastSeq + 1)
        return broken(
          row.seq,
          `expected row ${lastSeq + 1}, found row ${row.seq}: a row was removed or inserted`,
        );
      if (row.prevHash !== prevHash)
        return broken(row.seq, 'previous-hash link broken: a row before it was changed, removed or inserted');
      if (hashOf(row) !== row.hash)
        return broken(row.seq, 'content does not match its hash: the row was changed');
      if (anchor && row.seq === anchor.seq && row.hash !== anchor.hash)
        return broken(row.seq, 'differs from the anchor kept outside the database: the chain was rewritten');
      prevHash = row.hash;
      lastSeq = row.seq;
      count += 1;
    }
  }
  if (anchor && count < anchor.seq)
    return broken(
      count + 1,
      `the chain ends at row ${count}, before the anchor's row ${anchor.seq}: rows were cut off`,
    );
  return { ok: true, rows: count, headSeq: lastSeq, headHash: prevHash };
}
