import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../db/schema/index';
import {
  CloseCode,
  LAWFUL_SHARING_DEFAULTS,
  docName,
  type CovenantView,
  type DisclosureView,
  type Me,
  type PartyView,
} from '../../shared/index';
import { newCaseFile, startTestServer, type TestClient, type TestServer } from '../testing/harness';
import { connectDoc, controlClients, rawAttempt, until } from '../testing/live-clients';
import type { DomainEvent } from '../events/events';

const CANARY = 'CANARY-politie-signaal-7731';

/**
 * Doorverstrekking (art. 10.5): "Andere persoonsgegevens worden slechts verstrekt indien dit noodzakelijk is voor
 * hun bijdrage en de partijen daarmee instemmen; de verstrekking wordt vastgelegd ... met de noodzaak en de aard
 * van de gegevens."
 */
describe('disclosure to an external partner (art. 10.5)', () => {
  let server: TestServer;
  let caseFileId: string;
  let meetingId: string;
  let itemId: string;
  let covenant: CovenantView;
  const users: Record<string, TestClient> = {};
  const control = controlClients(() => server);
  const party = (type: PartyView['organisationType']) =>
    covenant.parties.find((p) => p.organisationType === type)!.id;
  const proposal = (overrides: Record<string, unknown> = {}) => ({
    compartment: 'analysis',
    recipientPartyId: party('mental_health'),
    ...LAWFUL_SHARING_DEFAULTS,
    necessity: 'GGZ heeft de signalen nodig om de behandeling op het plan af te stemmen',
    dataKind: 'analyse van de politie tegen het referentiekader',
    care: 'alleen voor de behandelaar; geheimhouding (art. 14)',
    ...overrides,
  });
  const analysis = () => docName({ meetingId, itemId, compartment: 'analysis' });

  beforeAll(async () => {
    server = await startTestServer();
    for (const name of ['voorzitter', 'uitvoerder', 'gemeente', 'politie', 'rvdk', 'reclassering', 'ggz'])
      users[name] = await server.login(name);
    covenant = (await users.politie!.get<CovenantView>('/api/covenant')).body;
    // The police brought the signal, so the case's data is the police's to consent to (art. 10.2c).
    caseFileId = await newCaseFile(server, 'Disclosure-Subject', ['municipality', 'police', 'mental_health']);
    const meeting = await users.uitvoerder!.post('/api/meetings', {
      kind: 'case',
      title: 'Casusoverleg',
      scheduledAt: '2026-12-02T09:00:00Z',
    });
    meetingId = meeting.body.id;
    const detail = await users.uitvoerder!.post(`/api/meetings/${meetingId}/agenda-items`, { caseFileId });
    itemId = detail.body.agenda[0].id;
  });
  afterAll(async () => {
    control.disconnectAll();
    await server.close();
  });

  it('is proposed only by a party involved in the case, to an external partner involved in it, with its grounds', async () => {
    const base = `/api/case-files/${caseFileId}/disclosures`;
    const bySatellite = await users.ggz!.post(base, proposal());
    expect(bySatellite.status).toBe(403);
    expect(bySatellite.body.error.rule).toBe('art. 10.5');
    const byOutsider = await users.reclassering!.post(base, proposal());
    expect(byOutsider.status).toBe(403);
    expect(byOutsider.body.error.rule).toBe('art. 9.1');
    const toCaseParty = await users.politie!.post(
      base,
      proposal({ recipientPartyId: party('child_protection_board') }),
    );
    expect(toCaseParty.status).toBe(422);
    expect(toCaseParty.body.error.field).toBe('body.recipientPartyId');
    const toUninvolved = await users.politie!.post(
      base,
      proposal({ recipientPartyId: party('youth_protection') }),
    );
    expect(toUninvolved.status).toBe(422);
    expect(toUninvolved.body.error.rule).toBe('art. 9.1');
    const planIsTheirsAnyway = await users.politie!.post(base, proposal({ compartment: 'plan' }));
    expect(planIsTheirsAnyway.status).toBe(400);
    const noNecessity = await users.politie!.post(base, proposal({ necessity: '' }));
    expect(noNecessity.status).toBe(400);
    expect(noNecessity.body.error.field).toContain('necessity');
  });

  it('takes effect only with the consents, reaches the partner live, and stops at once when revoked', async () => {
    // The police write their analysis of the case during the meeting.
    const police = connectDoc(server, users.politie!, analysis());
    await until(() => police.provider.synced, 'police sync');
    police.doc.getText('analysis').insert(0, `${CANARY} `);
    await server.app.live.store.drain();

    const chairSocket = control.connect(users.voorzitter!);
    await control.call(chairSocket, 'meeting:join', { meetingId });

    const proposed = await users.politie!.post<DisclosureView>(
      `/api/case-files/${caseFileId}/disclosures`,
      proposal(),
    );
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({
      state: 'proposed',
      compartment: 'analysis',
      owner: { partyId: party('police') },
      requiredConsents: ['chair', 'owner'],
      consents: [{ capacity: 'owner', decision: 'consent' }],
      myCapacities: [],
    });
    // Proposed is not consented: the partner still gets no byte of it.
    expect(await rawAttempt(server, analysis(), { cookie: users.ggz!.cookie! })).toEqual({
      code: CloseCode.Forbidden,
      frames: [],
    });
    const again = await users.politie!.post(`/api/case-files/${caseFileId}/disclosures`, proposal());
    expect(again.status).toBe(409);
    // The municipality's consent is not asked for.
    const notAsked = await users.gemeente!.post(
      `/api/case-files/${caseFileId}/disclosures/${proposed.body.id}/decision`,
      { decision: 'consent' },
    );
    expect(notAsked.status).toBe(403);

    const disclosed = control.nextState(chairSocket, (s) => s.disclosures.some((d) => d.state === 'active'));
    const consented = await users.voorzitter!.post<DisclosureView>(
      `/api/case-files/${caseFileId}/disclosures/${proposed.body.id}/decision`,
      { decision: 'consent' },
    );
    expect(consented.status).toBe(200);
    expect(consented.body.state).toBe('active');
    expect((await disclosed).disclosures).toEqual([
      {
        id: proposed.body.id,
        itemId,
        compartment: 'analysis',
        recipientPartyId: party('mental_health'),
        state: 'active',
      },
    ]);

    // The partner reads the field (only that one), live.
    const satellite = connectDoc(server, users.ggz!, analysis());
    await until(() => satellite.provider.synced || satellite.closed.code !== null, 'satellite opens');
    expect(satellite.closed.code).toBeNull();
    await until(() => satellite.doc.getText('analysis').toJSON().includes(CANARY), 'disclosed field');
    police.doc.getText('analysis').insert(0, 'live: ');
    await until(() => satellite.doc.getText('analysis').toJSON().startsWith('live: '), 'live update');
    expect(
      (
        await rawAttempt(server, docName({ meetingId, itemId, compartment: 'signals' }), {
          cookie: users.ggz!.cookie!,
        })
      ).code,
    ).toBe(CloseCode.Forbidden);
    const ownList = await users.ggz!.get(`/api/case-files/${caseFileId}/disclosures`);
    expect(ownList.body.disclosures).toEqual([
      expect.objectContaining({ id: proposed.body.id, necessity: proposal().necessity, state: 'active' }),
    ]);

    // Revoked: the partner's connection closes at once and nothing more reaches it.
    const ended = control.nextState(chairSocket, (s) => s.disclosures.length === 0);
    // Subscribed after the live transports, so it runs once they are done (one after another): it counts the
    // partner's connections to the field still open on the server at that moment.
    const partner = (await users.ggz!.get<{ me: Me }>('/api/session')).body.me.membershipId;
    const heard: DomainEvent[] = [];
    let stillOpen = 0;
    const stop = server.app.events.subscribe('disclosure.changed', async (event) => {
      heard.push(event);
      await server.app.live.registry.closeWhere(
        (name, peer) => {
          if (name === analysis() && peer.membershipId === partner) stillOpen += 1;
          return false;
        },
        CloseCode.Forbidden,
        'probe',
      );
    });
    const revoked = await users.politie!.post<DisclosureView>(
      `/api/case-files/${caseFileId}/disclosures/${proposed.body.id}/revoke`,
    );
    stop();
    expect(revoked.status).toBe(200);
    // The route answered after the revocation went over the bus, its effects done: ids and codes only.
    expect(heard).toEqual([
      {
        type: 'disclosure.changed',
        caseFileId,
        revoked: { compartment: 'analysis', recipientPartyId: party('mental_health') },
      },
    ]);
    expect(stillOpen).toBe(0);
    expect(revoked.body).toMatchObject({ state: 'revoked', revokedAt: expect.any(String) });
    await until(
      () => satellite.closed.code === CloseCode.Forbidden,
      'revocation closes the connection',
      1000,
    );
    await ended;
    police.doc.getText('analysis').insert(0, 'after revocation ');
    await server.app.live.store.drain();
    expect(satellite.doc.getText('analysis').toJSON()).not.toContain('after revocation');
    expect((await rawAttempt(server, analysis(), { cookie: users.ggz!.cookie! })).frames).toEqual([]);
    satellite.provider.destroy();
    police.provider.destroy();

    // Every step is in the audit log, under the subject, without the content.
    const steps = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.objectType, 'disclosure'), eq(auditLog.objectId, proposed.body.id)));
    expect(steps.map((s) => [s.action, s.fieldGroup, s.result])).toEqual(
      expect.arrayContaining([
        ['create', 'analysis', 'allowed'],
        ['update', 'consent', 'allowed'],
        ['update', 'revoke', 'allowed'],
      ]),
    );
    expect(JSON.stringify(steps)).not.toContain(CANARY);
  });

  it('a refusal by a required consenter ends the proposal', async () => {
    const proposed = await users.politie!.post<DisclosureView>(
      `/api/case-files/${caseFileId}/disclosures`,
      proposal({ compartment: 'signals', dataKind: 'beschrijving van de signalen' }),
    );
    const refused = await users.voorzitter!.post<DisclosureView>(
      `/api/case-files/${caseFileId}/disclosures/${proposed.body.id}/decision`,
      { decision: 'refuse' },
    );
    expect(refused.body.state).toBe('refused');
    const late = await users.voorzitter!.post(
      `/api/case-files/${caseFileId}/disclosures/${proposed.body.id}/decision`,
      { decision: 'consent' },
    );
    expect(late.status).toBe(409);
    expect(
      (
        await rawAttempt(server, docName({ meetingId, itemId, compartment: 'signals' }), {
          cookie: users.ggz!.cookie!,
        })
      ).frames,
    ).toEqual([]);
  });
});
