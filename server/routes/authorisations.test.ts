import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../db/schema/index';
import {
  CloseCode,
  docName,
  type AuthorisationList,
  type AuthorisationView,
  type GrantedAuthorisation,
} from '../../shared/index';
import { newWeighingItem, startTestServer, type TestClient, type TestServer } from '../testing/harness';
import { connectDoc, controlClients, until } from '../testing/live-clients';

/**
 * Authorisations (art. 15.2c): the administrator grants, changes and revokes a user's membership and capacity in
 * the app; every step is audited and kept in the history; a revoked user's sessions and open connections end at
 * once.
 */
describe('authorisations', () => {
  let server: TestServer;
  let admin: TestClient;
  const control = controlClients(() => server);
  let granted: GrantedAuthorisation;

  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.login('beheerder');
  });
  afterAll(async () => {
    control.disconnectAll();
    await server.close();
  });

  it('is for the administrator only', async () => {
    for (const user of ['uitvoerder', 'politie', 'functionaris']) {
      const refused = await (await server.login(user)).get('/api/authorisations');
      expect(refused.status, user).toBe(403);
      expect(refused.body.error.rule).toBe('art. 15.2c');
    }
    const list = await admin.get<AuthorisationList>('/api/authorisations');
    expect(list.body.authorisations.map((a) => a.username)).toContain('politie');
    expect(list.body.organisations.map((o) => o.name).join()).toMatch(/Politie/);
  });

  it('grants a new user, who can log in with the initial password', async () => {
    const list = (await admin.get<AuthorisationList>('/api/authorisations')).body;
    const police = list.organisations.find((o) => /Politie/.test(o.name))!;
    const body = {
      username: 'wijkagent.noord',
      displayName: 'Lotte de Wit',
      organisationId: police.id,
      role: 'member',
      capacity: 'wijkagent',
    };
    expect((await admin.post('/api/authorisations', { ...body, role: 'superuser' })).status).toBe(400);
    expect(
      (
        await admin.post('/api/authorisations', {
          ...body,
          organisationId: '00000000-0000-4000-8000-000000000000',
        })
      ).status,
    ).toBe(404);
    const created = await admin.post<GrantedAuthorisation>('/api/authorisations', body);
    expect(created.status).toBe(201);
    granted = created.body;
    expect(granted.authorisation).toMatchObject({ role: 'member', capacity: 'wijkagent', revokedAt: null });
    expect(granted.authorisation.history).toMatchObject([{ change: 'granted', by: 'Jan Kok' }]);
    expect((await admin.post('/api/authorisations', body)).status).toBe(409);
    const user = await server.loginWith(body.username, granted.initialPassword);
    expect((await user.get('/api/session')).status).toBe(200);
  });

  it('changes a capacity and revokes: the user is out at once, every step audited', async () => {
    const id = granted.authorisation.membershipId;
    const client = await server.loginWith('wijkagent.noord', granted.initialPassword);
    const changed = await admin.patch<AuthorisationView>(`/api/authorisations/${id}`, {
      capacity: 'teamchef',
    });
    expect(changed.body).toMatchObject({ capacity: 'teamchef' });
    // An open live connection of the user, in a weegploeg (core party member).
    const { meetingId, itemId } = await newWeighingItem(server, 'Autorisatie-Subject');
    const chair = control.connect(await server.login('voorzitter'));
    await control.call(chair, 'meeting:join', { meetingId });
    await control.call(chair, 'chair:open', { meetingId });
    const doc = connectDoc(server, client, docName({ meetingId, itemId, compartment: 'analysis' }));
    await until(() => doc.provider.synced, 'the user is connected');

    const revoked = await admin.post<AuthorisationView>(`/api/authorisations/${id}/revoke`);
    expect(revoked.body.revokedAt).not.toBeNull();
    await until(() => doc.closed.codes.includes(CloseCode.Reauthorise), 'the open connection is closed');
    doc.provider.destroy();
    expect((await client.get('/api/session')).status).toBe(401);
    expect(revoked.body.history.map((h) => h.change)).toEqual(['granted', 'changed', 'revoked']);
    expect((await admin.post(`/api/authorisations/${id}/revoke`)).status).toBe(409);
    const steps = await server.database.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.objectId, id), eq(auditLog.objectType, 'membership'), eq(auditLog.result, 'allowed')),
      );
    expect(steps.map((s) => s.fieldGroup)).toEqual(['granted', 'changed', 'revoked']);
  });

  it('does not let an administrator change or revoke their own authorisation', async () => {
    const own = (await admin.get<AuthorisationList>('/api/authorisations')).body.authorisations.find(
      (a) => a.username === 'beheerder',
    )!;
    expect((await admin.post(`/api/authorisations/${own.membershipId}/revoke`)).status).toBe(409);
    expect((await admin.patch(`/api/authorisations/${own.membershipId}`, { role: 'member' })).status).toBe(
      409,
    );
  });
});
