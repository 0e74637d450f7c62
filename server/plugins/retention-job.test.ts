import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, like } from 'drizzle-orm';
import { weighingFiles, yjsHeads, yjsUpdates } from '../../db/schema/index';
import { docName } from '../../shared/index';
import { buildApp } from '../app';
import { ConfigError, loadConfig } from '../config';
import { setLastProcessed } from '../testing/database-clock';
import {
  newSubjectSignal,
  newWeighingItem,
  recordDecision,
  startTestServer,
  type TestServer,
} from '../testing/harness';
import { connectDoc, controlClients, until } from '../testing/live-clients';

/** The retention job runs at start and then periodically (art. 13), and logs counts, never subjects. */
describe('retention job plugin', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('runs when the server starts, and on demand, logging counts only', async () => {
    const police = await server.login('politie');
    const fileOf = async (name: string) => {
      const signal = await police.post('/api/signals', newSubjectSignal(name));
      const id = signal.body.weighingFileId as string;
      // Seven months without processing: due for destruction (art. 13.3).
      await setLastProcessed(
        server.database,
        { kind: 'weighing', id },
        new Date(Date.now() - 214 * 86_400_000),
      );
      return id;
    };
    const destroyed = async (id: string) =>
      (await server.database.db.select().from(weighingFiles).where(eq(weighingFiles.id, id)))[0]!
        .destroyedAt !== null;
    const atStart = await fileOf('RetentieBijStart');

    // A second instance on the same database, with the job on: it runs as it starts.
    const logs: string[] = [];
    const app = await buildApp(
      loadConfig({ LOG_LEVEL: 'info', CLIENT_DIR: '/nonexistent', RETENTION_INTERVAL_MINUTES: '60' }),
      server.database,
      { logStream: { write: (line: string) => void logs.push(line) } },
    );
    try {
      await app.ready();
      await until(() => logs.some((line) => line.includes('retention job: done')), 'the job ran at start');
      expect(await destroyed(atStart)).toBe(true);
      const onDemand = await fileOf('RetentieOpVerzoek');
      await app.retention.runNow();
      expect(await destroyed(onDemand)).toBe(true);
      const line = logs.find((l) => l.includes('retention job: done'))!;
      expect(JSON.parse(line)).toMatchObject({ destroyed: 1, archived: 0 });
      expect(logs.join('\n')).not.toContain('RetentieBijStart');
    } finally {
      await app.close();
    }
  });

  it("drops a destroyed file's live documents from memory, without writing them back (art. 13)", async () => {
    const control = controlClients(() => server);
    const { meetingId, itemId, weighingFileId } = await newWeighingItem(server, 'RetentieGeheugen');
    const chair = control.connect(await server.login('voorzitter'));
    await control.call(chair, 'meeting:join', { meetingId });
    await control.call(chair, 'chair:open', { meetingId });
    const name = docName({ meetingId, itemId, compartment: 'analysis' });
    const writer = connectDoc(server, await server.login('politie'), name);
    await until(() => writer.provider.synced, 'sync');
    writer.doc.getText('analysis').insert(0, 'RetentieGeheugenAnalyse');
    await server.app.live.store.drain();
    await recordDecision(server, weighingFileId, { outcome: 'not_substantial', meetingId });
    expect(await control.close(chair, meetingId)).toMatchObject({ ok: true });
    writer.provider.destroy();
    control.disconnectAll();
    // The meeting is closed, but the document is still held until it has been idle a while.
    expect(server.app.live.registry.holds(name)).toBe(true);
    await setLastProcessed(
      server.database,
      { kind: 'weighing', id: weighingFileId },
      new Date(Date.now() - 214 * 86_400_000),
    );
    await server.app.retention.runNow();
    expect(server.app.live.registry.holds(name)).toBe(false);
    const stored = await server.database.db
      .select({ id: yjsUpdates.id })
      .from(yjsUpdates)
      .where(like(yjsUpdates.docName, `meeting/${meetingId}/item/${itemId}/%`));
    expect(stored).toEqual([]);
    const heads = await server.database.db
      .select()
      .from(yjsHeads)
      .where(like(yjsHeads.docName, `meeting/${meetingId}/item/${itemId}/%`));
    expect(heads).toEqual([]);
  });

  it('is configured in whole minutes, 0 switching it off', () => {
    expect(loadConfig({}).retentionIntervalMinutes).toBe(60);
    expect(loadConfig({ RETENTION_INTERVAL_MINUTES: '0' }).retentionIntervalMinutes).toBe(0);
    expect(() => loadConfig({ RETENTION_INTERVAL_MINUTES: 'hourly' })).toThrow(ConfigError);
  });
});
