import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import {
  covenants,
  memberships,
  organisations,
  parties,
  users,
  membershipChanges,
} from '../../db/schema/index';
import {
  MODEL_COVENANT_POLICY,
  type MembershipRole,
  type OrganisationType,
  type PartyKind,
} from '../../shared/index';
import { hashPassword } from '../services/passwords';
import { installExampleFramework } from '../services/reference-framework';
import { seedDemoCases } from './cases';

interface DemoOrganisation {
  key: string;
  name: string;
  type: OrganisationType;
  party: { kind: PartyKind; annex1: boolean } | null;
}

/** The model convenant's parties (art. 2) and two external partners of annex 1 (the Gennep accession to the Limburg convenant). */
const ORGANISATIONS: DemoOrganisation[] = [
  {
    key: 'gemeente',
    name: 'Gemeente Voorbeeldstad',
    type: 'municipality',
    party: { kind: 'core', annex1: false },
  },
  {
    key: 'politie',
    name: 'Politie Eenheid Voorbeeld',
    type: 'police',
    party: { kind: 'core', annex1: false },
  },
  {
    key: 'om',
    name: 'Openbaar Ministerie Arrondissement Voorbeeld',
    type: 'prosecution',
    party: { kind: 'core', annex1: false },
  },
  {
    key: 'rvdk',
    name: 'Raad voor de Kinderbescherming',
    type: 'child_protection_board',
    party: { kind: 'case', annex1: false },
  },
  {
    key: 'reclassering',
    name: 'Reclassering Nederland',
    type: 'probation',
    party: { kind: 'case', annex1: false },
  },
  { key: 'ggz', name: 'GGZ Voorbeeld', type: 'mental_health', party: { kind: 'external', annex1: true } },
  {
    key: 'jeugdbescherming',
    name: 'Jeugdbescherming Voorbeeld',
    type: 'youth_protection',
    party: { kind: 'external', annex1: true },
  },
  // The executor's organisation acts for the core parties (art. 5) and is not itself a party.
  { key: 'zvh', name: 'Zorg- en Veiligheidshuis Voorbeeld', type: 'safety_house', party: null },
];

export interface DemoLogin {
  username: string;
  displayName: string;
  organisation: string;
  role: MembershipRole;
  capacity: string;
}

/** One login per role; the README lists them. */
export const DEMO_LOGINS: DemoLogin[] = [
  {
    username: 'voorzitter',
    displayName: 'Anna de Vries',
    organisation: 'gemeente',
    role: 'chair',
    capacity: 'procesregisseur namens de burgemeester',
  },
  {
    username: 'uitvoerder',
    displayName: 'Bram Jansen',
    organisation: 'zvh',
    role: 'executor',
    capacity: 'uitvoerder',
  },
  {
    username: 'gemeente',
    displayName: 'Carla Bakker',
    organisation: 'gemeente',
    role: 'member',
    capacity: 'college van B&W',
  },
  {
    username: 'politie',
    displayName: 'Dirk Visser',
    organisation: 'politie',
    role: 'member',
    capacity: 'vertegenwoordiger korpschef',
  },
  {
    username: 'om',
    displayName: 'Eva Smit',
    organisation: 'om',
    role: 'member',
    capacity: 'officier van justitie',
  },
  {
    username: 'rvdk',
    displayName: 'Frank Mulder',
    organisation: 'rvdk',
    role: 'member',
    capacity: 'raadsonderzoeker',
  },
  {
    username: 'reclassering',
    displayName: 'Gerda de Boer',
    organisation: 'reclassering',
    role: 'member',
    capacity: 'reclasseringswerker',
  },
  {
    username: 'ggz',
    displayName: 'Hans Meijer',
    organisation: 'ggz',
    role: 'satellite',
    capacity: 'behandelaar',
  },
  {
    username: 'beheerder',
    displayName: 'Jan Kok',
    organisation: 'zvh',
    role: 'admin',
    capacity: 'beheerder autorisaties namens de verantwoordelijke',
  },
  {
    username: 'functionaris',
    displayName: 'Karin Peters',
    organisation: 'zvh',
    role: 'officer',
    capacity: 'functionaris gegevensbescherming',
  },
  {
    username: 'jeugdbescherming',
    displayName: 'Ilse de Graaf',
    organisation: 'jeugdbescherming',
    role: 'satellite',
    capacity: 'jeugdbeschermer',
  },
];

/**
 * Creates the demo covenant, its parties, the example reference framework and one login per role — only when
 * the database has no covenant yet, so it never touches real data — and, unless asked not to, two fictional
 * subjects on a weegploeg agenda. Returns whether it seeded.
 */
export async function seedDemo(
  db: Database,
  password: string,
  options: { withCases: boolean } = { withCases: true },
): Promise<boolean> {
  // Cheap check first: a seeded database must not pay for nine argon2 hashes at every start.
  if ((await db.select({ id: covenants.id }).from(covenants).limit(1)).length > 0) return false;
  const hashes = await Promise.all(DEMO_LOGINS.map(() => hashPassword(password)));
  const seeded = await db.transaction(async (tx) => {
    // Serialise concurrent starts (several instances on one PostgreSQL).
    await tx.execute(sql`select pg_advisory_xact_lock(${0x0ca5_5eed})`);
    const existing = await tx.select({ id: covenants.id }).from(covenants).limit(1);
    if (existing.length > 0) return false;

    const covenantId = randomUUID();
    await tx.insert(covenants).values({
      id: covenantId,
      name: 'Convenant Persoonsgerichte aanpak voorkoming radicalisering en extremisme (model, Stcrt. 2017, 41324)',
      region: 'Regio Voorbeeld (demo)',
      policy: MODEL_COVENANT_POLICY,
    });
    const orgIds = new Map<string, string>();
    for (const org of ORGANISATIONS) {
      const id = randomUUID();
      orgIds.set(org.key, id);
      await tx.insert(organisations).values({ id, name: org.name, type: org.type });
      if (org.party) {
        await tx.insert(parties).values({
          id: randomUUID(),
          covenantId,
          organisationId: id,
          kind: org.party.kind,
          annex1: org.party.annex1,
        });
      }
    }
    for (const [i, login] of DEMO_LOGINS.entries()) {
      const userId = randomUUID();
      await tx.insert(users).values({
        id: userId,
        username: login.username,
        displayName: login.displayName,
        passwordHash: hashes[i]!,
        // The demo tour logs in with the password alone, in demo mode only (routes/session.ts).
        passwordOnly: true,
      });
      const membershipId = randomUUID();
      await tx.insert(memberships).values({
        id: membershipId,
        userId,
        covenantId,
        organisationId: orgIds.get(login.organisation)!,
        role: login.role,
        capacity: login.capacity,
      });
      // The authorisation's history starts when the demo is set up (by nobody: the installation).
      await tx.insert(membershipChanges).values({
        id: randomUUID(),
        membershipId,
        change: 'granted',
        role: login.role,
        capacity: login.capacity,
        byMembershipId: null,
        at: new Date(),
      });
    }
    await installExampleFramework(tx, covenantId);
    return true;
  });
  if (seeded && options.withCases) await seedDemoCases(db);
  return seeded;
}
