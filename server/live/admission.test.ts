import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, meetingAttendance } from '../../db/schema/index';
import { CloseCode, docName, type ControlParticipant, type Me } from '../../shared/index';
import { newCaseFile, startTestServer, type TestClient, type TestServer } from '../testing/harness';
import { connectDoc, controlClients, rawAttempt, until } from '../testing/live-clients';

/**
 * Admission per agenda item. Art. 9.1: the casusoverleg takes in "de partijen en externe casuspartners die voor
 * de casus nodig zijn"; art. 10.5: external partners see only what their contribution needs. A party brought in
 * for one case is admitted to that case's item only, and the chair can change admissions live.
 */
describe('admission to agenda items (art. 9.1, 10.5)', () => {
  let server: TestServer;
  let meetingId: string;
  let itemA: string;
  let itemB: string;
  const users: Record<string, TestClient> = {};
  const membership: Record<string, string> = {};
  const control = controlClients(() => server);
  const { connect, call } = control;
  const doc = (itemId: string, compartment: 'analysis' | 'plan') =>
    docName({ meetingId, itemId, compartment });
  const itemsOf = (participants: ControlParticipant[], who: string) =>
    participants.find((p) => p.membershipId === membership[who])?.items;

  beforeAll(async () => {
    server = await startTestServer();
    const caseA = await newCaseFile(server, 'Toegang-A', [
      'municipality',
      'child_protection_board',
      'mental_health',
    ]);
    const caseB = await newCaseFile(server, 'Toegang-B', ['municipality', 'probation']);
    for (const name of ['voorzitter', 'uitvoerder', 'gemeente', 'politie', 'rvdk', 'reclassering', 'ggz']) {
      users[name] = await server.login(name);
      membership[name] = (await users[name].get<{ me: Me }>('/api/session')).body.me.membershipId;
    }
    const meeting = await users.uitvoerder!.post('/api/meetings', {
      kind: 'case',
      title: 'Casusoverleg',
      scheduledAt: '2026-12-02T09:00:00Z',
    });
    meetingId = meeting.body.id;
    await users.uitvoerder!.post(`/api/meetings/${meetingId}/agenda-items`, { caseFileId: caseA });
    const detail = await users.uitvoerder!.post(`/api/meetings/${meetingId}/agenda-items`, {
      caseFileId: caseB,
    });
    [itemA, itemB] = detail.body.agenda.map((item: { id: string }) => item.id);
  });
  afterAll(async () => {
    control.disconnectAll();
    await server.close();
  });

  it('admits parties and partners invited for one case to that item only', async () => {
    const chair = connect(users.voorzitter!);
    const joined = await call(chair, 'meeting:join', { meetingId });
    if (!joined.ok) throw new Error(joined.error.message);
    const { participants } = joined.state;
    expect(itemsOf(participants, 'gemeente')).toBe('all');
    expect(itemsOf(participants, 'uitvoerder')).toBe('all');
    expect(itemsOf(participants, 'rvdk')).toEqual([itemA]);
    expect(itemsOf(participants, 'ggz')).toEqual([itemA]);
    expect(itemsOf(participants, 'reclassering')).toEqual([itemB]);
    // Not involved in either case: not invited at all.
    expect(itemsOf(participants, 'politie')).toBeUndefined();

    // An item a participant is not admitted to is an anonymous placeholder in the meeting (art. 9.1, 10.5).
    const asSatellite = await users.ggz!.get(`/api/meetings/${meetingId}`);
    expect(asSatellite.body.agenda).toEqual([
      expect.objectContaining({
        id: itemA,
        admitted: true,
        subjectReference: expect.stringMatching(/^PGA-/),
      }),
      {
        id: itemB,
        position: 2,
        subjectReference: '',
        subjectName: null,
        weighingFileId: null,
        caseFileId: null,
        admitted: false,
      },
    ]);
    expect(asSatellite.text).not.toContain('Toegang-B');

    // The satellite works on the plan of its own case, and gets no byte of the other case's plan.
    const ownPlan = connectDoc(server, users.ggz!, doc(itemA, 'plan'));
    await until(() => ownPlan.provider.synced, 'satellite sync');
    ownPlan.provider.destroy();
    expect(await rawAttempt(server, doc(itemB, 'plan'), { cookie: users.ggz!.cookie! })).toEqual({
      code: CloseCode.Forbidden,
      frames: [],
    });
    const ownAnalysis = connectDoc(server, users.rvdk!, doc(itemA, 'analysis'));
    await until(() => ownAnalysis.provider.synced, 'case party sync');
    ownAnalysis.provider.destroy();
    expect(await rawAttempt(server, doc(itemB, 'analysis'), { cookie: users.rvdk!.cookie! })).toEqual({
      code: CloseCode.Forbidden,
      frames: [],
    });
  });

  it('lets only the chair admit, only within the convenant, and says why not', async () => {
    const chair = connect(users.voorzitter!);
    await call(chair, 'meeting:join', { meetingId });
    const executor = connect(users.uitvoerder!);
    await call(executor, 'meeting:join', { meetingId });

    const byExecutor = await call(executor, 'chair:admit', {
      meetingId,
      membershipId: membership.rvdk!,
      items: 'all',
    });
    expect(byExecutor).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    // GGZ is not involved in case B: the chair cannot admit it there (art. 9.1), and the refusal is audited.
    const notInvolved = await call(chair, 'chair:admit', {
      meetingId,
      membershipId: membership.ggz!,
      items: [itemA, itemB],
    });
    expect(notInvolved).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', rule: 'art. 9.1' } });
    const [denied] = await server.database.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.objectId, meetingId),
          eq(auditLog.fieldGroup, 'admission'),
          eq(auditLog.result, 'denied'),
        ),
      );
    expect(denied).toMatchObject({ action: 'update', rule: 'art. 9.1' });

    const organiser = await call(chair, 'chair:admit', {
      meetingId,
      membershipId: membership.uitvoerder!,
      items: [itemA],
    });
    expect(organiser).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', rule: 'art. 5' } });
    const stranger = await call(chair, 'chair:admit', {
      meetingId,
      membershipId: membership.politie!,
      items: [itemA],
    });
    expect(stranger).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const unknownItem = await call(chair, 'chair:admit', {
      meetingId,
      membershipId: membership.rvdk!,
      items: [membership.rvdk!],
    });
    expect(unknownItem).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const garbage = await call(chair, 'chair:admit', {
      meetingId,
      membershipId: membership.rvdk!,
      items: 'everything' as 'all',
    });
    expect(garbage).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('withdrawing an admission closes the open documents of that item at once; admitting again opens them', async () => {
    const chair = connect(users.voorzitter!);
    await call(chair, 'meeting:join', { meetingId });
    const open = connectDoc(server, users.gemeente!, doc(itemB, 'analysis'));
    await until(() => open.provider.synced, 'municipality sync');
    const elsewhere = connectDoc(server, users.gemeente!, doc(itemA, 'analysis'));
    await until(() => elsewhere.provider.synced, 'municipality sync A');

    const restricted = await call(chair, 'chair:admit', {
      meetingId,
      membershipId: membership.gemeente!,
      items: [itemA],
    });
    if (!restricted.ok) throw new Error(restricted.error.message);
    expect(itemsOf(restricted.state.participants, 'gemeente')).toEqual([itemA]);
    await until(() => open.closed.code === CloseCode.Forbidden, 'withdrawn item closed');
    // The admitted item stays open.
    expect(elsewhere.provider.wsconnected).toBe(true);
    open.provider.destroy();
    expect(await rawAttempt(server, doc(itemB, 'analysis'), { cookie: users.gemeente!.cookie! })).toEqual({
      code: CloseCode.Forbidden,
      frames: [],
    });

    const again = await call(chair, 'chair:admit', {
      meetingId,
      membershipId: membership.gemeente!,
      items: 'all',
    });
    expect(again.ok && itemsOf(again.state.participants, 'gemeente')).toBe('all');
    const reopened = connectDoc(server, users.gemeente!, doc(itemB, 'analysis'));
    await until(() => reopened.provider.synced, 'readmitted sync');
    reopened.provider.destroy();
    elsewhere.provider.destroy();
  });

  it('records attendance of an item only for those admitted to it', async () => {
    const chair = connect(users.voorzitter!);
    await call(chair, 'meeting:join', { meetingId });
    const probation = connect(users.reclassering!);
    await call(probation, 'meeting:join', { meetingId });
    await call(chair, 'chair:open', { meetingId });
    await call(chair, 'chair:discuss', { meetingId, itemId: itemA });
    await call(chair, 'chair:discuss', { meetingId, itemId: itemB });
    const attended = async (itemId: string) =>
      (
        await server.database.db
          .select({ membershipId: meetingAttendance.membershipId })
          .from(meetingAttendance)
          .where(eq(meetingAttendance.agendaItemId, itemId))
      ).map((row) => row.membershipId);
    expect(await attended(itemA)).not.toContain(membership.reclassering);
    expect(await attended(itemB)).toContain(membership.reclassering);
    expect(await attended(itemA)).toContain(membership.voorzitter);
  });
});
