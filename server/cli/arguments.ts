import { parseArgs } from 'node:util';
import { ORGANISATION_TYPES, PARTY_KINDS, type OrganisationType, type PartyKind } from '../../shared/index';
import { openDatabase, type Database } from '../../db/client';
import { ConfigError, loadConfig } from '../config';
import { databaseTarget } from '../database-target';
import { InstallationError, type OrganisationSpec } from '../services/installation';

/** The options of a command, each a string once; unknown options are refused (a typo must not pass unnoticed). */
export function readOptions<K extends string>(names: readonly K[], flags: readonly string[] = []) {
  const options: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const name of names) options[name] = { type: 'string' };
  for (const name of flags) options[name] = { type: 'boolean' };
  const { values } = parseArgs({ args: process.argv.slice(2), options, strict: true });
  return values as Partial<Record<K, string>> & Record<string, string | boolean | undefined>;
}

export function required(value: string | undefined, option: string): string {
  const trimmed = value?.trim();
  if (!trimmed) throw new ConfigError(`--${option}`, 'is required');
  return trimmed;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], option: string): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new ConfigError(`--${option}`, `must be one of: ${allowed.join(', ')}`);
  return value as T;
}

/**
 * The organisation named by --organisation, --organisation-type, --party (core, case, external or none: the
 * executor's organisation is no party, art. 5) and --annex1.
 */
export function organisationOptions(values: Record<string, string | boolean | undefined>): OrganisationSpec {
  const type = oneOf<OrganisationType>(
    required(values['organisation-type'] as string | undefined, 'organisation-type'),
    ORGANISATION_TYPES,
    'organisation-type',
  );
  const party = (values.party as string | undefined) ?? 'none';
  return {
    name: required(values.organisation as string | undefined, 'organisation'),
    type,
    party: party === 'none' ? null : oneOf<PartyKind>(party, PARTY_KINDS, 'party'),
    annex1: values.annex1 === true,
  };
}

/**
 * Runs an installation command: reads its input, opens the configured database, does the work and closes it. A
 * usage, configuration or refusal error is printed as `<name> refused: …` with exit code 2; anything else is thrown.
 */
export async function runInstallationCommand<T>(
  name: string,
  input: () => T,
  work: (db: Database, input: T) => Promise<void>,
): Promise<void> {
  try {
    const values = input();
    const handle = await openDatabase(databaseTarget(loadConfig(process.env)));
    try {
      await work(handle.db, values);
    } finally {
      await handle.close();
    }
  } catch (error) {
    // parseArgs throws a TypeError with a code for an unknown option or a missing value.
    if (
      error instanceof ConfigError ||
      error instanceof InstallationError ||
      (error instanceof TypeError && 'code' in error)
    ) {
      console.error(`${name} refused: ${error.message}`);
      process.exitCode = 2;
    } else throw error;
  }
}
