import { LIVE_LIMITS } from '../shared/index';
/**
 * Configuration from environment variables, validated once at boot. A wrong value stops the server with a
 * message that names the variable and what is wrong (ConfigError).
 */
export interface Config {
  port: number;
  host: string;
  /** PostgreSQL URL; when absent the embedded PGlite store in dataDir is used. */
  databaseUrl: string | null;
  /**
   * PostgreSQL URL of the owner role that runs the migrations and grants the application role (DATABASE_URL)
   * its privileges; when absent DATABASE_URL migrates too, and the server warns that the roles are not separated.
   */
  migrationDatabaseUrl: string | null;
  /**
   * Redis URL (REDIS_URL). When set, the server runs as one of several instances: domain events (server/events/)
   * cross to the others over Redis. It needs DATABASE_URL: every instance works on the same PostgreSQL database.
   */
  redisUrl: string | null;
  /**
   * The Redis channel (and prefix of the per-document channels) the instances of one deployment share; another
   * deployment on the same Redis takes another.
   */
  redisChannel: string;
  dataDir: string;
  /**
   * The key store (db/keystore) in a PostgreSQL database of its own, whose backups are kept briefly
   * (KEYSTORE_DATABASE_URL). Without it, with DATABASE_URL, the keys share the application's database and the
   * server warns that destruction then does not reach that database's backups.
   */
  keystoreDatabaseUrl: string | null;
  /** The embedded key store's directory (KEYSTORE_DIR); by default `<DATA_DIR>-keys`. */
  keystoreDir: string | null;
  /** Create the demo covenant and logins when the database is empty. */
  demo: boolean;
  demoPassword: string;
  /**
   * The origin browsers use to reach this server (scheme, host, port), e.g. https://casustafel.example.nl. When
   * absent, the local origins http://localhost:PORT and http://127.0.0.1:PORT of the bound port (see
   * server/origin-policy.ts).
   */
  publicOrigin: string | null;
  /** Extra origins (and their hosts) allowed besides the public one, e.g. a development server. */
  allowedOrigins: string[];
  /** 'auto' sets the Secure cookie flag when the request came over HTTPS. */
  cookieSecure: 'auto' | boolean;
  /**
   * Trust X-Forwarded-* from a reverse proxy: client IPs in the audit log (REST and live) and the host checked
   * against the allowed origins come from X-Forwarded-For and X-Forwarded-Host.
   */
  trustProxy: boolean;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Directory of the built client; served at `/`. */
  clientDir: string;
  /** How often the retention job (art. 13) runs, in minutes; it also runs at start. 0 switches it off. */
  retentionIntervalMinutes: number;
  /** Caps on live connections (see LIVE_LIMITS); over a cap a connection is refused with 4429. */
  liveMaxConnectionsPerUser: number;
  liveMaxConnectionsPerAddress: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Configuration error: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_DEMO_PASSWORD = 'casustafel-demo';

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

/** A positive decimal number (e.g. 0.02): session timeouts finer than a minute, for tests of expiry. */
function decimal(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+(\.\d+)?$/.test(raw))
    throw new ConfigError(name, `must be a number such as 30 or 0.5, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `must be 1/true/yes/on or 0/false/no/off, got "${raw}"`);
}

function origin(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(
      name,
      `contains "${raw}", which is not a URL such as https://casustafel.example.nl`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(name, `contains "${raw}": only http and https origins are allowed`);
  }
  // An origin is scheme, host and port only; a path or credentials would suggest a check that is not made.
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    throw new ConfigError(name, `contains "${raw}": give scheme, host and port only, without a path`);
  }
  return url.origin;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: Env = process.env): Config {
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'must start with postgres:// or postgresql://');
  }
  const migrationDatabaseUrl = env.MIGRATION_DATABASE_URL?.trim() || null;
  if (migrationDatabaseUrl !== null && !/^postgres(ql)?:\/\//.test(migrationDatabaseUrl)) {
    throw new ConfigError('MIGRATION_DATABASE_URL', 'must start with postgres:// or postgresql://');
  }
  if (migrationDatabaseUrl !== null && databaseUrl === null) {
    throw new ConfigError('MIGRATION_DATABASE_URL', 'needs DATABASE_URL (the application role) as well');
  }
  const keystoreDatabaseUrl = env.KEYSTORE_DATABASE_URL?.trim() || null;
  if (keystoreDatabaseUrl !== null && !/^postgres(ql)?:\/\//.test(keystoreDatabaseUrl)) {
    throw new ConfigError('KEYSTORE_DATABASE_URL', 'must start with postgres:// or postgresql://');
  }
  if (keystoreDatabaseUrl !== null && keystoreDatabaseUrl === databaseUrl) {
    throw new ConfigError(
      'KEYSTORE_DATABASE_URL',
      'must name another database than DATABASE_URL: the keys are kept apart from the content they open',
    );
  }
  const redisUrl = env.REDIS_URL?.trim() || null;
  if (redisUrl !== null && !/^rediss?:\/\//.test(redisUrl)) {
    throw new ConfigError('REDIS_URL', 'must start with redis:// or rediss://');
  }
  if (redisUrl !== null && databaseUrl === null) {
    // PGlite is one process's embedded database: instances next to each other would each have their own.
    throw new ConfigError(
      'REDIS_URL',
      'needs DATABASE_URL (PostgreSQL) as well: several instances share one PostgreSQL database, and the embedded PGlite store belongs to a single process',
    );
  }
  const logLevel = (env.LOG_LEVEL ?? 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }
  const cookieSecureRaw = env.COOKIE_SECURE ?? 'auto';
  const cookieSecure = cookieSecureRaw === 'auto' ? 'auto' : flag(env, 'COOKIE_SECURE', false);
  const demoPassword = env.DEMO_PASSWORD ?? DEFAULT_DEMO_PASSWORD;
  if (demoPassword.length < 8) throw new ConfigError('DEMO_PASSWORD', 'must be at least 8 characters long');
  const demo = flag(env, 'DEMO', databaseUrl === null);
  // Demo logins with the published password are for this machine only: another machine on the network must not
  // reach them unless HOST says so.
  const host = env.HOST?.trim() || (demo && demoPassword === DEFAULT_DEMO_PASSWORD ? '127.0.0.1' : '0.0.0.0');

  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host,
    databaseUrl,
    migrationDatabaseUrl,
    redisUrl,
    redisChannel: env.REDIS_CHANNEL?.trim() || 'casustafel:events',
    dataDir: env.DATA_DIR?.trim() || './data',
    keystoreDatabaseUrl,
    keystoreDir: env.KEYSTORE_DIR?.trim() || null,
    // Demo data by default only on the embedded store: never on PostgreSQL unless DEMO=1 asks for it.
    demo,
    demoPassword,
    publicOrigin: env.PUBLIC_ORIGIN?.trim() ? origin('PUBLIC_ORIGIN', env.PUBLIC_ORIGIN.trim()) : null,
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => origin('ALLOWED_ORIGINS', s)),
    cookieSecure,
    trustProxy: flag(env, 'TRUST_PROXY', false),
    sessionIdleMinutes: decimal(env, 'SESSION_IDLE_MINUTES', 30, 0.01, 24 * 60),
    sessionMaxHours: decimal(env, 'SESSION_MAX_HOURS', 12, 0.0001, 7 * 24),
    logLevel,
    clientDir: env.CLIENT_DIR?.trim() || 'dist/client',
    retentionIntervalMinutes: integer(env, 'RETENTION_INTERVAL_MINUTES', 60, 0, 7 * 24 * 60),
    liveMaxConnectionsPerUser: integer(
      env,
      'LIVE_MAX_CONNECTIONS_PER_USER',
      LIVE_LIMITS.connectionsPerUser,
      1,
      100_000,
    ),
    liveMaxConnectionsPerAddress: integer(
      env,
      'LIVE_MAX_CONNECTIONS_PER_ADDRESS',
      LIVE_LIMITS.connectionsPerAddress,
      1,
      1_000_000,
    ),
  };
}
