import { ConfigError } from './config';
import { loggableError } from './safe-log';
import { startCasustafel } from './start';

/**
 * How long a graceful shutdown may take (live clients told to reconnect elsewhere, requests answered, the Yjs
 * store and the audit rows written, database and Redis closed) before the process exits anyway.
 */
const SHUTDOWN_LIMIT_MS = 10_000;

try {
  const running = await startCasustafel(process.env);
  running.app.log.info(`Casustafel listens on ${running.url} (database: ${running.database.driver})`);
  // Once, for the person who just typed `npm start`: where to go, and how to get in.
  if (running.config.demo)
    console.log(
      `\nCasustafel is ready: open ${running.url} in your browser.\n` +
        'Demo environment: the demo logins (voorzitter, uitvoerder, politie, …) are listed in README.md under "Demo logins".\n',
    );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      // A second signal: the operator does not want to wait.
      running.app.log.error(`${signal} during shutdown: exiting at once`);
      process.exit(1);
    }
    stopping = true;
    running.app.log.info(`${signal}: shutting down`);
    const limit = setTimeout(() => {
      running.app.log.error(`shutdown took longer than ${SHUTDOWN_LIMIT_MS / 1000} s: exiting anyway`);
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS);
    limit.unref();
    running.close().then(
      () => {
        running.app.log.info('shut down');
        process.exit(0);
      },
      (error: unknown) => {
        running.app.log.error({ error: loggableError(error) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error('Casustafel could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
}
