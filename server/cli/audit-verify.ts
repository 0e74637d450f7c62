/**
 * `npm run audit:verify [-- --anchor SEQ:HASH]`: walks the audit chain (convenant art. 15.2e) and reports
 * whether any row was changed, removed or inserted. It prints the head as an anchor: keep it outside the database
 * (the periodic review's report) and pass it next time, so a cut-off or rewritten chain is caught as well.
 * Exit code 0 when intact, 1 when broken, 2 on a usage or configuration error.
 * With the embedded database, stop the server first: PGlite allows one process at a time.
 */
import { openDatabase } from '../../db/client';
import { databaseTarget } from '../database-target';
import { ConfigError, loadConfig } from '../config';
import { parseAnchor, verifyAuditChain, type ChainAnchor } from '../services/audit';

function anchorArgument(): ChainAnchor | undefined {
  const at = process.argv.indexOf('--anchor');
  if (at === -1) return undefined;
  const anchor = parseAnchor(process.argv[at + 1] ?? '');
  if (!anchor) throw new ConfigError('--anchor', 'must be SEQ:HASH as printed by an earlier audit:verify');
  return anchor;
}

try {
  const anchor = anchorArgument();
  const config = loadConfig(process.env);
  const handle = await openDatabase(databaseTarget(config));
  const verdict = await verifyAuditChain(handle.db, anchor ? { anchor } : {});
  await handle.close();
  if (verdict.ok) {
    console.log(
      `audit chain intact: ${verdict.rows} rows${anchor ? `, matches anchor at row ${anchor.seq}` : ''}`,
    );
    console.log(`anchor (keep outside the database): ${verdict.headSeq}:${verdict.headHash}`);
  } else {
    console.error(
      `audit chain BROKEN at row ${verdict.seq} (after ${verdict.rows} good rows): ${verdict.problem}`,
    );
    process.exitCode = 1;
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = error instanceof ConfigError ? 2 : 1;
}
