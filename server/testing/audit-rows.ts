import { desc, eq } from 'drizzle-orm';
import { auditLog } from '../../db/schema/index';
import type { TestServer } from './harness';

/** The newest audit row with this action (a login, say), or with this rule: what a test checks was logged. */
export async function lastAuditRow(server: TestServer, by: { action: 'login' } | { rule: string }) {
  const [row] = await server.database.db
    .select()
    .from(auditLog)
    .where('rule' in by ? eq(auditLog.rule, by.rule) : eq(auditLog.action, by.action))
    .orderBy(desc(auditLog.seq))
    .limit(1);
  return row!;
}
