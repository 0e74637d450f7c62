import { randomUUID } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { auditLog } from '../../db/schema/index';
import type { AuditEntry } from '../services/audit';
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

/** An audit entry without an actor, for tests of the chain itself: allowed or denied by turns. */
export const auditEntry = (n: number): AuditEntry => ({
  actor: null,
  userId: randomUUID(),
  action: 'read',
  objectType: 'weighing_file',
  objectId: randomUUID(),
  result: n % 2 === 0 ? 'allowed' : 'denied',
  rule: 'art. 8.4',
  purpose: 'test',
  origin: { ip: '127.0.0.1', userAgent: 'vitest' },
});
