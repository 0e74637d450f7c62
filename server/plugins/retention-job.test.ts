import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { weighingFiles } from '../../db/schema/index';
import { buildApp } from '../app';
import { ConfigError, loadConfig } from '../config';
import { newSubjectSignal, startTestServer, type TestServer } from '../testing/harness';
import { until } from '../testing/live-clients';

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
      await server.database.db
        .update(weighingFiles)
        .set({ lastProcessedAt: new Date(Date.now() - 214 * 86_400_000) })
        .where(eq(weighingFiles.id, id));
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

  it('is configured in whole minutes, 0 switching it off', () => {
    expect(loadConfig({}).retentionIntervalMinutes).toBe(60);
    expect(loadConfig({ RETENTION_INTERVAL_MINUTES: '0' }).retentionIntervalMinutes).toBe(0);
    expect(() => loadConfig({ RETENTION_INTERVAL_MINUTES: 'hourly' })).toThrow(ConfigError);
  });
});
