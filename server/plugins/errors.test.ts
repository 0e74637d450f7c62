import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../testing/harness';

const CANARY = 'Canary-In-Log-4e1d';
/** A signal whose every personal field carries the canary. */
const CANARY_SIGNAL = {
  subject: { name: CANARY, address: `${CANARY} straat 1` },
  description: `${CANARY} description`,
  observedOn: '2026-11-01',
  reporter: { name: `${CANARY} reporter`, contact: 'x' },
  phenomenon: 'other',
  setting: 'offline',
};

describe('errors and logs', () => {
  let server: TestServer;
  const logs: string[] = [];
  beforeAll(async () => {
    server = await startTestServer({ LOG_LEVEL: 'info' }, logs);
    // A fault inside the database, on the very insert that carries the personal data.
    await server.database.asOwner((owner) =>
      owner.execute(sql`
      create function weighing.fail_insert() returns trigger language plpgsql as $$
      begin raise exception 'simulated storage fault'; end $$`),
    );
    await server.database.asOwner((owner) =>
      owner.execute(sql`
      create trigger fail_insert before insert on weighing.weighing_files
      for each row execute function weighing.fail_insert()`),
    );
  });
  afterAll(async () => {
    await server.close();
  });

  it('answer a database fault with a 500 that tells nothing, and log it without the personal data sent', async () => {
    const police = await server.login('politie');
    const response = await police.post('/api/signals', CANARY_SIGNAL);
    expect(response.status).toBe(500);
    expect(response.body.error.code).toBe('INTERNAL');
    expect(response.text).not.toContain(CANARY);
    const failure = logs.find((line) => line.includes('request failed'));
    expect(failure).toContain('insert into \\"weighing\\".\\"weighing_files\\"');
    expect(logs.join('\n')).not.toContain(CANARY);
  });

  it('answer a transaction that lost a race (a deadlock) with a 409 that says to try again, and log it', async () => {
    // The same insert now fails the way the loser of a deadlock does: rolled back whole.
    await server.database.asOwner((owner) =>
      owner.execute(sql`
      create or replace function weighing.fail_insert() returns trigger language plpgsql as $$
      begin raise exception 'deadlock detected' using errcode = '40P01'; end $$`),
    );
    const police = await server.login('politie');
    const response = await police.post('/api/signals', CANARY_SIGNAL);
    expect(response.status).toBe(409);
    expect(response.body.error).toEqual({
      code: 'CONFLICT',
      message:
        'Another change was made at the same moment, so yours could not be completed; reload and try again',
    });
    expect(logs.some((line) => line.includes('lost a race with another transaction'))).toBe(true);
    expect(logs.join('\n')).not.toContain(CANARY);
  });
});
