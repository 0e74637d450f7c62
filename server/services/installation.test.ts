import { afterEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, covenants, memberships, organisations, parties, users } from '../../db/schema/index';
import { createTestDatabase, type TestDatabase } from '../../db/testing';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { addOrganisation, createFirstAdministrator, InstallationError } from './installation';

/**
 * A real installation gets its first administrator from the command line, never from a default password: the
 * administrator then grants every other authorisation in the application (art. 15.2c).
 */
const ADMIN = {
  username: 'beheer.zvh',
  displayName: 'Fenna Beheer',
  capacity: 'beheerder autorisaties',
  organisation: {
    name: 'Zorg- en Veiligheidshuis Testregio',
    type: 'safety_house' as const,
    party: null,
    annex1: false,
  },
};
const COVENANT = { name: 'Convenant PGA Testregio', region: 'Testregio' };

let database: TestDatabase | null = null;
afterEach(async () => {
  await database?.close();
  database = null;
});

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => (error instanceof InstallationError ? error.code : String(error)),
  );

describe('installing a covenant and its first administrator', () => {
  it('asks for the covenant when the database has none, and creates it with the administrator', async () => {
    database = await createTestDatabase();
    const { db } = database;
    expect(await refusal(createFirstAdministrator(db, ADMIN))).toBe('COVENANT_NEEDED');
    expect(await db.select().from(users)).toHaveLength(0);

    const created = await createFirstAdministrator(db, { ...ADMIN, covenant: COVENANT });
    expect(created.covenant.created).toBe(true);
    expect(created.initialPassword.length).toBeGreaterThanOrEqual(20);
    const [membership] = await db.select().from(memberships);
    expect(membership).toMatchObject({ role: 'admin', covenantId: created.covenant.id, revokedAt: null });
    // The executor's organisation is no party of the covenant (art. 5).
    expect(await db.select().from(parties)).toHaveLength(0);
    // Only a hash is stored, and the grant is in the audit chain with the rule it follows.
    const [user] = await db.select().from(users);
    expect(user!.passwordHash).not.toContain(created.initialPassword);
    expect(user!.passwordOnly).toBe(false);
    const [row] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.objectType, 'membership'), eq(auditLog.objectId, created.membershipId)));
    expect(row).toMatchObject({ action: 'create', result: 'allowed', rule: 'art. 15.2c' });
  });

  it('refuses a second first administrator, and a taken username', async () => {
    database = await createTestDatabase();
    const { db } = database;
    await createFirstAdministrator(db, { ...ADMIN, covenant: COVENANT });
    expect(await refusal(createFirstAdministrator(db, { ...ADMIN, username: 'nog.een' }))).toBe(
      'ADMINISTRATOR_EXISTS',
    );
    expect(await db.select().from(memberships)).toHaveLength(1);
    expect(await db.select().from(covenants)).toHaveLength(1);
  });

  it('adds partner organisations once, each with its place in the covenant (art. 1c)', async () => {
    database = await createTestDatabase();
    const { db } = database;
    expect(
      await refusal(
        addOrganisation(db, { name: 'Politie Testregio', type: 'police', party: 'core', annex1: false }),
      ),
    ).toBe('COVENANT_NEEDED');
    await createFirstAdministrator(db, { ...ADMIN, covenant: COVENANT });
    const police = {
      name: 'Politie Testregio',
      type: 'police' as const,
      party: 'core' as const,
      annex1: false,
    };
    const first = await addOrganisation(db, police);
    const again = await addOrganisation(db, police);
    expect(first.organisation.created).toBe(true);
    expect(again.organisation).toEqual({ id: first.organisation.id, created: false });
    expect(await db.select().from(parties)).toEqual([
      expect.objectContaining({ organisationId: first.organisation.id, kind: 'core' }),
    ]);
    expect(await db.select().from(organisations).where(eq(organisations.name, police.name))).toHaveLength(1);
    const audited = await db.select().from(auditLog).where(eq(auditLog.objectType, 'covenant'));
    expect(audited).toHaveLength(1);
  });

  it('lets the administrator log in with the initial password only by enrolling a second factor', async () => {
    database = await createTestDatabase();
    const created = await createFirstAdministrator(database.db, { ...ADMIN, covenant: COVENANT });
    const app = await buildApp(
      loadConfig({
        LOG_LEVEL: 'silent',
        CLIENT_DIR: '/nonexistent',
        RETENTION_INTERVAL_MINUTES: '0',
        DEMO: '0',
      }),
      database,
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const post = (password: string) =>
      fetch(`http://127.0.0.1:${port}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: ADMIN.username, password }),
      });
    try {
      const login = await post(created.initialPassword);
      expect(login.status).toBe(200);
      expect(await login.json()).toEqual({ next: 'enrol', methods: [] });
      const wrong = await post('casustafel-demo');
      expect(wrong.status).toBe(401);
    } finally {
      await app.close();
    }
  });
});
