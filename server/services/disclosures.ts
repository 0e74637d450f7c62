import { openTexts, sealTexts } from './file-texts';
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client';
import {
  agendaItems,
  caseDisclosureConsents,
  caseDisclosures,
  caseFiles,
  caseSignals,
  covenants,
  memberships,
  organisations,
  parties,
  users,
} from '../../db/schema/index';
import {
  CONSENT_CAPACITIES,
  canConsultArchive,
  canProposeDisclosure,
  canReadCaseFile,
  consentCapacitiesOf,
  disclosureStateAfter,
  effectiveAccess,
  type ConsentCapacity,
  type ConsentDecision,
  type DisclosableCompartment,
  type DisclosureView,
  type ProposeDisclosureBody,
} from '../../shared/index';
import type { RequestContext } from '../context';
import { conflict, notFound, ruleViolation } from '../errors';
import { byRequester, appendAudit } from './audit';
import { enforce } from './authorize';
import { involvedParties } from './case-files';
import { maskingPolicyOf } from './masking';

const PURPOSE = 'doorverstrekking aan een externe casuspartner (convenant art. 10.5)';
const RULE = 'art. 10.5';

async function caseFileOf(db: Executor, ctx: RequestContext, caseFileId: string) {
  const [file] = await db
    .select({ id: caseFiles.id, subjectId: caseFiles.subjectId, archivedAt: caseFiles.archivedAt })
    .from(caseFiles)
    .where(and(eq(caseFiles.id, caseFileId), eq(caseFiles.covenantId, ctx.actor.covenantId)))
    .limit(1);
  if (!file) throw notFound('Case file');
  return file;
}

/**
 * The case file, for a change to its disclosures: not while it is in the non-active archive, where it is only
 * consulted, by the core parties (art. 13.2), until the controller makes it available again (art. 13.4). Retention
 * blanked the disclosures' texts there; a proposal, consent or revocation would process the file again.
 */
async function activeCaseFileOf(db: Executor, ctx: RequestContext, caseFileId: string) {
  const file = await caseFileOf(db, ctx, caseFileId);
  if (file.archivedAt)
    throw conflict(
      'This case file is in the non-active archive (art. 13.2); the controller can make it available again (art. 13.4)',
    );
  return file;
}

/** Whose data the case's shared fields are: the party that brought the (first) signal (art. 10.2c). */
async function ownerOf(db: Executor, caseFileId: string): Promise<string | null> {
  const [signal] = await db
    .select({ partyId: caseSignals.broughtByPartyId })
    .from(caseSignals)
    .where(eq(caseSignals.fileId, caseFileId))
    .orderBy(asc(caseSignals.observedOn), asc(caseSignals.id))
    .limit(1);
  return signal?.partyId ?? null;
}

async function requiredConsents(db: Executor, covenantId: string, owner: string | null) {
  const [row] = await db
    .select({ policy: covenants.policy })
    .from(covenants)
    .where(eq(covenants.id, covenantId))
    .limit(1);
  const required = row?.policy.disclosureConsent ?? ['chair', 'owner'];
  // Without a known owner, there is no owner to ask.
  return CONSENT_CAPACITIES.filter((c) => required.includes(c) && (c !== 'owner' || owner !== null));
}

const isOrganiser = (ctx: RequestContext) => ctx.actor.role === 'chair' || ctx.actor.role === 'executor';

/** Parties that may read the case file (and the organisers) see its disclosures; a recipient sees its own. */
async function mayReadCase(db: Executor, ctx: RequestContext, caseFileId: string) {
  if (isOrganiser(ctx)) return true;
  const involved = (await involvedParties(db, [caseFileId])).get(caseFileId) ?? [];
  return canReadCaseFile(ctx.actor, involved).allowed;
}

