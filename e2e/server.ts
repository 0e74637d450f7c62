import { startCasustafel } from '../server/start';

export const DEMO_PASSWORD = 'e2e-demo-password';

export type E2eServer = Awaited<ReturnType<typeof startCasustafel>>;

/**
 * The whole app (API and built client) on a free port, with an in-memory PGlite database and the demo logins;
 * `settings` adds or overrides environment settings (e.g. RETENTION_INTERVAL_MINUTES).
 */
export async function startE2eServer(settings: Record<string, string> = {}): Promise<E2eServer> {
  return startCasustafel({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: 'memory://',
    DEMO: '1',
    DEMO_PASSWORD,
    LOG_LEVEL: 'warn',
    ...settings,
  });
}
