import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { keyStore, useKeyStore } from '../../db/keystore/current';
import { MemoryKeyStore } from '../../db/keystore/store';
import { weighingFiles } from '../../db/schema/index';
import { newWeighingItem, startTestServer, type TestServer } from '../testing/harness';
import { KeyStoreMismatchError } from './file-keys';
import { openTexts } from './file-texts';

/**
 * A key store that never held a file's secret is not a destroyed key: with another store (a wrong
 * KEYSTORE_DATABASE_URL or KEYSTORE_DIR, or a lost one) sealed content is refused loudly, never read as gone.
 */
describe('file keys and the key store', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses to read sealed content with a key store that never sealed it, and reads it again with the right one', async () => {
    const { weighingFileId } = await newWeighingItem(server, 'Sleutelopslag-Subject');
    const [row] = await server.database.db
      .select({ name: weighingFiles.name })
      .from(weighingFiles)
      .where(eq(weighingFiles.id, weighingFileId));
    const read = () => openTexts(server.database.db, 'weighingFile', weighingFileId, row!);
    expect(await read()).toEqual({ name: 'Sleutelopslag-Subject' });

    const right = keyStore();
    useKeyStore(new MemoryKeyStore());
    try {
      await expect(read()).rejects.toThrow(KeyStoreMismatchError);
      await expect(read()).rejects.toThrow('check KEYSTORE_DATABASE_URL or KEYSTORE_DIR');
    } finally {
      useKeyStore(right);
    }
    expect(await read()).toEqual({ name: 'Sleutelopslag-Subject' });
  });
});
