import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { openDatabase, rowsOf } from '../../db/client';
import { seedDemo } from '../demo/seed';
import { appendAudit } from '../services/audit';

const run = promisify(execFile);
const tsx = join(process.cwd(), 'node_modules/.bin/tsx');

async function exec(script: string, env: Record<string, string>, args: string[] = []) {
  try {
    const { stdout, stderr } = await run(tsx, [script, ...args], {
      env: { ...process.env, ...env, DATABASE_URL: '' },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('command-line entry points', () => {
  it('audit:verify reports an intact chain with exit code 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'casustafel-cli-'));
    try {
      const handle = await openDatabase({ kind: 'pglite', dataDir: dir });
      await appendAudit(handle.db, [
        {
          actor: null,
          action: 'read',
          objectType: 'session',
          result: 'allowed',
          purpose: 'cli test',
          origin: { ip: null, userAgent: null },
        },
      ]);
      await handle.close();
      const result = await exec('server/cli/audit-verify.ts', { DATA_DIR: dir });
      expect(result.stdout).toContain('audit chain intact: 1 rows');
      expect(result.code).toBe(0);
      const anchor = /anchor \(keep outside the database\): (\S+)/.exec(result.stdout)![1]!;
      const again = await exec('server/cli/audit-verify.ts', { DATA_DIR: dir }, ['--anchor', anchor]);
      expect(again.stdout).toContain('matches anchor at row 1');
      expect(again.code).toBe(0);
      const wrong = await exec('server/cli/audit-verify.ts', { DATA_DIR: dir }, [
        '--anchor',
        `1:${'0'.repeat(64)}`,
      ]);
      expect(wrong.stderr).toContain('BROKEN');
      expect(wrong.code).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('records:verify reports a file key destroyed without a destruction log entry, with exit code 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'casustafel-cli-'));
    const fileId = randomUUID();
    try {
      let handle = await openDatabase({ kind: 'pglite', dataDir: dir });
      await seedDemo(handle.db, 'cli-test-password', { withCases: false });
      const [covenant] = rowsOf<{ id: string }>(
        await handle.db.execute(sql`select id from covenants limit 1`),
      );
      const subjectId = randomUUID();
      await handle.db.execute(
        sql`insert into subjects (id, covenant_id, reference) values (${subjectId}, ${covenant!.id}, 'CLI-1')`,
      );
      await handle.db
        .execute(sql`insert into records.file_keys (file_id, file_kind, subject_id, key, created_at)
        values (${fileId}, 'weighing', ${subjectId}, ${'ab'.repeat(32)}, now())`);
      // Both halves, as the application makes a key (services/file-keys.ts).
      await handle.keys.ensure(fileId);
      // The database refuses to destroy the key of a file that was never destroyed.
      await expect(
        handle.db.execute(sql`update records.file_keys set key = null where file_id = ${fileId}`),
      ).rejects.toThrow();
      await handle.close();
      const intact = await exec('server/cli/records-verify.ts', { DATA_DIR: dir });
      expect(intact.stdout).toContain('destruction log intact, 0 entries');
      expect(intact.code).toBe(0);

      // The owner switches the triggers off and destroys the key anyway.
      handle = await openDatabase({ kind: 'pglite', dataDir: dir });
      await handle.db.execute(sql`alter table records.file_keys disable trigger user`);
      await handle.db.execute(sql`update records.file_keys set key = null where file_id = ${fileId}`);
      await handle.db.execute(sql`alter table records.file_keys enable trigger user`);
      await handle.close();
      const tampered = await exec('server/cli/records-verify.ts', { DATA_DIR: dir });
      expect(tampered.stderr).toContain(`DESTROYED WITHOUT A DESTRUCTION LOG ENTRY: key of file ${fileId}`);
      expect(tampered.code).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(`${dir}-keys`, { recursive: true, force: true });
    }
  }, 120_000);

  it('data:seal seals what an older version stored in the clear, with progress; records:verify fails on another key store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'casustafel-cli-'));
    try {
      const handle = await openDatabase({ kind: 'pglite', dataDir: dir });
      await seedDemo(handle.db, 'cli-test-password');
      // What an older version left: the subjects' names in the clear.
      await handle.db.execute(sql`update weighing.weighing_files set name = 'CanaryKlareNaam'`);
      await handle.close();
      const sealed = await exec('server/cli/data-seal.ts', { DATA_DIR: dir });
      expect(sealed.code).toBe(0);
      expect(sealed.stdout).toMatch(/weighing\.weighing_files: 0 of (\d+) looked at, 0 sealed/);
      expect(sealed.stdout).toMatch(/weighing\.weighing_files: (\d+) of \1 looked at, \1 sealed/);
      const again = await exec('server/cli/data-seal.ts', { DATA_DIR: dir });
      expect(again.stdout).toContain('done: 0 values sealed');
      const check = await openDatabase({ kind: 'pglite', dataDir: dir });
      const clear = rowsOf<{ n: number }>(
        await check.db.execute(
          sql`select count(*)::int as n from weighing.weighing_files where name like '%CanaryKlareNaam%'`,
        ),
      );
      await check.close();
      expect(clear).toEqual([{ n: 0 }]);

      expect((await exec('server/cli/records-verify.ts', { DATA_DIR: dir })).code).toBe(0);
      const otherStore = join(dir, 'elsewhere');
      const wrong = await exec('server/cli/records-verify.ts', { DATA_DIR: dir, KEYSTORE_DIR: otherStore });
      expect(wrong.stderr).toContain('KEY STORE MISMATCH');
      expect(wrong.code).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(`${dir}-keys`, { recursive: true, force: true });
    }
  }, 120_000);

  it('admin:create makes the first administrator once, with a password shown once; organisation:add adds a partner', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'casustafel-cli-'));
    try {
      const admin = [
        '--username',
        'beheer.zvh',
        '--name',
        'Fenna Beheer',
        '--organisation',
        'Zorg- en Veiligheidshuis Testregio',
        '--organisation-type',
        'safety_house',
      ];
      const noCovenant = await exec('server/cli/admin-create.ts', { DATA_DIR: dir }, admin);
      expect(noCovenant.code).toBe(2);
      expect(noCovenant.stderr).toContain('--covenant');
      const covenant = ['--covenant', 'Convenant PGA Testregio', '--region', 'Testregio'];
      const created = await exec('server/cli/admin-create.ts', { DATA_DIR: dir }, [...admin, ...covenant]);
      expect(created.code).toBe(0);
      expect(created.stdout).toContain('administrator created: beheer.zvh');
      const password = /initial password \(shown once, hand it over in person\): (\S+)/.exec(
        created.stdout,
      )![1]!;
      expect(password.length).toBeGreaterThanOrEqual(20);
      const again = await exec('server/cli/admin-create.ts', { DATA_DIR: dir }, [
        ...admin.slice(0, 1),
        'nog.een',
        ...admin.slice(2),
      ]);
      expect(again.code).toBe(2);
      expect(again.stderr).toContain('has an administrator already');
      expect(again.stdout).not.toContain('initial password');

      const typo = await exec('server/cli/organisation-add.ts', { DATA_DIR: dir }, [
        '--organisation',
        'Politie Testregio',
        '--organisation-type',
        'polis',
      ]);
      expect(typo.code).toBe(2);
      expect(typo.stderr).toContain('--organisation-type must be one of');
      const police = [
        '--organisation',
        'Politie Testregio',
        '--organisation-type',
        'police',
        '--party',
        'core',
      ];
      const added = await exec('server/cli/organisation-add.ts', { DATA_DIR: dir }, police);
      expect(added.stdout).toContain('organisation added to Convenant PGA Testregio: Politie Testregio');
      const twice = await exec('server/cli/organisation-add.ts', { DATA_DIR: dir }, police);
      expect(twice.stdout).toContain('nothing changed');
      expect(twice.code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('the server refuses to start on a wrong setting, naming the variable', async () => {
    const result = await exec('server/main.ts', { PORT: 'eighty' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('PORT must be a whole number');
  });
});
