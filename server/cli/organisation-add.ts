/**
 * `npm run organisation:add -- --organisation "O" --organisation-type T [--party core|case|external|none] [--annex1]`:
 * adds a partner organisation to the covenant (art. 1c and annex 1), so the administrator can grant its people an
 * authorisation in the application. Adding one that is already there changes nothing. Audited.
 * Exit code 0 when done, 2 on a usage, configuration or refusal error.
 * With the embedded database, stop the server first: PGlite allows one process at a time.
 */
import { openDatabase } from '../../db/client';
import { databaseTarget } from '../database-target';
import { ConfigError, loadConfig } from '../config';
import { InstallationError, addOrganisation } from '../services/installation';
import { organisationOptions, readOptions } from './arguments';

try {
  const spec = organisationOptions(readOptions(['organisation', 'organisation-type', 'party'], ['annex1']));
  const config = loadConfig(process.env);
  const handle = await openDatabase(databaseTarget(config));
  try {
    const { organisation, covenant } = await addOrganisation(handle.db, spec);
    console.log(
      organisation.created
        ? `organisation added to ${covenant.name}: ${spec.name}`
        : `organisation already in ${covenant.name}: ${spec.name} (nothing changed)`,
    );
  } finally {
    await handle.close();
  }
} catch (error) {
  if (
    error instanceof ConfigError ||
    error instanceof InstallationError ||
    (error instanceof TypeError && 'code' in error)
  ) {
    console.error(`organisation:add refused: ${error.message}`);
    process.exitCode = 2;
  } else throw error;
}
