import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq, sql } from 'drizzle-orm';
import { drizzle as drizzlePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { fileSecrets } from './schema';

/**
 * Where the file secrets are kept (db/keystore/schema.ts says why they are kept apart). Every operation is
 * idempotent; a destroyed secret is never made again, so nothing new can be written for a destroyed file.
 */
export interface KeyStore {
  /** `separate`: its own database or directory. `same-database`: beside the content (backups then hold both). */
  readonly placement: 'separate' | 'same-database';
  /** The file's secret, made on first use; null once destroyed. */
  ensure(fileId: string): Promise<Buffer | null>;
  /**
   * The file's secret; null once destroyed, undefined when this store never made one (for a file with sealed
   * content that means the store is not the one that sealed it: a wrong or lost key store, never a destruction).
   */
  secret(fileId: string): Promise<Buffer | null | undefined>;
  /** Destroys the file's secret for good (crypto-shredding, art. 13). */
  destroy(fileId: string): Promise<void>;
  close(): Promise<void>;
}

export const KEYSTORE_MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));
/** Its own migrations table, so it can share a database with the application's migrations. */
export const KEYSTORE_MIGRATIONS_TABLE = '__keystore_migrations';

const SECRET_BYTES = 32;
const fromHex = (hex: string | null | undefined) => (hex ? Buffer.from(hex, 'hex') : null);

type AnyDatabase = PgDatabase<PgQueryResultHKT, Record<string, unknown>>;

/** The secrets in a PostgreSQL (or PGlite) table: `keystore.file_secrets`. */
export class SqlKeyStore implements KeyStore {
  constructor(
    private readonly db: AnyDatabase,
    readonly placement: KeyStore['placement'],
    private readonly onClose: () => Promise<void> = async () => undefined,
  ) {}

  async ensure(fileId: string): Promise<Buffer | null> {
    await this.db
      .insert(fileSecrets)
      .values({ fileId, secret: randomBytes(SECRET_BYTES).toString('hex') })
      .onConflictDoNothing();
    return (await this.secret(fileId)) ?? null;
  }

  async secret(fileId: string): Promise<Buffer | null | undefined> {
    const [row] = await this.db
      .select({ secret: fileSecrets.secret })
      .from(fileSecrets)
      .where(eq(fileSecrets.fileId, fileId));
    return row ? fromHex(row.secret) : undefined;
  }

  async destroy(fileId: string): Promise<void> {
    await this.db
      .insert(fileSecrets)
      .values({ fileId, secret: null, destroyedAt: new Date() })
      .onConflictDoUpdate({
        target: fileSecrets.fileId,
        set: { secret: null, destroyedAt: sql`coalesce(${fileSecrets.destroyedAt}, now())` },
      });
  }

  close(): Promise<void> {
    return this.onClose();
  }
}

/** The key store's table in a database of its own (KEYSTORE_DATABASE_URL), migrated on opening. */
export async function openSqlKeyStore(url: string): Promise<SqlKeyStore> {
  // allowExitOnIdle: a process that is done must not wait for the key store's idle connections.
  const pool = new pg.Pool({ connectionString: url, max: 4, allowExitOnIdle: true });
  pool.on('error', () => undefined);
  const db = drizzlePg({ client: pool });
  try {
    await migrateKeyStore(db);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return new SqlKeyStore(db, 'separate', () => pool.end());
}

/** Creates (or updates) the key store's table in `db`. */
export async function migrateKeyStore(db: NodePgDatabase): Promise<void> {
  await migratePg(db, {
    migrationsFolder: KEYSTORE_MIGRATIONS_FOLDER,
    migrationsTable: KEYSTORE_MIGRATIONS_TABLE,
  });
}

/**
 * The secrets as files in a directory of their own (the embedded set-up, next to PGlite's data directory): one
 * file per file id holding the secret as hex, or `destroyed`. A secret is written to a temporary file, flushed,
 * and linked into place, so it appears whole or not at all, and of two writers the first wins.
 */
export class DirectoryKeyStore implements KeyStore {
  readonly placement = 'separate' as const;
  private ready: Promise<unknown> | null = null;

  constructor(private readonly dir: string) {}

  private pathOf(fileId: string): string {
    if (!/^[0-9a-f-]{36}$/i.test(fileId)) throw new Error('a file id is a UUID');
    return join(this.dir, fileId);
  }

  private async write(fileId: string, content: string, replace: boolean): Promise<void> {
    this.ready ??= mkdir(this.dir, { recursive: true, mode: 0o700 });
    await this.ready;
    const temporary = join(this.dir, `.${fileId}.${randomBytes(6).toString('hex')}`);
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      if (replace) await rename(temporary, this.pathOf(fileId));
      else await link(temporary, this.pathOf(fileId));
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
    } finally {
      if (!replace) await unlink(temporary).catch(() => undefined);
    }
    const directory = await open(this.dir, 'r');
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
  }

  async ensure(fileId: string): Promise<Buffer | null> {
    const existing = await this.read(fileId);
    if (existing !== undefined) return existing;
    await this.write(fileId, randomBytes(SECRET_BYTES).toString('hex'), false);
    return (await this.read(fileId)) ?? null;
  }

  private async read(fileId: string): Promise<Buffer | null | undefined> {
    try {
      const content = (await readFile(this.pathOf(fileId), 'utf8')).trim();
      return content === 'destroyed' ? null : fromHex(content);
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  secret(fileId: string): Promise<Buffer | null | undefined> {
    return this.read(fileId);
  }

  async destroy(fileId: string): Promise<void> {
    await this.write(fileId, 'destroyed', true);
  }

  async close(): Promise<void> {}
}

/** The secrets in memory: for an in-memory database (tests), which forgets its content on exit just the same. */
export class MemoryKeyStore implements KeyStore {
  readonly placement = 'separate' as const;
  private readonly secrets = new Map<string, Buffer | null>();

  ensure(fileId: string): Promise<Buffer | null> {
    if (!this.secrets.has(fileId)) this.secrets.set(fileId, randomBytes(SECRET_BYTES));
    return Promise.resolve(this.secrets.get(fileId) ?? null);
  }

  secret(fileId: string): Promise<Buffer | null | undefined> {
    return Promise.resolve(this.secrets.get(fileId));
  }

  destroy(fileId: string): Promise<void> {
    this.secrets.set(fileId, null);
    return Promise.resolve();
  }

  async close(): Promise<void> {}
}
