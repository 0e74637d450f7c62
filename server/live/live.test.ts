import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../db/schema/index';
import * as Y from 'yjs';
import {
  MEASURE_KEYS,
  PLAN_GOAL_TEXT,
  PLAN_MEASURES_ARRAY,
  CloseCode,
  NOTES_TEXT,
  YJS_PATH,
  agendaEntryMap,
  criterionText,
  docName,
  readAgenda,
} from '../../shared/index';
import {
  newCaseFile,
  newWeighingItem,
  startTestServer,
  type TestClient,
  type TestServer,
} from '../testing/harness';
import { seedDocument } from './seed';
import { connectDoc as connect, rawAttempt, until } from '../testing/live-clients';

describe('live Yjs endpoint (y-websocket protocol)', () => {
  let server: TestServer;
  let executor: TestClient;
  let meetingId: string;
  let itemId: string;
  let analysis: string;

  beforeAll(async () => {
    server = await startTestServer();
    executor = await server.login('uitvoerder');
    ({ meetingId, itemId } = await newWeighingItem(server, 'Live-Subject'));
    analysis = docName({ meetingId, itemId, compartment: 'analysis' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('lets three participants edit one compartment concurrently and converge', async () => {
    const users = await Promise.all(['politie', 'gemeente', 'om'].map((u) => server.login(u)));
    const clients = users.map((user) => connect(server, user, analysis));
    await until(() => clients.every((c) => c.provider.synced), 'sync');
    clients.forEach((client, i) => {
      const text = client.doc.getText('analysis');
      for (let n = 0; n < 20; n++) text.insert(text.length, `${i}:${n};`);
    });
    const expectedLength = 3 * 20 * 4 + 3 * 10 * 1; // "i:n;" is 4 chars for n<10, 5 for n>=10
    await until(
      () => clients.every((c) => c.doc.getText('analysis').length === expectedLength),
      'convergence',
    );
    const states = clients.map((c) => c.doc.getText('analysis').toJSON());
    expect(new Set(states).size).toBe(1);
    for (const client of clients) client.provider.destroy();

    // What they wrote is durable: a late joiner loads it from the store.
    await server.app.live.store.drain();
    const late = connect(server, users[0]!, analysis);
    await until(() => late.provider.synced, 'late sync');
    expect(late.doc.getText('analysis').toJSON()).toBe(states[0]);
    late.provider.destroy();
  });

  it('starts identity and signals from the weighing file on the agenda, without the reporter (it is frozen into the minutes; art. 8.2c, 12)', async () => {
    const police = await server.login('politie');
    const identity = connect(server, police, docName({ meetingId, itemId, compartment: 'identity' }));
    const signals = connect(server, police, docName({ meetingId, itemId, compartment: 'signals' }));
    await until(() => identity.provider.synced && signals.provider.synced, 'seeded sync');
    expect(identity.doc.getText('identity').toJSON()).toContain('Naam: Live-Subject');
    const signalText = signals.doc.getText('signals').toJSON();
    expect(signalText).toContain('Signaal');
    expect(signalText).toContain('ingebracht door Politie');
    expect(signalText).not.toContain('melder@example.nl');
    identity.provider.destroy();
    signals.provider.destroy();
    // Seeded once: opening again does not add the text a second time.
    await server.app.live.store.drain();
    const again = connect(server, police, docName({ meetingId, itemId, compartment: 'identity' }));
    await until(() => again.provider.synced, 'second sync');
    expect(again.doc.getText('identity').toJSON().match(/Naam:/g)).toHaveLength(1);
    again.provider.destroy();
    // Two instances seeding at once produce the same Yjs items, which merge into one text.
    const name = docName({ meetingId, itemId, compartment: 'identity' });
    const [first, second] = await Promise.all([
      seedDocument(server.database.db, name),
      seedDocument(server.database.db, name),
    ]);
    const merged = new Y.Doc();
    Y.applyUpdate(merged, first!);
    Y.applyUpdate(merged, second!);
    expect(merged.getText('identity').toJSON().match(/Naam:/g)).toHaveLength(1);
  });

  it('relays structured content: measures added and edited at once by three people converge', async () => {
    // The plan of approach belongs to a casusoverleg (art. 9, 10.2e).
    const caseFileId = await newCaseFile(server, 'Plan-Subject', ['municipality', 'police', 'prosecution']);
    const caseMeeting = await executor.post('/api/meetings', {
      kind: 'case',
      title: 'Casusoverleg',
      scheduledAt: '2026-12-02T09:00:00Z',
    });
    const withCase = await executor.post(`/api/meetings/${caseMeeting.body.id}/agenda-items`, { caseFileId });
    const plan = docName({
      meetingId: caseMeeting.body.id,
      itemId: withCase.body.agenda[0].id,
      compartment: 'plan',
    });
    const users = await Promise.all(['politie', 'gemeente', 'om'].map((u) => server.login(u)));
    const clients = users.map((user) => connect(server, user, plan));
    await until(() => clients.every((c) => c.provider.synced), 'sync');
    clients.forEach((client, i) => {
      client.doc.transact(() => {
        const measure = new Y.Map<unknown>();
        measure.set(MEASURE_KEYS.id, randomUUID());
        measure.set(MEASURE_KEYS.description, new Y.Text(`maatregel ${i}`));
        measure.set(MEASURE_KEYS.status, 'planned');
        client.doc.getArray(PLAN_MEASURES_ARRAY).push([measure]);
        client.doc.getText(PLAN_GOAL_TEXT).insert(0, `doel ${i}; `);
      });
    });
    const measures = (c: (typeof clients)[number]) => c.doc.getArray<Y.Map<unknown>>(PLAN_MEASURES_ARRAY);
    await until(() => clients.every((c) => measures(c).length === 3), 'measures');
    // Two people change the same measure at once: different keys both stay, the same key settles on one value.
    measures(clients[0]!).get(0).set(MEASURE_KEYS.status, 'in_progress');
    measures(clients[1]!).get(0).set(MEASURE_KEYS.dueDate, '2027-03-01');
    (measures(clients[2]!).get(0).get(MEASURE_KEYS.description) as Y.Text).insert(0, '» ');
    const snapshot = (c: (typeof clients)[number]) =>
      JSON.stringify([c.doc.getText(PLAN_GOAL_TEXT).toJSON(), measures(c).toJSON()]);
    await until(
      () =>
        clients.every((c) => {
          const first = measures(c).get(0);
          return (
            first.get(MEASURE_KEYS.status) === 'in_progress' &&
            first.get(MEASURE_KEYS.dueDate) === '2027-03-01' &&
            (first.get(MEASURE_KEYS.description) as Y.Text).toJSON().startsWith('» ')
          );
        }),
      'measure edits',
    );
    expect(new Set(clients.map(snapshot)).size).toBe(1);
    for (const client of clients) client.provider.destroy();
  });

  it('stamps the real identity on awareness: a client cannot pose as someone else, nor say more than its field', async () => {
    const police = connect(server, await server.login('politie'), analysis);
    const municipality = connect(server, await server.login('gemeente'), analysis);
    police.provider.awareness.setLocalStateField('user', {
      name: 'De Burgemeester',
      organisation: 'Gemeente',
    });
    police.provider.awareness.setLocalStateField('cursor', 3);
    const criterion = criterionText('5f0c4a1e-2b3c-4d5e-8f90-a1b2c3d4e5f6');
    police.provider.awareness.setLocalStateField('field', criterion);
    await until(() => municipality.provider.awareness.getStates().has(police.doc.clientID), 'awareness');
    const seen = municipality.provider.awareness.getStates().get(police.doc.clientID)!;
    expect(seen.user).toEqual({
      name: 'Dirk Visser',
      organisation: 'Politie Eenheid Voorbeeld',
      role: 'member',
    });
    // Only the field being edited passes; anything else a client puts in its presence is dropped.
    expect(seen.field).toBe(criterion);
    expect(seen).not.toHaveProperty('cursor');
    // And only as an identifier of a field of this document: free text in its place reaches no one.
    police.provider.awareness.setLocalStateField('field', 'Canary: verdachte woont bij zijn oom');
    await until(
      () => municipality.provider.awareness.getStates().get(police.doc.clientID)?.field !== criterion,
      'awareness changed',
    );
    expect(municipality.provider.awareness.getStates().get(police.doc.clientID)?.field).toBeNull();
    police.provider.destroy();
    municipality.provider.destroy();
  });

  it('keeps the agenda and the notes for the chair and executor to write (art. 5); members read along', async () => {
    const agenda = docName({ meetingId, itemId: null, compartment: 'agenda' });
    const refusedWrites = () =>
      server.database.db
        .select()
        .from(auditLog)
        .where(
          and(eq(auditLog.objectId, agenda), eq(auditLog.action, 'update'), eq(auditLog.result, 'denied')),
        );
    const chair = connect(server, await server.login('voorzitter'), agenda);
    const member = connect(server, await server.login('gemeente'), agenda);
    await until(() => chair.provider.synced && member.provider.synced, 'agenda sync');
    chair.doc.transact(() => {
      const entry = chair.doc.getMap(agendaEntryMap(itemId));
      entry.set('minutes', 25);
      entry.set('status', 'discussing');
    });
    await until(() => member.doc.getMap(agendaEntryMap(itemId)).get('minutes') === 25, 'agenda entry');
    expect(readAgenda([{ id: itemId, position: 1 }], (id) => member.doc.getMap(agendaEntryMap(id)))).toEqual([
      { itemId, order: 1, minutes: 25, status: 'discussing' },
    ]);
    member.doc.getMap(agendaEntryMap(itemId)).set('status', 'done');
    await until(() => member.closed.code === CloseCode.Forbidden, 'read-only write refused');
    // The refusal is audited (art. 15), with the rule that makes the compartment read-only for the member.
    for (let i = 0; i < 100 && (await refusedWrites()).length === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await refusedWrites()).toEqual([
      expect.objectContaining({ fieldGroup: 'agenda', rule: 'art. 8.4' }),
    ]);
    expect(chair.doc.getMap(agendaEntryMap(itemId)).get('status')).toBe('discussing');
    chair.provider.destroy();
    member.provider.destroy();

    const notes = docName({ meetingId, itemId, compartment: 'notes' });
    const reader = connect(server, await server.login('politie'), notes);
    await until(() => reader.provider.synced, 'notes readable');
    reader.doc.getText(NOTES_TEXT).insert(0, 'not mine to write');
    await until(() => reader.closed.code === CloseCode.Forbidden, 'notes write refused');
    reader.provider.destroy();
  });

  it('refuses, with a documented close code and no document bytes: no session, a non-participant, a bad origin', async () => {
    const nobody = await rawAttempt(server, analysis, {});
    expect(nobody).toEqual({ code: CloseCode.NotAuthenticated, frames: [] });

    const satellite = await server.login('ggz');
    const outsider = await rawAttempt(server, analysis, { cookie: satellite.cookie! });
    expect(outsider).toEqual({ code: CloseCode.Forbidden, frames: [] });

    const police = await server.login('politie');
    const hijack = await rawAttempt(server, analysis, {
      cookie: police.cookie!,
      origin: 'https://evil.example',
    });
    expect(hijack).toEqual({ code: CloseCode.OriginRefused, frames: [] });

    const unknown = await rawAttempt(server, `meeting/${meetingId}/item/${itemId}/nonsense`, {
      cookie: police.cookie!,
    });
    expect(unknown).toEqual({ code: CloseCode.UnknownDocument, frames: [] });
  });

  it('closes a connection that sends garbage, and keeps serving the others', async () => {
    const police = await server.login('politie');
    const healthy = connect(server, police, analysis);
    await until(() => healthy.provider.synced, 'sync');
    for (const frame of [Buffer.from([0, 2, 200, 1, 2]), Buffer.from([9, 9]), Buffer.from('hello')]) {
      const result = await new Promise<number>((resolve) => {
        const ws = new WebSocket(`${server.url.replace('http', 'ws')}${YJS_PATH}/${analysis}`, {
          headers: { cookie: police.cookie! },
        });
        ws.on('open', () => ws.send(frame, { binary: !frame.equals(Buffer.from('hello')) }));
        ws.on('close', (code) => resolve(code));
      });
      expect(result).toBe(CloseCode.BadMessage);
    }
    healthy.doc.getText('analysis').insert(0, 'still alive ');
    const other = connect(server, police, analysis);
    await until(() => other.doc.getText('analysis').toJSON().startsWith('still alive '), 'healthy edit');
    healthy.provider.destroy();
    other.provider.destroy();
  });
});