async function loadViews(
  db: Executor,
  ctx: RequestContext,
  caseFileId: string,
  where: { id?: string; recipientPartyId?: string },
): Promise<DisclosureView[]> {
  const rows = await db
    .select({
      disclosure: caseDisclosures,
      proposerName: users.displayName,
      proposerOrganisation: organisations.name,
    })
    .from(caseDisclosures)
    .innerJoin(memberships, eq(memberships.id, caseDisclosures.proposedByMembershipId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(
      and(
        eq(caseDisclosures.fileId, caseFileId),
        where.id ? eq(caseDisclosures.id, where.id) : undefined,
        where.recipientPartyId ? eq(caseDisclosures.recipientPartyId, where.recipientPartyId) : undefined,
      ),
    )
    .orderBy(asc(caseDisclosures.proposedAt));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.disclosure.id);
  const consents = await db
    .select({
      disclosureId: caseDisclosureConsents.disclosureId,
      capacity: caseDisclosureConsents.capacity,
      decision: caseDisclosureConsents.decision,
      decidedAt: caseDisclosureConsents.decidedAt,
      name: users.displayName,
      organisation: organisations.name,
    })
    .from(caseDisclosureConsents)
    .innerJoin(memberships, eq(memberships.id, caseDisclosureConsents.membershipId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(inArray(caseDisclosureConsents.disclosureId, ids));
  const partyRows = await db
    .select({ id: parties.id, name: organisations.name })
    .from(parties)
    .innerJoin(organisations, eq(organisations.id, parties.organisationId))
    .where(eq(parties.covenantId, ctx.actor.covenantId));
  const partyName = new Map(partyRows.map((p) => [p.id, p.name]));
  const views: DisclosureView[] = [];
  for (const { disclosure: sealed, proposerName, proposerOrganisation } of rows) {
    const d = await openTexts(db, 'caseDisclosure', sealed.fileId, sealed);
    const required = await requiredConsents(db, ctx.actor.covenantId, d.ownerPartyId);
    const given = consents.filter((c) => c.disclosureId === d.id);
    const open = d.state === 'proposed';
    views.push({
      id: d.id,
      caseFileId: d.fileId,
      compartment: d.compartment,
      recipient: { partyId: d.recipientPartyId, name: partyName.get(d.recipientPartyId) ?? '' },
      owner: d.ownerPartyId ? { partyId: d.ownerPartyId, name: partyName.get(d.ownerPartyId) ?? '' } : null,
      purpose: d.purpose,
      legalBasis: d.legalBasis,
      necessity: d.necessity,
      dataKind: d.dataKind,
      care: d.care,
      state: d.state,
      proposedBy: { name: proposerName, organisation: proposerOrganisation },
      proposedAt: d.proposedAt.toISOString(),
      requiredConsents: required,
      consents: given.map((c) => ({
        capacity: c.capacity,
        decision: c.decision,
        name: c.name,
        organisation: c.organisation,
        decidedAt: c.decidedAt.toISOString(),
      })),
      myCapacities: open
        ? consentCapacitiesOf(ctx.actor, d.ownerPartyId).filter(
            (c) => required.includes(c) && !given.some((g) => g.capacity === c),
          )
        : [],
      revokedAt: d.revokedAt?.toISOString() ?? null,
    });
  }
  return views;
}

export async function listDisclosures(db: Database, ctx: RequestContext, caseFileId: string) {
  const file = await caseFileOf(db, ctx, caseFileId);
  // Art. 13.2: the whole answer is about the file, so an archived one is refused to all but the core parties.
  if (file.archivedAt)
    await enforce(db, ctx, canConsultArchive(ctx.actor), {
      action: 'read',
      objectType: 'disclosure' as const,
      objectId: caseFileId,
      subjectId: file.subjectId,
      purpose: PURPOSE,
    });
  if (await mayReadCase(db, ctx, caseFileId)) return loadViews(db, ctx, caseFileId, {});
  // An external partner sees what was (or was proposed to be) disclosed to it, and why.
  if (ctx.actor.partyKind === 'external' && ctx.actor.partyId)
    return loadViews(db, ctx, caseFileId, { recipientPartyId: ctx.actor.partyId });
  await enforce(
    db,
    ctx,
    { allowed: false, rule: 'art. 10.4', reason: 'only parties involved in the case see its disclosures' },
    {
      action: 'read',
      objectType: 'disclosure' as const,
      objectId: caseFileId,
      subjectId: file.subjectId,
      purpose: PURPOSE,
    },
  );
  return [];
}

/** Art. 10.5: a party proposes to disclose one field of a case to one external partner involved in it. */
export async function proposeDisclosure(
  db: Database,
  ctx: RequestContext,
  caseFileId: string,
  body: ProposeDisclosureBody,
): Promise<DisclosureView> {
  const file = await activeCaseFileOf(db, ctx, caseFileId);
  const attempt = {
    action: 'create' as const,
    objectType: 'disclosure' as const,
    objectId: caseFileId,
    subjectId: file.subjectId,
    fieldGroup: body.compartment,
    purpose: PURPOSE,
  };
  await enforce(db, ctx, canProposeDisclosure(ctx.actor), attempt);
  if (!(await mayReadCase(db, ctx, caseFileId)))
    await enforce(
      db,
      ctx,
      { allowed: false, rule: 'art. 9.1', reason: 'your party is not involved in this case' },
      attempt,
    );
  const [recipient] = await db
    .select({ id: parties.id, kind: parties.kind })
    .from(parties)
    .where(and(eq(parties.id, body.recipientPartyId), eq(parties.covenantId, ctx.actor.covenantId)))
    .limit(1);
  if (!recipient) throw notFound('Party', 'body.recipientPartyId');
  if (recipient.kind !== 'external')
    throw ruleViolation('Only external case partners receive disclosures', RULE, 'body.recipientPartyId');
  const involved = (await involvedParties(db, [caseFileId])).get(caseFileId) ?? [];
  if (!involved.includes(recipient.id))
    throw ruleViolation(
      'The partner is not involved in this case; disclosures go only to partners needed for it',
      'art. 9.1',
      'body.recipientPartyId',
    );
  const policy = await maskingPolicyOf(db, ctx.actor.covenantId);
  const already = effectiveAccess(
    policy,
    { role: 'member', partyKind: 'external', partyId: recipient.id, organisationType: null },
    { meetingKind: 'case', compartment: body.compartment },
  );
  if (already.access === 'read' || already.access === 'write')
    throw conflict('External partners see this field already; nothing to disclose', 'body.compartment');

  const id = randomUUID();
  const now = new Date();
  await db.transaction(async (tx) => {
    const open = await tx
      .select({ id: caseDisclosures.id })
      .from(caseDisclosures)
      .where(
        and(
          eq(caseDisclosures.fileId, caseFileId),
          eq(caseDisclosures.compartment, body.compartment),
          eq(caseDisclosures.recipientPartyId, recipient.id),
          inArray(caseDisclosures.state, ['proposed', 'active']),
        ),
      )
      .for('update');
    if (open.length > 0) throw conflict('This field is already disclosed, or proposed, to this partner');
    const owner = await ownerOf(tx, caseFileId);
    const required = await requiredConsents(tx, ctx.actor.covenantId, owner);
    const implied = consentCapacitiesOf(ctx.actor, owner).filter((c) => required.includes(c));
    const decisions = new Map<ConsentCapacity, ConsentDecision>(implied.map((c) => [c, 'consent']));
    const state = disclosureStateAfter(required, decisions);
    await tx.insert(caseDisclosures).values({
      id,
      fileId: caseFileId,
      compartment: body.compartment,
      recipientPartyId: recipient.id,
      ownerPartyId: owner,
      ...(await sealTexts(
        tx,
        'caseDisclosure',
        { fileId: caseFileId, fileKind: 'case', subjectId: file.subjectId },
        {
          purpose: body.purpose,
          legalBasis: body.legalBasis,
          necessity: body.necessity,
          dataKind: body.dataKind,
          care: body.care,
        },
      )),
      state,
      proposedByMembershipId: ctx.actor.membershipId,
      proposedAt: now,
      decidedAt: state === 'proposed' ? null : now,
    });
    if (implied.length > 0)
      await tx.insert(caseDisclosureConsents).values(
        implied.map((capacity) => ({
          disclosureId: id,
          capacity,
          decision: 'consent' as const,
          membershipId: ctx.actor.membershipId,
          decidedAt: now,
        })),
      );
    await appendAudit(tx, [
      byRequester(ctx, {
        ...attempt,
        objectId: id,
        result: 'allowed',
        rule: RULE,
      }),
    ]);
  });
  return (await loadViews(db, ctx, caseFileId, { id }))[0]!;
}

async function lockedDisclosure(tx: Executor, caseFileId: string, disclosureId: string) {
  const [row] = await tx
    .select()
    .from(caseDisclosures)
    .where(and(eq(caseDisclosures.id, disclosureId), eq(caseDisclosures.fileId, caseFileId)))
    .for('update');
  if (!row) throw notFound('Disclosure', 'params.disclosureId');
  return row;
}

/** The audit entry for a change of a disclosure (its case file must be the caller's covenant's). */
async function changeAttempt(
  db: Database,
  ctx: RequestContext,
  caseFileId: string,
  disclosureId: string,
  fieldGroup: 'consent' | 'revoke',
) {
  const file = await activeCaseFileOf(db, ctx, caseFileId);
  return {
    action: 'update' as const,
    objectType: 'disclosure' as const,
    objectId: disclosureId,
    subjectId: file.subjectId,
    fieldGroup,
    purpose: PURPOSE,
  };
}

/** A required consenter agrees or refuses; with all consents the disclosure takes effect at once. */
export async function decideDisclosure(
  db: Database,
  ctx: RequestContext,
  caseFileId: string,
  disclosureId: string,
  decision: ConsentDecision,
): Promise<DisclosureView> {
  const attempt = await changeAttempt(db, ctx, caseFileId, disclosureId, 'consent');
  const refusal = await db.transaction(async (tx) => {
    const disclosure = await lockedDisclosure(tx, caseFileId, disclosureId);
    if (disclosure.state !== 'proposed')
      throw conflict(`The disclosure is ${disclosure.state}; nothing to decide`);
    const required = await requiredConsents(tx, ctx.actor.covenantId, disclosure.ownerPartyId);
    const given = await tx
      .select()
      .from(caseDisclosureConsents)
      .where(eq(caseDisclosureConsents.disclosureId, disclosureId));
    const capacities = consentCapacitiesOf(ctx.actor, disclosure.ownerPartyId).filter(
      (c) => required.includes(c) && !given.some((g) => g.capacity === c),
    );
    if (capacities.length === 0) return true;
    const now = new Date();
    await tx.insert(caseDisclosureConsents).values(
      capacities.map((capacity) => ({
        disclosureId,
        capacity,
        decision,
        membershipId: ctx.actor.membershipId,
        decidedAt: now,
      })),
    );
    const decisions = new Map<ConsentCapacity, ConsentDecision>([
      ...given.map((g) => [g.capacity, g.decision] as const),
      ...capacities.map((c) => [c, decision] as const),
    ]);
    const state = disclosureStateAfter(required, decisions);
    if (state !== 'proposed')
      await tx
        .update(caseDisclosures)
        .set({ state, decidedAt: now })
        .where(eq(caseDisclosures.id, disclosureId));
    await appendAudit(tx, [
      byRequester(ctx, {
        ...attempt,
        result: 'allowed',
        rule: RULE,
      }),
    ]);
    return false;
  });
  if (refusal)
    await enforce(
      db,
      ctx,
      { allowed: false, rule: RULE, reason: 'your consent is not asked for, or already given' },
      attempt,
    );
  return (await loadViews(db, ctx, caseFileId, { id: disclosureId }))[0]!;
}

/**
 * Ends a disclosure: the partner stops receiving the field at once. The chair, the owning party or the proposer
 * may revoke; the record stays (art. 10.5), with who revoked it and when.
 */
export async function revokeDisclosure(
  db: Database,
  ctx: RequestContext,
  caseFileId: string,
  disclosureId: string,
): Promise<{ view: DisclosureView; compartment: DisclosableCompartment; recipientPartyId: string }> {
  const attempt = await changeAttempt(db, ctx, caseFileId, disclosureId, 'revoke');
  const outcome = await db.transaction(async (tx) => {
    const disclosure = await lockedDisclosure(tx, caseFileId, disclosureId);
    const may =
      ctx.actor.role === 'chair' ||
      disclosure.proposedByMembershipId === ctx.actor.membershipId ||
      (disclosure.ownerPartyId !== null && disclosure.ownerPartyId === ctx.actor.partyId);
    if (!may) return null;
    if (disclosure.state !== 'proposed' && disclosure.state !== 'active')
      throw conflict(`The disclosure is ${disclosure.state} already`);
    await tx
      .update(caseDisclosures)
      .set({ state: 'revoked', revokedAt: new Date(), revokedByMembershipId: ctx.actor.membershipId })
      .where(eq(caseDisclosures.id, disclosureId));
    await appendAudit(tx, [
      byRequester(ctx, {
        ...attempt,
        result: 'allowed',
        rule: RULE,
      }),
    ]);
    return disclosure;
  });
  if (!outcome)
    await enforce(
      db,
      ctx,
      {
        allowed: false,
        rule: RULE,
        reason: 'only the chair, the owning party or the proposer revokes a disclosure',
      },
      attempt,
    );
  return {
    view: (await loadViews(db, ctx, caseFileId, { id: disclosureId }))[0]!,
    compartment: outcome!.compartment,
    recipientPartyId: outcome!.recipientPartyId,
  };
}

/** Is this compartment of this case disclosed to this partner right now? (The live endpoint asks on every open.) */
export async function isDisclosed(
  db: Executor,
  caseFileId: string,
  compartment: string,
  partyId: string,
): Promise<boolean> {
  const [row] = await db
    .select({ id: caseDisclosures.id })
    .from(caseDisclosures)
    .where(
      and(
        eq(caseDisclosures.fileId, caseFileId),
        eq(caseDisclosures.compartment, compartment as DisclosableCompartment),
        eq(caseDisclosures.recipientPartyId, partyId),
        eq(caseDisclosures.state, 'active'),
      ),
    )
    .limit(1);
  return Boolean(row);
}

/** The open (proposed or active) disclosures of a meeting's items, as its screens need them: no content, no names. */
export async function meetingDisclosures(db: Executor, meetingId: string) {
  const rows = await db
    .select({
      id: caseDisclosures.id,
      itemId: agendaItems.id,
      compartment: caseDisclosures.compartment,
      recipientPartyId: caseDisclosures.recipientPartyId,
      state: caseDisclosures.state,
    })
    .from(agendaItems)
    .innerJoin(caseDisclosures, eq(caseDisclosures.fileId, agendaItems.caseFileId))
    .where(and(eq(agendaItems.meetingId, meetingId), inArray(caseDisclosures.state, ['proposed', 'active'])))
    .orderBy(asc(caseDisclosures.proposedAt));
  return rows.map((r) => ({
    ...r,
    compartment: r.compartment,
    state: r.state as 'proposed' | 'active',
  }));
}

/** Meetings (not closed) with an item for this case: the ones whose screens must hear of a change. */
export async function meetingsOfCase(db: Executor, caseFileId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ meetingId: agendaItems.meetingId })
    .from(agendaItems)
    .where(eq(agendaItems.caseFileId, caseFileId));
  return rows.map((r) => r.meetingId);
}

/**
 * Whom and what a revoked disclosure of a case reaches: the meetings that discussed the case, its agenda items
 * there, and the memberships of the recipient party, whose open connections to the field close at once.
 */
export async function revocationReach(
  db: Executor,
  caseFileId: string,
  recipientPartyId: string,
): Promise<{ meetingIds: string[]; itemIds: string[]; membershipIds: string[] }> {
  const items = await db
    .select({ id: agendaItems.id, meetingId: agendaItems.meetingId })
    .from(agendaItems)
    .where(eq(agendaItems.caseFileId, caseFileId));
  const members = await db
    .select({ id: memberships.id })
    .from(memberships)
    .innerJoin(parties, eq(parties.organisationId, memberships.organisationId))
    .where(eq(parties.id, recipientPartyId));
  return {
    meetingIds: [...new Set(items.map((i) => i.meetingId))],
    itemIds: items.map((i) => i.id),
    membershipIds: members.map((m) => m.id),
  };
}
