import { describe, expect, it } from 'vitest';
import { fuzz } from '../../scripts/fuzz';

/** A small `npm run fuzz` on every CI run: hostile Yjs frames, socket.io packets and REST bodies harm nothing. */
describe('fuzz (small)', () => {
  it('finds no crash, no 5xx and no stored document that fails to load', async () => {
    const lines: string[] = [];
    const report = await fuzz({ cases: 600, seed: 20261204, log: (line) => lines.push(line) });
    expect(report.cases).toEqual({ yjs: 600, socketio: 600, rest: 600 });
    expect({
      crashed: report.crashed,
      serverErrors: report.serverErrors,
      unloadable: report.unloadable,
    }).toEqual({
      crashed: false,
      serverErrors: 0,
      unloadable: [],
    });
    // The bystander kept its connection and kept measuring throughout.
    expect(report.bystander.probes).toBeGreaterThan(10);
  }, 120_000);
});
