import * as Y from 'yjs';

export interface Replayed {
  doc: Y.Doc;
  /** Positions of the updates that threw when applied, left out of `doc`. */
  skipped: number[];
  /** The name of the first error (never its message: it may quote content). */
  reason: string | null;
}

/**
 * Rebuilds a document from stored updates in order, leaving out any that Yjs cannot apply: a stored document must
 * always open, whatever one update does (older data, a fault in Yjs). The common case is one transaction over all
 * of them; only when that throws are they applied one by one, in a fresh document each time (an update that throws
 * may have half-changed the document it was applied to), until all that remain apply.
 */
export function replay(updates: readonly Uint8Array[]): Replayed {
  const skipped = new Set<number>();
  let reason: string | null = null;
  for (;;) {
    const doc = new Y.Doc({ gc: true });
    try {
      Y.transact(doc, () => {
        updates.forEach((update, i) => {
          if (!skipped.has(i)) Y.applyUpdate(doc, update);
        });
      });
      return { doc, skipped: [...skipped].sort((a, b) => a - b), reason };
    } catch (error) {
      doc.destroy();
      const failed = firstFailing(updates, skipped);
      // Should every update apply alone yet not together, give up on the last one rather than loop.
      const culprit = failed ?? lastKept(updates, skipped);
      if (culprit === null) throw error;
      reason ??= error instanceof Error ? error.name : 'Error';
      skipped.add(culprit);
    }
  }
}

function firstFailing(updates: readonly Uint8Array[], skipped: ReadonlySet<number>): number | null {
  const doc = new Y.Doc({ gc: true });
  try {
    for (const [i, update] of updates.entries()) {
      if (skipped.has(i)) continue;
      try {
        Y.applyUpdate(doc, update);
      } catch {
        return i;
      }
    }
    return null;
  } finally {
    doc.destroy();
  }
}

function lastKept(updates: readonly Uint8Array[], skipped: ReadonlySet<number>): number | null {
  for (let i = updates.length - 1; i >= 0; i--) if (!skipped.has(i)) return i;
  return null;
}
