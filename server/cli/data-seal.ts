/**
 * `npm run data:seal`: seals what an older version stored in the clear (the files' personal texts, consent
 * remarks, a subject's own texts, the Yjs state of item documents) with the keys of their files and subjects, so
 * that a destruction at the end of the retention (convenant art. 13) reaches the backups for those too. Prints
 * its progress per table. Safe to run again, and beside a running server on PostgreSQL; with the embedded
 * database, stop the server first (PGlite allows one process at a time). Take a backup before, and destroy the
 * backups from before the run as their retention allows: they still hold the clear text.
 * It refuses a key store that holds none of the database's secrets (a wrong KEYSTORE_DATABASE_URL or KEYSTORE_DIR
 * would otherwise get new secrets, and what it sealed would be lost with it); `--new-key-store` when the deployment
 * had no key store before. Each table that had values sealed is logged in the audit log.
 * Exit code 0 when done, 1 on a failure (run it again: what was sealed stays sealed), 2 on a configuration error.
 */
import { openDatabase } from '../../db/client';
import { databaseTarget } from '../database-target';
import { ConfigError, loadConfig } from '../config';
import { ForeignKeyStoreError, sealExisting, type SealProgress } from '../services/seal-existing';

const line = (p: SealProgress) =>
  `${p.step}: ${p.done} of ${p.total} looked at, ${p.sealed} sealed` +
  (p.skipped ? `, ${p.skipped} of a destroyed file or a removed item left as they are` : '');

try {
  const config = loadConfig(process.env);
  const handle = await openDatabase(databaseTarget(config));
  try {
    let last = '';
    const steps = await sealExisting(
      handle.db,
      (progress) => {
        const text = line(progress);
        if (text !== last && progress.total > 0) console.log(text);
        last = text;
      },
      { newKeyStore: process.argv.includes('--new-key-store') },
    );
    const sealed = steps.reduce((sum, step) => sum + step.sealed, 0);
    console.log(`done: ${sealed} values sealed; ${steps.length} tables looked through`);
  } finally {
    await handle.close();
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = error instanceof ConfigError || error instanceof ForeignKeyStoreError ? 2 : 1;
}
