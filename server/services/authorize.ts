import type { Database } from '../../db/client';
import type { AccessDecision, AuditObjectType } from '../../shared/index';
import type { RequestContext } from '../context';
import { forbidden } from '../errors';
import { appendAudit, type AuditAction } from './audit';

export interface AccessAttempt {
  action: AuditAction;
  objectType: AuditObjectType;
  objectId?: string | null;
  subjectId?: string | null;
  fieldGroup?: string | null;
  purpose: string;
  /**
   * Looks up whose data the refused object holds, so a per-subject access review also sees refused attempts.
   * Called only on denial; its answer is never shown to the refused user.
   */
  subjectOf?: () => Promise<string | null>;
}

/**
 * Enforces an access decision. A denial is audited in its own transaction (so it is kept although the request
 * fails) and answered with a 403 naming the convenant article. An allowed access is audited by the operation
 * itself, in the transaction that does the work.
 */
export async function enforce(
  db: Database,
  ctx: RequestContext,
  decision: AccessDecision,
  attempt: AccessAttempt,
): Promise<void> {
  if (decision.allowed) return;
  const { subjectOf, ...rest } = attempt;
  const subjectId = attempt.subjectId ?? (subjectOf ? await subjectOf() : null);
  await appendAudit(db, [
    { actor: ctx.actor, origin: ctx.origin, result: 'denied', rule: decision.rule, ...rest, subjectId },
  ]);
  throw forbidden(decision);
}
