/**
 * Part of `npm start`: builds the client when dist/client is missing or older than the client or shared
 * sources, so a fresh clone needs no separate build step and a rebuilt checkout is never served stale.
 */
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const output = 'dist/client/index.html';

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const sources = Math.max(newest('client'), newest('shared'), statSync('vite.config.ts').mtimeMs);
if (!existsSync(output) || statSync(output).mtimeMs < sources) {
  console.log('Building the client (vite build)…');
  execSync('npx vite build', { stdio: 'inherit' });
} else {
  console.log('Client build is up to date.');
}
