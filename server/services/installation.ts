import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client';
import {
  covenants,
  membershipChanges,
  memberships,
  organisations,
  parties,
  users,
} from '../../db/schema/index';
import { MODEL_COVENANT_POLICY, type OrganisationType, type PartyKind } from '../../shared/index';
import { appendAudit, type AuditOrigin } from './audit';
import { hashPassword } from './passwords';
import { installExampleFramework } from './reference-framework';

/**
 * Setting up a real installation from the command line: the covenant, its organisations and the first
 * administrator, who grants every other authorisation in the application (art. 15.2c). Never a default password:
 * the administrator's initial one is generated, shown once, and a second factor is enrolled at the first login.
 */

/** A refusal of an installation step, with a stable code and a message for the person at the terminal. */
export class InstallationError extends Error {
  constructor(
    readonly code:
      | 'COVENANT_NEEDED'
      | 'COVENANT_AMBIGUOUS'
      | 'ADMINISTRATOR_EXISTS'
      | 'USERNAME_TAKEN'
      | 'ORGANISATION_UNKNOWN',
    message: string,
  ) {
    super(message);
    this.name = 'InstallationError';
  }
}

/** Who acted, for the audit log: no person is logged in; the command and the account it ran under are. */
const cliOrigin = (command: string): AuditOrigin => ({ ip: null, userAgent: `casustafel ${command}` });

/** Serialises installation steps against each other and against the demo seed (several instances, one database). */
const INSTALLATION_LOCK = 0x0ca5_5eed;

export interface CovenantSpec {
  name: string;
  region: string;
}

/**
 * The covenant to install into: the only one there is, or a new one (with the model covenant's policy and the
 * example reference framework, both to be adapted in the application) when there is none and `create` names it.
 */
export async function chooseCovenant(
  tx: Executor,
  create?: CovenantSpec,
): Promise<{ id: string; name: string; created: boolean }> {
  const existing = await tx.select({ id: covenants.id, name: covenants.name }).from(covenants);
  if (existing.length === 1) return { ...existing[0]!, created: false };
  if (existing.length > 1)
    throw new InstallationError(
      'COVENANT_AMBIGUOUS',
      'This database holds several covenants; installing into one of them is not supported from the command line.',
    );
  if (!create)
    throw new InstallationError(
      'COVENANT_NEEDED',
      'This database holds no covenant yet: name it with --covenant "…" and --region "…".',
    );
  const id = randomUUID();
  await tx
    .insert(covenants)
    .values({ id, name: create.name, region: create.region, policy: MODEL_COVENANT_POLICY });
  await installExampleFramework(tx, id);
  return { id, name: create.name, created: true };
}

export interface OrganisationSpec {
  name: string;
  type: OrganisationType;
  /** Its place in the covenant (art. 2, annex 1); null for the executor's organisation, which is not a party (art. 5). */
  party: PartyKind | null;
  annex1: boolean;
}

/** The organisation of that name in the covenant, added (with its party) when it is not there yet. */
export async function ensureOrganisation(
  tx: Executor,
  covenantId: string,
  spec: OrganisationSpec,
): Promise<{ id: string; created: boolean }> {
  const known = await tx
    .select({ id: organisations.id })
    .from(organisations)
    .leftJoin(parties, and(eq(parties.organisationId, organisations.id), eq(parties.covenantId, covenantId)))
    .leftJoin(
      memberships,
      and(eq(memberships.organisationId, organisations.id), eq(memberships.covenantId, covenantId)),
    )
    .where(
      and(
        eq(organisations.name, spec.name),
        sql`(${parties.id} is not null or ${memberships.id} is not null)`,
      ),
    )
    .limit(1);
  if (known[0]) return { id: known[0].id, created: false };
  const id = randomUUID();
  await tx.insert(organisations).values({ id, name: spec.name, type: spec.type });
  if (spec.party)
    await tx
      .insert(parties)
      .values({ id: randomUUID(), covenantId, organisationId: id, kind: spec.party, annex1: spec.annex1 });
  return { id, created: true };
}

/** Adds an organisation to the only covenant (art. 1c: partners may be added); audited. */
export async function addOrganisation(db: Database, spec: OrganisationSpec) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${INSTALLATION_LOCK})`);
    const covenant = await chooseCovenant(tx);
    const organisation = await ensureOrganisation(tx, covenant.id, spec);
    if (organisation.created)
      await appendAudit(tx, [
        {
          actor: null,
          action: 'create',
          objectType: 'covenant',
          objectId: organisation.id,
          fieldGroup: 'organisation',
          result: 'allowed',
          rule: 'art. 1c',
          purpose: 'organisation added to the covenant from the command line',
          origin: cliOrigin('organisation:add'),
        },
      ]);
    return { covenant, organisation };
  });
}

export interface AdministratorSpec {
  username: string;
  displayName: string;
  capacity: string;
  organisation: OrganisationSpec;
  covenant?: CovenantSpec;
}

/**
 * The first administrator of the covenant. Refused once an administrator exists: from then on authorisations are
 * granted in the application, by an administrator, audited with who did it (art. 15.2c).
 */
export async function createFirstAdministrator(db: Database, spec: AdministratorSpec) {
  const initialPassword = randomBytes(15).toString('base64url');
  const passwordHash = await hashPassword(initialPassword);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${INSTALLATION_LOCK})`);
    const covenant = await chooseCovenant(tx, spec.covenant);
    const [administrator] = await tx
      .select({ id: memberships.id })
      .from(memberships)
      .where(
        and(
          eq(memberships.covenantId, covenant.id),
          eq(memberships.role, 'admin'),
          isNull(memberships.revokedAt),
        ),
      )
      .limit(1);
    if (administrator)
      throw new InstallationError(
        'ADMINISTRATOR_EXISTS',
        'This covenant has an administrator already: they grant further authorisations in the application.',
      );
    const [taken] = await tx
      .select({ id: users.id })
      .from(users)
      .where(eq(users.username, spec.username))
      .limit(1);
    if (taken) throw new InstallationError('USERNAME_TAKEN', `The username "${spec.username}" is taken.`);
    const organisation = await ensureOrganisation(tx, covenant.id, spec.organisation);
    const userId = randomUUID();
    const membershipId = randomUUID();
    const now = new Date();
    await tx
      .insert(users)
      .values({ id: userId, username: spec.username, displayName: spec.displayName, passwordHash });
    await tx.insert(memberships).values({
      id: membershipId,
      userId,
      covenantId: covenant.id,
      organisationId: organisation.id,
      role: 'admin',
      capacity: spec.capacity,
      grantedAt: now,
    });
    await tx.insert(membershipChanges).values({
      id: randomUUID(),
      membershipId,
      change: 'granted',
      role: 'admin',
      capacity: spec.capacity,
      byMembershipId: null,
      at: now,
    });
    await appendAudit(
      tx,
      [
        {
          actor: null,
          action: 'create',
          objectType: 'membership',
          objectId: membershipId,
          fieldGroup: 'granted',
          result: 'allowed',
          rule: 'art. 15.2c',
          purpose: 'first administrator created from the command line',
          origin: cliOrigin('admin:create'),
        },
      ],
      now,
    );
    return { covenant, organisation, membershipId, initialPassword };
  });
}
