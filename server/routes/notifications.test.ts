import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, notificationDuties, weighingFiles } from '../../db/schema/index';
import { addDays, dutchDay, type NotificationList, type NotificationView } from '../../shared/index';
import { startTestServer, type TestClient, type TestServer } from '../testing/harness';
import { controlClients } from '../testing/live-clients';
import { frozenWeighingDecision } from '../testing/meetings';

/** The notification register (art. 11): due once the weegploeg decided, deferred on a ground, informed. */
describe('notification register (art. 11)', () => {
  let server: TestServer;
  const control = controlClients(() => server);
  const users: Record<string, TestClient> = {};
  let dutyId: string;
  const find = async (user: string, name: string) =>
    (await users[user]!.get<NotificationList>('/api/notifications')).body.notifications.find(
      (n) => n.subjectName === name,
    );

  beforeAll(async () => {
    server = await startTestServer();
    for (const name of ['uitvoerder', 'politie', 'gemeente', 'rvdk', 'ggz', 'voorzitter'])
      users[name] = await server.login(name);
    await frozenWeighingDecision(server, control, 'Melding-Nietzwaar', 'not_substantial');
    await frozenWeighingDecision(server, control, 'Melding-Meerinfo', 'more_information');
  });
  afterAll(async () => {
    control.disconnectAll();
    await server.close();
  });

  it('shows a duty once the weegploeg decided either way, to the core parties and the executor only', async () => {
    const duty = await find('uitvoerder', 'Melding-Nietzwaar');
    expect(duty).toMatchObject({
      state: 'due',
      status: 'due',
      decisionOutcome: 'not_substantial',
      history: [],
    });
    dutyId = duty!.id;
    // "More information first" is no decision either way (art. 7.4): no duty.
    expect(await find('uitvoerder', 'Melding-Meerinfo')).toBeUndefined();
    expect(await find('politie', 'Melding-Nietzwaar')).toBeDefined();
    for (const user of ['rvdk', 'ggz', 'voorzitter']) {
      const refused = await users[user]!.get('/api/notifications');
      expect(refused.status, user).toBe(403);
      expect(refused.body.error.rule).toBe('art. 11.3');
    }
    // Names listed are audited per subject.
    const listed = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.objectType, 'notification_duty'), eq(auditLog.action, 'list')));
    expect(listed.length).toBeGreaterThan(0);
  });

  it('keeps the name of an archived file from the executor; the core parties still see it (art. 13.2)', async () => {
    const fileId = (await find('uitvoerder', 'Melding-Nietzwaar'))!.weighingFileId!;
    await server.database.db
      .update(weighingFiles)
      .set({ archivedAt: new Date() })
      .where(eq(weighingFiles.id, fileId));
    try {
      const list = await users.uitvoerder!.get<NotificationList>('/api/notifications');
      expect(list.text).not.toContain('Melding-Nietzwaar');
      expect(list.body.notifications.find((n) => n.id === dutyId)).toMatchObject({ subjectName: null });
      expect(await find('politie', 'Melding-Nietzwaar')).toBeDefined();
    } finally {
      await server.database.db
        .update(weighingFiles)
        .set({ archivedAt: null })
        .where(eq(weighingFiles.id, fileId));
    }
  });

  it('marks a duty left for four weeks as overdue', async () => {
    await server.database.db
      .update(notificationDuties)
      .set({ dueSince: new Date(Date.now() - 29 * 86_400_000) })
      .where(eq(notificationDuties.id, dutyId));
    expect(await find('uitvoerder', 'Melding-Nietzwaar')).toMatchObject({ status: 'overdue' });
  });

  it('lets a core party defer on a ground of art. 43 Wbp until a review date, and says when review is due', async () => {
    const today = dutchDay(new Date());
    const post = (user: string, body: unknown) =>
      users[user]!.post<NotificationView>(`/api/notifications/${dutyId}/deferral`, body);
    expect((await post('uitvoerder', { ground: 'crime', reviewOn: addDays(today, 30) })).status).toBe(403);
    expect((await post('politie', { ground: 'curiosity', reviewOn: addDays(today, 30) })).status).toBe(400);
    const past = await users.politie!.post(`/api/notifications/${dutyId}/deferral`, {
      ground: 'crime',
      reviewOn: today,
    });
    expect(past.status).toBe(400);
    expect(past.body.error.field).toBe('body.reviewOn');
    const deferred = await post('politie', { ground: 'crime', reviewOn: addDays(today, 30) });
    expect(deferred.status).toBe(200);
    expect(deferred.body).toMatchObject({ state: 'deferred', status: 'deferred', deferralGround: 'crime' });
    // The review date arrives: the register says so.
    await server.database.db
      .update(notificationDuties)
      .set({ reviewOn: today })
      .where(eq(notificationDuties.id, dutyId));
    expect(await find('uitvoerder', 'Melding-Nietzwaar')).toMatchObject({ status: 'review_due' });
    // Extended on another ground after review.
    const extended = await post('gemeente', { ground: 'protection', reviewOn: addDays(today, 60) });
    expect(extended.body).toMatchObject({ status: 'deferred', deferralGround: 'protection' });
    expect(extended.body.history.map((h) => h.deferralGround)).toEqual(['crime', 'protection']);
  });

  it('records that the subject was informed once the ground lapsed (executor), which ends the duty', async () => {
    const post = (user: string, body: unknown) =>
      users[user]!.post<NotificationView>(`/api/notifications/${dutyId}/informed`, body);
    const today = dutchDay(new Date());
    expect((await post('politie', { informedOn: today, how: 'per brief' })).status).toBe(403);
    expect((await post('uitvoerder', { informedOn: addDays(today, 1), how: 'per brief' })).status).toBe(400);
    expect((await post('uitvoerder', { informedOn: today, how: '' })).status).toBe(400);
    const informed = await post('uitvoerder', { informedOn: today, how: 'per aangetekende brief' });
    expect(informed.body).toMatchObject({
      state: 'informed',
      status: 'informed',
      informedOn: today,
      deferralGround: null,
    });
    expect(informed.body.history.map((h) => h.kind)).toEqual(['deferred', 'deferred', 'informed']);
    expect((await post('uitvoerder', { informedOn: today, how: 'nogmaals' })).status).toBe(409);
    const steps = await server.database.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.objectId, dutyId), eq(auditLog.action, 'update'), eq(auditLog.result, 'allowed')),
      );
    expect(steps.map((s) => s.rule).sort()).toEqual(['art. 11.4', 'art. 11.4', 'art. 11.5']);
  });
});
