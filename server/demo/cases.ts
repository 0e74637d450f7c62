import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { memberships, users } from '../../db/schema/index';
import type { RequestContext } from '../context';
import { loadActor } from '../services/actors';
import { addAgendaItem, scheduleMeeting } from '../services/meetings';
import { registerSignal } from '../services/weighing-files';

async function contextFor(db: Database, username: string): Promise<RequestContext> {
  const [row] = await db
    .select({ membershipId: memberships.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(users.username, username))
    .limit(1);
  const actor = row ? await loadActor(db, row.membershipId) : null;
  if (!actor) throw new Error(`demo user ${username} has no active membership`);
  return { actor, origin: { ip: null, userAgent: 'casustafel demo seed' } };
}

const isoDate = (date: Date) => date.toISOString().slice(0, 10);

/**
 * A first-run walkthrough: two fictional subjects with signals brought by the police and the municipality, and a
 * weegploeg next week with both on its agenda. Made through the same services as the API, so the audit log
 * records these writes like any other.
 */
export async function seedDemoCases(db: Database, now = new Date()): Promise<void> {
  const police = await contextFor(db, 'politie');
  const municipality = await contextFor(db, 'gemeente');
  const executor = await contextFor(db, 'uitvoerder');
  const daysAgo = (n: number) => isoDate(new Date(now.getTime() - n * 86_400_000));

  const first = await registerSignal(db, police, {
    subject: {
      name: 'J. Voorbeeld (fictief)',
      dateOfBirth: '2006-05-14',
      address: 'Dorpsstraat 1',
      residence: 'Voorbeeldstad',
    },
    description:
      'Deelt in een openbare chatgroep berichten die aanslagen verheerlijken en roept op tot geweld.',
    observedOn: daysAgo(12),
    reporter: { name: 'Wijkagent (fictief)', contact: 'wijkteam@politie.example' },
    phenomenon: 'jihadist',
    setting: 'online',
  });
  await registerSignal(db, municipality, {
    weighingFileId: first.weighingFileId,
    description: 'School meldt langdurig verzuim en breuk met vrienden en familie.',
    observedOn: daysAgo(5),
    reporter: { name: 'Leerplichtambtenaar (fictief)', contact: 'leerplicht@gemeente.example' },
    phenomenon: 'unknown',
    setting: 'offline',
  });
  const second = await registerSignal(db, municipality, {
    subject: { name: 'K. Proefpersoon (fictief)', residence: 'Voorbeeldstad' },
    description: 'Plakt stickers van een extreemrechtse groep en bedreigt buurtbewoners.',
    observedOn: daysAgo(3),
    reporter: { name: 'Buurtbemiddelaar (fictief)', contact: 'buurt@gemeente.example' },
    phenomenon: 'right_wing',
    setting: 'offline',
  });
  const meeting = await scheduleMeeting(db, executor, {
    kind: 'weighing',
    title: 'Weegploeg Regio Voorbeeld',
    scheduledAt: new Date(now.getTime() + 7 * 86_400_000).toISOString(),
  });
  await addAgendaItem(db, executor, meeting.id, { weighingFileId: first.weighingFileId });
  await addAgendaItem(db, executor, meeting.id, { weighingFileId: second.weighingFileId });
}
