import { startCasustafel } from '../server/start';

export const DEMO_PASSWORD = 'e2e-demo-password';

export interface E2eServer {
  url: string;
  close(): Promise<void>;
}

/** The whole app (API and built client) on a free port, with an in-memory PGlite database and the demo logins. */
export async function startE2eServer(): Promise<E2eServer> {
  const running = await startCasustafel({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: 'memory://',
    DEMO: '1',
    DEMO_PASSWORD,
    LOG_LEVEL: 'warn',
  });
  return { url: running.url, close: () => running.close() };
}
