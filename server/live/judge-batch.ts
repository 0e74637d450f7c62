import * as Y from 'yjs';
import type { Compartment } from '../../shared/index';
import { checkDecoded, type DecodedUpdate } from './update-gate';

/** Why a batch stopped before its end: the updates before that one may still be written. */
export type BatchStop = { kind: 'malformed' } | { kind: 'refused'; reason: string };

export interface JudgedBatch {
  /** What to store and apply: the accepted updates as one (merged when several); null when they change nothing. */
  update: Uint8Array | null;
  /** How many of the updates, from the first, it holds. */
  accepted: number;
  /** Why the rest was not accepted; null when all were. */
  stop: BatchStop | null;
}

const isEmpty = ({ structs, ds }: DecodedUpdate) => structs.length === 0 && ds.clients.size === 0;

/**
 * Judges the updates one connection sent while its previous write was being committed, in its order. The later ones
 * may build on the earlier ones, which the document does not hold yet, so they are not judged against the document
 * one by one: they are merged (`Y.mergeUpdates`, exactly what applying them in order does) and the update gate
 * judges the merged update. One decoding serves both the emptiness test and the gate.
 *
 * Should the whole batch be refused, the longest prefix that passes is found (a batch is at most the connection's
 * bounded queue, and a refusal closes the connection, so this runs at most once per connection): the updates before
 * the bad one are kept, the bad one and those after it are not.
 */
export function judgeBatch(
  doc: Y.Doc,
  compartment: Compartment,
  updates: readonly Uint8Array[],
): JudgedBatch {
  const whole = judgeMerged(doc, compartment, updates);
  if (whole.ok) return { update: whole.update, accepted: updates.length, stop: null };
  if (updates.length === 1) return { update: null, accepted: 0, stop: whole.stop };
  return longestPrefix(doc, compartment, updates);
}

type Merged = { ok: true; update: Uint8Array | null } | { ok: false; stop: BatchStop };

/** The updates merged into one, judged; `update` null when they change nothing. */
function judgeMerged(doc: Y.Doc, compartment: Compartment, updates: readonly Uint8Array[]): Merged {
  let merged: Uint8Array;
  let decoded: DecodedUpdate;
  try {
    merged = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates as Uint8Array[]);
    decoded = Y.decodeUpdate(merged);
  } catch {
    return { ok: false, stop: { kind: 'malformed' } };
  }
  if (isEmpty(decoded)) return { ok: true, update: null };
  const verdict = checkDecoded(doc, compartment, decoded);
  return verdict.ok
    ? { ok: true, update: merged }
    : { ok: false, stop: { kind: 'refused', reason: verdict.reason } };
}

function longestPrefix(doc: Y.Doc, compartment: Compartment, updates: readonly Uint8Array[]): JudgedBatch {
  let kept: Uint8Array | null = null;
  for (let n = 1; n <= updates.length; n++) {
    const verdict = judgeMerged(doc, compartment, updates.slice(0, n));
    if (!verdict.ok) return { update: kept, accepted: n - 1, stop: verdict.stop };
    kept = verdict.update;
  }
  // Every prefix passed though the whole did not (cannot happen: the last prefix is the whole); keep them all.
  return { update: kept, accepted: updates.length, stop: null };
}
