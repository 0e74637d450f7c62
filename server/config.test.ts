import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_DEMO_PASSWORD, loadConfig } from './config';

describe('loadConfig', () => {
  it('has working defaults: port 3000, ./data, demo on the embedded database', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      // The published demo password: this machine only.
      host: '127.0.0.1',
      databaseUrl: null,
      dataDir: './data',
      demo: true,
      demoPassword: DEFAULT_DEMO_PASSWORD,
      publicOrigin: null,
      allowedOrigins: [],
    });
  });

  it('listens on every interface with an own demo password, without demo data, or when HOST says so', () => {
    expect(loadConfig({ DEMO_PASSWORD: 'een-eigen-wachtwoord' }).host).toBe('0.0.0.0');
    expect(loadConfig({ DEMO: '0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ DATABASE_URL: 'postgres://db.example/casustafel' }).host).toBe('0.0.0.0');
  });

  it('reads PUBLIC_ORIGIN and ALLOWED_ORIGINS as normalised origins', () => {
    const config = loadConfig({
      PUBLIC_ORIGIN: 'https://Casustafel.example.nl:443/',
      ALLOWED_ORIGINS: 'http://localhost:5173, http://127.0.0.1:5173',
    });
    expect(config.publicOrigin).toBe('https://casustafel.example.nl');
    expect(config.allowedOrigins).toEqual(['http://localhost:5173', 'http://127.0.0.1:5173']);
  });

  it('never creates demo data on PostgreSQL unless DEMO asks for it', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://db/x' }).demo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/x', DEMO: '1' }).demo).toBe(true);
  });

  it('REDIS_URL: absent means one instance with the in-process bus; set, it needs PostgreSQL', () => {
    expect(loadConfig({}).redisUrl).toBeNull();
    expect(
      loadConfig({ DATABASE_URL: 'postgres://app@db/x', REDIS_URL: 'redis://127.0.0.1:6379' }).redisUrl,
    ).toBe('redis://127.0.0.1:6379');
    // PGlite belongs to one process: several instances on it would each see a database of their own.
    expect(() => loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(ConfigError);
    expect(() => loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(/DATABASE_URL.*PGlite/);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ REDIS_URL: 'redis://127.0.0.1:6379' }, 'REDIS_URL'],
    [{ DATABASE_URL: 'postgres://app@db/x', REDIS_URL: 'http://127.0.0.1:6379' }, 'REDIS_URL'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://app@db/x', MIGRATION_DATABASE_URL: 'mysql://x' }, 'MIGRATION_DATABASE_URL'],
    [{ MIGRATION_DATABASE_URL: 'postgres://owner@db/x' }, 'MIGRATION_DATABASE_URL'],
    [{ DEMO: 'maybe' }, 'DEMO'],
    [{ DEMO_PASSWORD: 'short' }, 'DEMO_PASSWORD'],
    [{ ALLOWED_ORIGINS: 'not a url' }, 'ALLOWED_ORIGINS'],
    [{ PUBLIC_ORIGIN: 'ftp://casustafel.example.nl' }, 'PUBLIC_ORIGIN'],
    [{ PUBLIC_ORIGIN: 'https://casustafel.example.nl/app' }, 'PUBLIC_ORIGIN'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ SESSION_IDLE_MINUTES: '0' }, 'SESSION_IDLE_MINUTES'],
    [{ SESSION_IDLE_MINUTES: '1e3' }, 'SESSION_IDLE_MINUTES'],
    [{ SESSION_MAX_HOURS: '-1' }, 'SESSION_MAX_HOURS'],
    [{ COOKIE_SECURE: 'sometimes' }, 'COOKIE_SECURE'],
  ])('refuses %o with a message naming %s', (env, variable) => {
    let caught: unknown;
    try {
      loadConfig(env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variable).toBe(variable);
    expect((caught as ConfigError).message).toContain(variable);
  });
});

describe('session timeouts', () => {
  it('accepts fractions of a minute or hour (expiry tests run in seconds)', () => {
    const config = loadConfig({ SESSION_IDLE_MINUTES: '0.02', SESSION_MAX_HOURS: '0.5' });
    expect(config.sessionIdleMinutes).toBe(0.02);
    expect(config.sessionMaxHours).toBe(0.5);
  });
});
