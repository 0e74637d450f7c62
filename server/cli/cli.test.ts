import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openDatabase } from '../../db/client';
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
  });

  it('the server refuses to start on a wrong setting, naming the variable', async () => {
    const result = await exec('server/main.ts', { PORT: 'eighty' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('PORT must be a whole number');
  });
});
