import pg from 'pg';

/**
 * Two database roles on PostgreSQL: the owner runs the migrations and owns every table; the application connects
 * as a role that owns nothing, so it cannot switch off the append-only triggers (ALTER TABLE needs ownership), and
 * gets only what it needs. Audit log (art. 15.2e) and records: read and append; of the records, only the columns
 * a destruction at the end of retention (art. 13) sets. The rest of the tables: read and write, no TRUNCATE.
 */

/** Schemas whose tables the application may only read and append to. */
const APPEND_ONLY_SCHEMAS = ['audit', 'records'];
/** The columns a destruction sets (the triggers of migration 0018 decide when). */
const DESTRUCTION_COLUMNS = [
  { table: 'records.meeting_records', columns: ['payload'] },
  { table: 'records.file_keys', columns: ['key', 'destroyed_at'] },
  { table: 'records.subject_keys', columns: ['key', 'destroyed_at'] },
];
/** Tables the application may only read: the clock shift of migration 0020 (tests travel in time with it). */
const READ_ONLY_TABLES = ['records.clock_shift'];
/** Serialises grant steps of instances starting together (concurrent GRANTs on one table conflict). */
const GRANT_LOCK_KEY = 0x0ca5_96a7;

/**
 * Grants the application role its privileges on every table the owner (the connected role) has, after each
 * migration run, so new tables are covered. Idempotent.
 */
export async function grantAppRole(owner: pg.Pool, appRole: string): Promise<void> {
  const role = pg.escapeIdentifier(appRole);
  const client = await owner.connect();
  try {
    await client.query('begin');
    await client.query('select pg_advisory_xact_lock($1)', [GRANT_LOCK_KEY]);
    // The owner itself (e.g. the same role under another URL) keeps its rights: revoking them would lock it out.
    const { rows: same } = await client.query<{ owner: boolean }>(
      `select pg_has_role($1, current_user, 'USAGE') as owner`,
      [appRole],
    );
    if (same[0]?.owner) {
      await client.query('commit');
      return;
    }
    const { rows } = await client.query<{ schema: string }>(
      `select distinct schemaname as schema from pg_tables
       where tableowner = current_user and schemaname <> 'drizzle' order by 1`,
    );
    for (const { schema } of rows) {
      const s = pg.escapeIdentifier(schema);
      await client.query(`grant usage on schema ${s} to ${role}`);
      await client.query(`revoke all on all tables in schema ${s} from ${role}`);
      const tablePrivileges = APPEND_ONLY_SCHEMAS.includes(schema)
        ? 'select, insert'
        : 'select, insert, update, delete';
      await client.query(`grant ${tablePrivileges} on all tables in schema ${s} to ${role}`);
      await client.query(`grant usage, select on all sequences in schema ${s} to ${role}`);
    }
    for (const table of READ_ONLY_TABLES) await client.query(`revoke insert on ${table} from ${role}`);
    for (const { table, columns } of DESTRUCTION_COLUMNS)
      await client.query(
        `grant update (${columns.map((c) => pg.escapeIdentifier(c)).join(', ')}) on ${table} to ${role}`,
      );
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Why the application's connection could still switch off the triggers, if it could: it is a superuser, or it
 * owns (or is a member of the owner of) the audit log. Empty when the roles are separated.
 */
export async function roleWarnings(app: pg.Pool): Promise<string[]> {
  const { rows } = await app.query<{ role: string; superuser: boolean; owner: boolean }>(
    `select current_user as role, r.rolsuper as superuser,
            pg_has_role(current_user, c.relowner, 'USAGE') as owner
     from pg_roles r, pg_class c where r.rolname = current_user and c.oid = 'audit.log'::regclass`,
  );
  const me = rows[0];
  if (!me || (!me.superuser && !me.owner)) return [];
  return [
    `database roles not separated: the application connects as "${me.role}", which ${
      me.superuser ? 'is a superuser' : 'owns the tables'
    } and so can switch off the append-only triggers of the audit log and the records. Set DATABASE_URL to a ` +
      'role without ownership and MIGRATION_DATABASE_URL to the owner (see README, Production).',
  ];
}
