/**
 * `npm run records:verify [-- --anchor COVENANT:SEQ:HASH ...]`: walks every covenant's chain of frozen records and
 * reports whether any record was changed, removed, reordered or slipped in. It prints each chain's head as an
 * anchor: keep those outside the database and pass them next time, so a cut-off or rewritten chain is caught too.
 * It walks the destruction log (art. 13) the same way (anchor `destructions:SEQ:HASH`) and reports every file key
 * or record payload that is gone without an entry there. Last, it checks that the key store holds the secrets of
 * the database's keys (a wrong KEYSTORE_DATABASE_URL or KEYSTORE_DIR fails it).
 * Exit code 0 when intact, 1 when broken, 2 on a usage or configuration error.
 * With the embedded database, stop the server first: PGlite allows one process at a time.
 */
import { openDatabase } from '../../db/client';
import { databaseTarget } from '../database-target';
import { covenants } from '../../db/schema/index';
import { ConfigError, loadConfig } from '../config';
import { parseAnchor, type ChainAnchor } from '../services/chain';
import { unloggedLosses, verifyDestructionChain } from '../services/destructions';
import { checkKeyStore } from '../services/key-store-check';
import { verifyRecordChain } from '../services/records';

const DESTRUCTIONS = 'destructions';

function anchorArguments(): Map<string, ChainAnchor> {
  const anchors = new Map<string, ChainAnchor>();
  process.argv.forEach((argument, i) => {
    if (argument !== '--anchor') return;
    const value = process.argv[i + 1] ?? '';
    const at = value.indexOf(':');
    const anchor = parseAnchor(value.slice(at + 1));
    if (at < 1 || !anchor)
      throw new ConfigError('--anchor', 'must be COVENANT:SEQ:HASH as printed by an earlier records:verify');
    anchors.set(value.slice(0, at), anchor);
  });
  return anchors;
}

try {
  const anchors = anchorArguments();
  const config = loadConfig(process.env);
  const handle = await openDatabase(databaseTarget(config));
  let broken = false;
  for (const { id, name } of await handle.db
    .select({ id: covenants.id, name: covenants.name })
    .from(covenants)) {
    const anchor = anchors.get(id);
    const verdict = await verifyRecordChain(handle.db, id, anchor ? { anchor } : {});
    if (verdict.ok) {
      console.log(
        `${name}: records intact, ${verdict.rows} records${anchor ? `, matches anchor at ${anchor.seq}` : ''}`,
      );
      console.log(`  anchor (keep outside the database): ${id}:${verdict.headSeq}:${verdict.headHash}`);
    } else {
      console.error(
        `${name}: records BROKEN at record ${verdict.seq} (after ${verdict.rows} good): ${verdict.problem}`,
      );
      broken = true;
    }
  }
  const anchor = anchors.get(DESTRUCTIONS);
  const verdict = await verifyDestructionChain(handle.db, anchor ? { anchor } : {});
  if (verdict.ok) {
    console.log(
      `destruction log intact, ${verdict.rows} entries${anchor ? `, matches anchor at ${anchor.seq}` : ''}`,
    );
    console.log(
      `  anchor (keep outside the database): ${DESTRUCTIONS}:${verdict.headSeq}:${verdict.headHash}`,
    );
  } else {
    console.error(
      `destruction log BROKEN at entry ${verdict.seq} (after ${verdict.rows} good): ${verdict.problem}`,
    );
    broken = true;
  }
  for (const loss of await unloggedLosses(handle.db)) {
    const what = { file_key: 'key of file', subject_key: 'subject key', record_payload: 'payload of record' }[
      loss.objectType
    ];
    console.error(`DESTROYED WITHOUT A DESTRUCTION LOG ENTRY: ${what} ${loss.objectId}`);
    broken = true;
  }
  const keys = await checkKeyStore(handle.db);
  if (keys.wrongStore) {
    console.error(
      `KEY STORE MISMATCH: it holds none of the ${keys.keys} secrets of this database's keys: check KEYSTORE_DATABASE_URL or KEYSTORE_DIR (a file key made before the key store existed has no secret until its file's next write)`,
    );
    broken = true;
  } else {
    console.log(
      `key store: ${keys.keys - keys.missing.length - keys.destroyed.length} of ${keys.keys} keys whole`,
    );
    for (const key of keys.missing)
      console.log(
        `  no secret for the ${key.owner} key ${key.id}: sealed before the key store, or a lost secret`,
      );
    for (const key of keys.destroyed)
      console.log(
        `  secret destroyed, share not yet, for the ${key.owner} key ${key.id}: the next retention run ends it`,
      );
  }
  await handle.close();
  if (broken) process.exitCode = 1;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = error instanceof ConfigError ? 2 : 1;
}
