import type { Database } from '../db/client';
import type { Actor } from '../shared/index';
import type { Config } from './config';

// Typed decorators (fastify/demo style): what the app plugins add to the instance and to each request.
declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    config: Config;
    databaseDriver: 'pglite' | 'postgres';
  }
  interface FastifyRequest {
    /** The authenticated actor, set by the session plugin; null on public routes without a session. */
    actor: Actor | null;
    /** The raw session token from the cookie, when it resolved to a live session. */
    sessionToken: string | null;
  }
  interface FastifyContextConfig {
    /** Route answers without a session (login, health). Every other /api route requires one. */
    public?: boolean;
  }
}
