import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { loginFailures } from '../../db/schema/index';
import { LOGIN_THROTTLE, usernameKey } from '../services/sessions';
import { TEST_PASSWORD, startTestServer, type TestServer } from '../testing/harness';

/** Login throttling per account and per client address (convenant art. 15.2d), at the wire. */
describe('login throttling by account and address', () => {
  let server: TestServer;
  beforeAll(async () => {
    // Behind a proxy the client address comes from X-Forwarded-For, which lets the test speak from many addresses.
    server = await startTestServer({ TRUST_PROXY: '1' });
  });
  afterAll(async () => {
    await server.close();
  });

  const login = (username: string, password: string, address: string) =>
    server
      .anonymous()
      .request('POST', '/api/session', { username, password }, { 'x-forwarded-for': address });

  it('an account guessed from one address stays open from another, and the owner does not clear the guesses', async () => {
    for (let i = 0; i < LOGIN_THROTTLE.accountFromAddress; i++)
      expect((await login('om', `guess-${i}`, '198.51.100.1')).status).toBe(401);
    const guesser = await login('om', TEST_PASSWORD, '198.51.100.1');
    expect(guesser.status).toBe(429);
    expect(guesser.body.error.code).toBe('LOGIN_THROTTLED');
    expect(Number(guesser.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    expect((await login('om', TEST_PASSWORD, '203.0.113.7')).status).toBe(200);
    // The failures counted from the guessing address stay (asserted on the rows, not on a clock).
    const left = await server.database.db
      .select()
      .from(loginFailures)
      .where(and(eq(loginFailures.usernameKey, 'om'), eq(loginFailures.address, '198.51.100.1')));
    expect(left).toHaveLength(LOGIN_THROTTLE.accountFromAddress);
  });

  it('an address trying many accounts is throttled for every account, other addresses are not', async () => {
    for (let i = 0; i < LOGIN_THROTTLE.address; i++)
      expect((await login(`nobody-${i}`, 'wrong-password', '198.51.100.2')).status).toBe(401);
    const next = await login('politie', TEST_PASSWORD, '198.51.100.2');
    expect(next.status).toBe(429);
    expect(next.body.error.code).toBe('LOGIN_THROTTLED');
    expect(Number(next.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await login('politie', TEST_PASSWORD, '198.51.100.3')).status).toBe(200);
  });

  it('a guess spread over many addresses still meets the ceiling of the account', async () => {
    // As many failures as a distributed guess leaves, one per address, more than the ceiling allows.
    const now = new Date();
    await server.database.db.insert(loginFailures).values(
      Array.from({ length: LOGIN_THROTTLE.account + 3 }, (_, i) => ({
        id: randomUUID(),
        usernameKey: usernameKey('gemeente'),
        address: `10.0.${Math.floor(i / 250)}.${i % 250}`,
        failedAt: now,
      })),
    );
    const fresh = await login('gemeente', TEST_PASSWORD, '192.0.2.99');
    expect(fresh.status).toBe(429);
    expect(Number(fresh.headers.get('retry-after'))).toBeGreaterThanOrEqual(8);
    // Another account from that address is not affected.
    expect((await login('rvdk', TEST_PASSWORD, '192.0.2.99')).status).toBe(200);
  });
});
