import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { asc } from 'drizzle-orm';
import { auditLog } from '../../db/schema/index';
import { createTestDatabase, type TestDatabase } from '../../db/testing';
import type { Actor } from '../../shared/index';
import type { RequestContext } from '../context';
import { AppError } from '../errors';
import { appendAudit, verifyAuditChain } from './audit';
import { auditDecision, concerning, decide, enforce, listedEntries, type Allowed } from './authorize';

const actor: Actor = {
  userId: randomUUID(),
  displayName: 'Test',
  membershipId: randomUUID(),
  covenantId: randomUUID(),
  organisationId: randomUUID(),
  organisationName: 'Gemeente',
  organisationType: 'municipality',
  partyId: randomUUID(),
  partyKind: 'case',
  role: 'member',
  capacity: 'wethouder',
};
const ctx: RequestContext = { actor, origin: { ip: '127.0.0.1', userAgent: 'vitest' } };
const refusedRead = { allowed: false, rule: 'art. 8.4', reason: 'only core parties' };
const allowedRead = { allowed: true, rule: 'art. 10.4', reason: 'an involved party' };

function allowedBy(rule: string): Allowed {
  const decision = decide({ allowed: true, rule, reason: 'allowed' });
  if (!decision.allowed) throw new Error('expected an allowed decision');
  return decision;
}

describe('audit rows written from the authorisation decision (art. 15.2e)', () => {
  let handle: TestDatabase;
  beforeEach(async () => {
    handle = await createTestDatabase();
  });
  afterEach(async () => {
    await handle.close();
  });

  const rows = () => handle.db.select().from(auditLog).orderBy(asc(auditLog.seq));

  it('writes a refused decision as a denied row with the decision rule, subject and field group', async () => {
    const subjectId = randomUUID();
    const objectId = randomUUID();
    await auditDecision(handle.db, ctx, decide(refusedRead, { subjectId, fieldGroup: 'signals' }), {
      action: 'read',
      objectType: 'weighing_file',
      objectId,
      purpose: 'weging',
    });
    const [row] = await rows();
    expect(row).toMatchObject({
      userId: actor.userId,
      organisationId: actor.organisationId,
      role: 'member',
      capacity: 'wethouder',
      onBehalfOf: actor.partyId,
      action: 'read',
      objectType: 'weighing_file',
      objectId,
      subjectId,
      fieldGroup: 'signals',
      result: 'denied',
      rule: 'art. 8.4',
      purpose: 'weging',
      ip: '127.0.0.1',
      userAgent: 'vitest',
    });
  });

  it('keeps the result and rule of a decision narrowed to another subject or field group', async () => {
    const first = randomUUID();
    const second = randomUUID();
    const decision = decide(allowedRead, { subjectId: first, fieldGroup: 'all' });
    const narrowed = concerning(decision, { subjectId: second });
    expect(narrowed).toMatchObject({
      allowed: true,
      rule: 'art. 10.4',
      subjectId: second,
      fieldGroup: 'all',
    });
    await auditDecision(handle.db, ctx, concerning(narrowed, { fieldGroup: null }), {
      action: 'read',
      objectType: 'case_file',
      purpose: 'casusoverleg',
    });
    const [row] = await rows();
    expect(row).toMatchObject({
      result: 'allowed',
      rule: 'art. 10.4',
      subjectId: second,
      fieldGroup: null,
      objectId: null,
    });
  });

  it('enforce refuses with a 403 naming the rule, after a denied row with the subject looked up', async () => {
    const subjectId = randomUUID();
    const attempt = enforce(handle.db, ctx, refusedRead, {
      action: 'read',
      objectType: 'weighing_file',
      objectId: 'file-1',
      fieldGroup: 'naw',
      purpose: 'weging',
      subjectOf: () => Promise.resolve(subjectId),
    });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ statusCode: 403, rule: 'art. 8.4' });
    const all = await rows();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({
      result: 'denied',
      rule: 'art. 8.4',
      subjectId,
      fieldGroup: 'naw',
      objectId: 'file-1',
    });
  });

  it('enforce writes nothing for an allowed access and returns the decision the operation audits', async () => {
    const allowed = await enforce(handle.db, ctx, allowedRead, {
      action: 'list',
      objectType: 'case_file',
      purpose: 'casusoverleg',
      subjectOf: () => Promise.reject(new Error('asked only on refusal')),
    });
    expect(await rows()).toHaveLength(0);
    expect(allowed).toMatchObject({ allowed: true, rule: 'art. 10.4', subjectId: null, fieldGroup: null });
  });

  it('lists one allowed row per subject shown, each with its own decision rule', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const entries = listedEntries(ctx, 'case_file', 'casusoverleg', [
      { objectId: 'file-a', subjectId: a, decision: allowedBy('art. 10.4') },
      { objectId: 'file-b', subjectId: b, decision: allowedBy('art. 10.1') },
    ]);
    await appendAudit(handle.db, entries);
    const all = await rows();
    expect(all.map((r) => [r.action, r.objectId, r.subjectId, r.fieldGroup, r.result, r.rule])).toEqual([
      ['list', 'file-a', a, 'naw.name', 'allowed', 'art. 10.4'],
      ['list', 'file-b', b, 'naw.name', 'allowed', 'art. 10.1'],
    ]);
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: true, rows: 2 });
  });
});
