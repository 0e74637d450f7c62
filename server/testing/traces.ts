import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/client';

const SCHEMAS = ['public', 'weighing', 'casefile', 'audit', 'live', 'records'];

/**
 * Every row of every table of the app's schemas, as text: to prove a value left no trace anywhere. Binary columns
 * come out as hex (`\x…`), so callers look for the value both as text and as hex.
 */
export async function everyRowAsText(db: Database): Promise<string> {
  const tables = rowsOf<{ schema: string; name: string }>(
    await db.execute(sql`select table_schema as schema, table_name as name from information_schema.tables
        where table_schema in (${sql.join(
          SCHEMAS.map((s) => sql`${s}`),
          sql`, `,
        )}) and table_type = 'BASE TABLE'`),
  );
  let text = '';
  for (const { schema, name } of tables) {
    const rows = rowsOf<{ row: string }>(
      await db.execute(sql.raw(`select t::text as row from "${schema}"."${name}" t`)),
    );
    text += rows.map((r) => r.row).join('\n');
  }
  return text;
}

/** Where a value appears in the dump: as text, or as hex inside binary columns (e.g. the Yjs update log). */
export function tracesOf(dump: string, value: string): string[] {
  const hex = Buffer.from(value, 'utf8').toString('hex');
  return [...(dump.includes(value) ? ['text'] : []), ...(dump.toLowerCase().includes(hex) ? ['hex'] : [])];
}
