import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { settleAuditBatched } from '../services/audit-batch';

declare module 'fastify' {
  interface FastifyInstance {
    lifecycle: {
      /**
       * The instance is shutting down (`app.close()`, e.g. on SIGTERM): new live handshakes are refused with "go
       * elsewhere", so that a client reconnecting at this moment lands on another instance, not on this one.
       */
      readonly draining: boolean;
    };
  }
}

/**
 * The instance's shutdown, in Fastify's order: `preClose` (this plugin's hook runs first, being registered
 * first) marks the instance draining; the live transports then close their connections with a reconnect code;
 * the HTTP server stops accepting (Fastify answers 503 to requests on kept-alive connections); then the
 * `onClose` hooks run last-registered first, so this plugin's hook runs last: the audit rows still queued by the
 * live connections' closes are written before the caller closes the database.
 */
export default fp(
  async (app: FastifyInstance) => {
    let draining = false;
    app.decorate('lifecycle', {
      get draining() {
        return draining;
      },
    });
    app.addHook('preClose', async () => {
      draining = true;
    });
    app.addHook('onClose', async () => {
      await settleAuditBatched(app.db);
    });
  },
  { name: 'lifecycle' },
);
