import { randomBytes, randomUUID } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client';
import { membershipChanges, memberships, organisations, parties, users } from '../../db/schema/index';
import {
  canManageAuthorisations,
  type AuthorisationView,
  type ChangeAuthorisationBody,
  type GrantAuthorisationBody,
  type MembershipRole,
} from '../../shared/index';
import type { RequestContext } from '../context';
import { conflict, notFound } from '../errors';
import { byRequester, appendAudit } from './audit';
import { enforce } from './authorize';
import { hashPassword } from './passwords';

const PURPOSE = 'beheer van autorisaties (convenant art. 15.2c)';

async function views(
  db: Executor,
  covenantId: string,
  membershipIds?: string[],
): Promise<AuthorisationView[]> {
  const rows = await db
    .select({
      membership: memberships,
      username: users.username,
      displayName: users.displayName,
      organisation: organisations.name,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(
      and(
        eq(memberships.covenantId, covenantId),
        membershipIds ? inArray(memberships.id, membershipIds) : undefined,
      ),
    )
    .orderBy(asc(organisations.name), asc(users.displayName));
  const ids = rows.map((r) => r.membership.id);
  const byMembership = db
    .select({ id: memberships.id, name: users.displayName })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.covenantId, covenantId));
  const names = new Map((await byMembership).map((m) => [m.id, m.name]));
  const changes = ids.length
    ? await db
        .select()
        .from(membershipChanges)
        .where(inArray(membershipChanges.membershipId, ids))
        .orderBy(asc(membershipChanges.at))
    : [];
  return rows.map(({ membership, username, displayName, organisation }) => ({
    membershipId: membership.id,
    username,
    displayName,
    organisation: { id: membership.organisationId, name: organisation },
    role: membership.role,
    capacity: membership.capacity,
    grantedAt: membership.grantedAt.toISOString(),
    revokedAt: membership.revokedAt?.toISOString() ?? null,
    history: changes
      .filter((c) => c.membershipId === membership.id)
      .map((c) => ({
        change: c.change,
        role: c.role,
        capacity: c.capacity,
        by: c.byMembershipId ? (names.get(c.byMembershipId) ?? null) : null,
        at: c.at.toISOString(),
      })),
  }));
}

async function mayManage(
  db: Database,
  ctx: RequestContext,
  action: 'list' | 'create' | 'update',
  id?: string,
) {
  await enforce(db, ctx, canManageAuthorisations(ctx.actor), {
    action,
    objectType: 'membership' as const,
    ...(id ? { objectId: id } : {}),
    purpose: PURPOSE,
  });
}

/** The organisations of a covenant: its parties, and those that act for it (the executor's organisation). */
async function covenantOrganisations(db: Executor, covenantId: string) {
  const ids = new Set([
    ...(
      await db.select({ id: parties.organisationId }).from(parties).where(eq(parties.covenantId, covenantId))
    ).map((p) => p.id),
    ...(
      await db
        .select({ id: memberships.organisationId })
        .from(memberships)
        .where(eq(memberships.covenantId, covenantId))
    ).map((m) => m.id),
  ]);
  if (ids.size === 0) return [];
  return db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(inArray(organisations.id, [...ids]))
    .orderBy(asc(organisations.name));
}

/** Every membership of the covenant, with its history, and the organisations to grant one in. */
export async function listAuthorisations(db: Database, ctx: RequestContext) {
  await mayManage(db, ctx, 'list');
  return {
    authorisations: await views(db, ctx.actor.covenantId),
    organisations: await covenantOrganisations(db, ctx.actor.covenantId),
  };
}

function change(
  ctx: RequestContext,
  membershipId: string,
  kind: 'granted' | 'changed' | 'revoked',
  role: MembershipRole,
  capacity: string,
  at: Date,
) {
  return {
    id: randomUUID(),
    membershipId,
    change: kind,
    role,
    capacity,
    byMembershipId: ctx.actor.membershipId,
    at,
  };
}

