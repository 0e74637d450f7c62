import type { Database, Executor } from '../../db/client';
import type { AccessDecision, AuditObjectType } from '../../shared/index';
import type { RequestContext } from '../context';
import { forbidden } from '../errors';
import { appendAudit, type AuditAction, type AuditEntry } from './audit';

/** Whose data a decision concerns, and which of it (the field group), as the audit log names them. */
export interface Concern {
  subjectId?: string | null;
  fieldGroup?: string | null;
}

/**
 * An authorisation decision bound to what it concerns: allowed or refused, the convenant rule it rests on, and the
 * subject and field group it is about. The audit row of an access is written from it (auditDecision), so the row's
 * result and rule are always the decision's and none of its fields can be left out.
 */
export interface Decision {
  readonly allowed: boolean;
  /** Convenant article, e.g. "art. 8.4". */
  readonly rule: string;
  /** Short English explanation for logs and API messages (never personal data). */
  readonly reason: string;
  readonly subjectId: string | null;
  readonly fieldGroup: string | null;
}

export interface Allowed extends Decision {
  readonly allowed: true;
}

export interface Refused extends Decision {
  readonly allowed: false;
}

/** Binds an access decision of shared/domain to what it concerns. */
export function decide(access: AccessDecision, concern: Concern = {}): Allowed | Refused {
  const bound = {
    rule: access.rule,
    reason: access.reason,
    subjectId: concern.subjectId ?? null,
    fieldGroup: concern.fieldGroup ?? null,
  };
  return access.allowed ? { ...bound, allowed: true } : { ...bound, allowed: false };
}

/**
 * The same decision about another subject or field group (e.g. once the file is loaded, or for a narrower part of
 * it); the result and the rule stay the decision's. A field left out keeps its value.
 */
export function concerning<D extends Decision>(decision: D, concern: Concern): D {
  return {
    ...decision,
    subjectId: concern.subjectId === undefined ? decision.subjectId : concern.subjectId,
    fieldGroup: concern.fieldGroup === undefined ? decision.fieldGroup : concern.fieldGroup,
  };
}

/** What was done to which object, and for what purpose: the part of an audit row the decision does not give. */
export interface AuditedAccess {
  action: AuditAction;
  objectType: AuditObjectType;
  objectId?: string | null;
  purpose: string;
}

/** The audit row (art. 15.2e) of a decision: allowed or denied, with the decision's rule, subject and field group. */
export function decisionEntry(ctx: RequestContext, decision: Decision, access: AuditedAccess): AuditEntry {
  return {
    actor: ctx.actor,
    origin: ctx.origin,
    action: access.action,
    objectType: access.objectType,
    objectId: access.objectId ?? null,
    subjectId: decision.subjectId,
    fieldGroup: decision.fieldGroup,
    result: decision.allowed ? 'allowed' : 'denied',
    rule: decision.rule,
    purpose: access.purpose,
  };
}

/**
 * Writes the audit row of a decision, inside the caller's transaction when given one, so an allowed write and its
 * row commit or roll back together.
 */
export function auditDecision(
  executor: Executor,
  ctx: RequestContext,
  decision: Decision,
  access: AuditedAccess,
  now?: Date,
): Promise<void> {
  return appendAudit(executor, [decisionEntry(ctx, decision, access)], now);
}

/**
 * One audit row per subject whose data a list showed: a list of names is a read of each subject's data, and the
 * access review (art. 15.2e) asks per subject who saw it.
 */
export function listedEntries(
  ctx: RequestContext,
  objectType: AuditObjectType,
  purpose: string,
  listed: readonly { objectId: string; subjectId: string; decision: Allowed }[],
): AuditEntry[] {
  return listed.map((item) =>
    decisionEntry(ctx, concerning(item.decision, { subjectId: item.subjectId, fieldGroup: 'naw.name' }), {
      action: 'list',
      objectType,
      objectId: item.objectId,
      purpose,
    }),
  );
}

export interface AccessAttempt extends AuditedAccess, Concern {
  /**
   * Looks up whose data the refused object holds, so a per-subject access review also sees refused attempts.
   * Called only on denial; its answer is never shown to the refused user.
   */
  subjectOf?: () => Promise<string | null>;
}

/**
 * Enforces an access decision. A denial is audited in its own transaction (so it is kept although the request
 * fails) and answered with a 403 naming the convenant article. An allowed access is audited by the operation
 * itself, in the transaction that does the work: from the decision returned here (auditDecision).
 */
export async function enforce(
  db: Database,
  ctx: RequestContext,
  access: AccessDecision,
  attempt: AccessAttempt,
): Promise<Allowed> {
  const decision = decide(access, attempt);
  if (decision.allowed) return decision;
  const subjectId = decision.subjectId ?? (attempt.subjectOf ? await attempt.subjectOf() : null);
  await auditDecision(db, ctx, concerning(decision, { subjectId }), attempt);
  throw forbidden(decision);
}
