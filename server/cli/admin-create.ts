/**
 * `npm run admin:create -- --username U --name "N" --organisation "O" --organisation-type T [--party KIND]
 * [--capacity "C"] [--covenant "NAME" --region "REGION"]`: the first administrator of a real installation (not
 * demo), who then grants every other authorisation in the application (art. 15.2c). The initial password is
 * generated and printed once; a second factor is enrolled at the first login. Refused once an administrator exists.
 * Exit code 0 when created, 2 on a usage, configuration or refusal error.
 * With the embedded database, stop the server first: PGlite allows one process at a time.
 */
import { ConfigError } from '../config';
import { createFirstAdministrator } from '../services/installation';
import { organisationOptions, readOptions, required, runInstallationCommand } from './arguments';

await runInstallationCommand(
  'admin:create',
  () => {
    const values = readOptions(
      ['username', 'name', 'capacity', 'organisation', 'organisation-type', 'party', 'covenant', 'region'],
      ['annex1'],
    );
    const username = required(values.username, 'username');
    if (!/^[a-z0-9._-]{3,64}$/.test(username))
      throw new ConfigError(
        '--username',
        '3 to 64 characters: lower-case letters, digits, dot, dash, underscore',
      );
    const covenant =
      values.covenant !== undefined || values.region !== undefined
        ? { name: required(values.covenant, 'covenant'), region: required(values.region, 'region') }
        : undefined;
    return {
      username,
      displayName: required(values.name, 'name'),
      capacity: values.capacity?.trim() || 'beheerder autorisaties',
      organisation: organisationOptions(values),
      ...(covenant ? { covenant } : {}),
    };
  },
  async (db, spec) => {
    const created = await createFirstAdministrator(db, spec);
    if (created.covenant.created)
      console.log(
        `covenant created: ${created.covenant.name} (model covenant policy and an example reference framework: adapt both in the application)`,
      );
    if (created.organisation.created) console.log(`organisation added: ${spec.organisation.name}`);
    console.log(`administrator created: ${spec.username}`);
    console.log(`initial password (shown once, hand it over in person): ${created.initialPassword}`);
    console.log(
      'At the first login the administrator enrols a second factor and should change the password.',
    );
  },
);