function audit(ctx: RequestContext, action: 'create' | 'update', membershipId: string, fieldGroup: string) {
  return byRequester(ctx, {
    action,
    objectType: 'membership' as const,
    objectId: membershipId,
    fieldGroup,
    result: 'allowed' as const,
    rule: 'art. 15.2c',
    purpose: PURPOSE,
  });
}

/** Grants a new user one membership; the initial password is returned once, to hand over to the user. */
export async function grantAuthorisation(db: Database, ctx: RequestContext, body: GrantAuthorisationBody) {
  await mayManage(db, ctx, 'create');
  const organisation = (await covenantOrganisations(db, ctx.actor.covenantId)).find(
    (o) => o.id === body.organisationId,
  );
  if (!organisation) throw notFound('Organisation in this covenant', 'body.organisationId');
  const [taken] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.username, body.username))
    .limit(1);
  if (taken) throw conflict('This username is taken', 'body.username');
  const initialPassword = randomBytes(12).toString('base64url');
  const passwordHash = await hashPassword(initialPassword);
  const now = new Date();
  const userId = randomUUID();
  const membershipId = randomUUID();
  await db.transaction(async (tx) => {
    await tx
      .insert(users)
      .values({ id: userId, username: body.username, displayName: body.displayName, passwordHash });
    await tx.insert(memberships).values({
      id: membershipId,
      userId,
      covenantId: ctx.actor.covenantId,
      organisationId: organisation.id,
      role: body.role,
      capacity: body.capacity,
      grantedAt: now,
    });
    await tx
      .insert(membershipChanges)
      .values(change(ctx, membershipId, 'granted', body.role, body.capacity, now));
    await appendAudit(tx, [audit(ctx, 'create', membershipId, 'granted')], now);
  });
  const [authorisation] = await views(db, ctx.actor.covenantId, [membershipId]);
  return { authorisation: authorisation!, initialPassword };
}

async function activeMembership(db: Database, ctx: RequestContext, id: string) {
  const [membership] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.id, id), eq(memberships.covenantId, ctx.actor.covenantId)))
    .limit(1);
  if (!membership) throw notFound('Authorisation');
  if (membership.revokedAt) throw conflict('This authorisation was revoked; grant a new one');
  // Nobody changes or revokes their own authorisation: another administrator does (four eyes, no lock-out).
  if (membership.id === ctx.actor.membershipId)
    throw conflict('You cannot change or revoke your own authorisation');
  return membership;
}

/** Changes role and/or capacity; the user's open connections are re-authorised at once (by the caller). */
export async function changeAuthorisation(
  db: Database,
  ctx: RequestContext,
  id: string,
  body: ChangeAuthorisationBody,
) {
  await mayManage(db, ctx, 'update', id);
  const membership = await activeMembership(db, ctx, id);
  const role = body.role ?? membership.role;
  const capacity = body.capacity ?? membership.capacity;
  const now = new Date();
  await db.transaction(async (tx) => {
    await tx.update(memberships).set({ role, capacity }).where(eq(memberships.id, id));
    await tx.insert(membershipChanges).values(change(ctx, id, 'changed', role, capacity, now));
    await appendAudit(tx, [audit(ctx, 'update', id, 'changed')], now);
  });
  return (await views(db, ctx.actor.covenantId, [id]))[0]!;
}

/** Revokes the authorisation: sessions stop at once (the session check), open connections are closed (caller). */
export async function revokeAuthorisation(db: Database, ctx: RequestContext, id: string) {
  await mayManage(db, ctx, 'update', id);
  const membership = await activeMembership(db, ctx, id);
  const now = new Date();
  await db.transaction(async (tx) => {
    await tx.update(memberships).set({ revokedAt: now }).where(eq(memberships.id, id));
    await tx
      .insert(membershipChanges)
      .values(change(ctx, id, 'revoked', membership.role, membership.capacity, now));
    await appendAudit(tx, [audit(ctx, 'update', id, 'revoked')], now);
  });
  return (await views(db, ctx.actor.covenantId, [id]))[0]!;
}
