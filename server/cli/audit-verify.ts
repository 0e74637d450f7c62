/**
 * `npm run audit:verify`: walks the audit chain (convenant art. 15.2e) and reports whether any row was changed,
 * removed or inserted. Exit code 0 when intact, 1 when broken, 2 on a configuration error.
 * With the embedded database, stop the server first: PGlite allows one process at a time.
 */
import { openDatabase } from '../../db/client';
import { ConfigError, loadConfig } from '../config';
import { verifyAuditChain } from '../services/audit';

try {
  const config = loadConfig(process.env);
  const handle = await openDatabase(
    config.databaseUrl
      ? { kind: 'postgres', url: config.databaseUrl }
      : { kind: 'pglite', dataDir: config.dataDir },
  );
  const verdict = await verifyAuditChain(handle.db);
  await handle.close();
  if (verdict.ok) {
    console.log(`audit chain intact: ${verdict.rows} rows, head ${verdict.headHash}`);
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
