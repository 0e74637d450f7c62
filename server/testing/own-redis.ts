import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A Redis of this test's own, which it stops and starts (never the shared one). */
export async function ownRedis() {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
  const dir = await mkdtemp(join(tmpdir(), 'casustafel-redis-'));
  const cli = (...args: string[]) => run('redis-cli', ['-p', String(port), ...args]);
  const up = async () => {
    await run('redis-server', [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'yes',
      '--dir',
      dir,
      '--pidfile',
      join(dir, 'redis.pid'),
      '--logfile',
      join(dir, 'redis.log'),
    ]);
    const start = Date.now();
    for (;;) {
      const pong = await cli('ping').then(
        ({ stdout }) => stdout.trim(),
        () => '',
      );
      if (pong === 'PONG') return;
      if (Date.now() - start > 10_000) throw new Error('the test Redis did not start');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const down = async () => {
    await cli('shutdown', 'nosave').catch(() => undefined);
  };
  await up();
  return {
    url: `redis://127.0.0.1:${port}`,
    up,
    down,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
