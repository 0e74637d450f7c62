import type { KeyStore } from './store';
import { MemoryKeyStore } from './store';

/**
 * The key store of the process's database. A process works on one database (several test databases in one test
 * process share the in-memory store or the test server's key store database, whose file ids never collide), so
 * the services that seal and open content find it here rather than being handed it through every call.
 */
let current: KeyStore | null = null;

/** Every in-memory database of the process shares this one: it ends with the process, like their content. */
export const processMemoryKeyStore = new MemoryKeyStore();

export function useKeyStore(store: KeyStore): void {
  current = store;
}

export function keyStore(): KeyStore {
  if (!current) throw new Error('no key store is open: open the database first (db/client.ts)');
  return current;
}
