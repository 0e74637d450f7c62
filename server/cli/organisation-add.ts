/**
 * `npm run organisation:add -- --organisation "O" --organisation-type T [--party core|case|external|none] [--annex1]`:
 * adds a partner organisation to the covenant (art. 1c and annex 1), so the administrator can grant its people an
 * authorisation in the application. Adding one that is already there changes nothing. Audited.
 * Exit code 0 when done, 2 on a usage, configuration or refusal error.
 * With the embedded database, stop the server first: PGlite allows one process at a time.
 */
import { addOrganisation } from '../services/installation';
import { organisationOptions, readOptions, runInstallationCommand } from './arguments';

await runInstallationCommand(
  'organisation:add',
  () => organisationOptions(readOptions(['organisation', 'organisation-type', 'party'], ['annex1'])),
  async (db, spec) => {
    const { organisation, covenant } = await addOrganisation(db, spec);
    console.log(
      organisation.created
        ? `organisation added to ${covenant.name}: ${spec.name}`
        : `organisation already in ${covenant.name}: ${spec.name} (nothing changed)`,
    );
  },
);
