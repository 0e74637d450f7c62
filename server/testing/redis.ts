import { createConnection } from 'node:net';

/** The Redis the tests share: the development machine's and CI's, on its standard port. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Does something answer on the test Redis's port? */
export function redisReachable(url = TEST_REDIS_URL): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || 6379) });
    const done = (reachable: boolean) => {
      socket.destroy();
      resolve(reachable);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.setTimeout(1000, () => done(false));
  });
}

/**
 * Whether to skip the tests that need Redis: only outside CI, when no Redis runs (a newcomer's machine). In CI
 * (`CI` set, as `.ci/run` does) they always run, so a missing Redis fails instead of passing unseen.
 */
export const skipWithoutRedis = async () => !process.env.CI && !(await redisReachable());
