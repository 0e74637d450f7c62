import { ConfigError } from './config';
import { startCasustafel } from './start';

try {
  const running = await startCasustafel(process.env);
  running.app.log.info(`Casustafel listens on ${running.url} (database: ${running.database.driver})`);
  // Once, for the person who just typed `npm start`: where to go, and how to get in.
  if (running.config.demo)
    console.log(
      `\nCasustafel is ready: open ${running.url} in your browser.\n` +
        'Demo environment: the demo logins (voorzitter, uitvoerder, politie, …) are listed in README.md under "Demo logins".\n',
    );
  const stop = (signal: string) => {
    running.app.log.info(`${signal}: shutting down`);
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error('Casustafel could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
}
