import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { CloseCode, YJS_PATH, YjsMessage, docName } from '../../shared/index';
import { newWeighingItem, startTestServer, type TestServer } from '../testing/harness';

const CANARY = 'Unstored-Canary-5b9e';

function updateFrame(text: string): Buffer {
  const doc = new Y.Doc();
  doc.getText('notes').insert(0, text);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, YjsMessage.Sync);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(doc));
  return Buffer.from(encoding.toUint8Array(encoder));
}

/** When the store fails, the update is neither applied nor broadcast nor logged, and the server carries on. */
describe('live endpoint when storing fails', () => {
  let server: TestServer;
  const logs: string[] = [];
  let url: string;
  let writerCookie: string;
  let readerCookie: string;

  beforeAll(async () => {
    server = await startTestServer({ LOG_LEVEL: 'info' }, logs);
    const executor = await server.login('uitvoerder');
    writerCookie = executor.cookie!;
    readerCookie = (await server.login('politie')).cookie!;
    const { meetingId, itemId } = await newWeighingItem(server, 'Fout-Subject');
    url = `${server.url.replace('http', 'ws')}${YJS_PATH}/${docName({ meetingId, itemId, compartment: 'notes' })}`;
  });
  afterAll(async () => {
    await server.close();
  });

  const open = async (cookie: string) => {
    const ws = new WebSocket(url, { headers: { cookie } });
    const frames: Buffer[] = [];
    ws.on('message', (data: Buffer) => frames.push(data));
    await new Promise((resolve) => ws.once('message', resolve));
    return { ws, frames };
  };

  it('closes the writer with 4500, sends the unstored update to nobody, and logs no content', async () => {
    const reader = await open(readerCookie);
    await server.database.asOwner((owner) =>
      owner.execute(sql`
      create function live.fail_append() returns trigger language plpgsql as $$
      begin raise exception 'simulated storage fault'; end $$`),
    );
    await server.database.asOwner((owner) =>
      owner.execute(sql`
      create trigger fail_append before insert on live.yjs_updates for each row execute function live.fail_append()`),
    );

    const writer = await open(writerCookie);
    const closed = new Promise<number>((resolve) => writer.ws.on('close', resolve));
    writer.ws.send(updateFrame(CANARY));
    expect(await closed).toBe(CloseCode.StorageFailed);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(reader.frames.some((f) => f.includes(CANARY))).toBe(false);
    expect(logs.some((line) => line.includes('storing a live update failed'))).toBe(true);
    expect(logs.join('\n')).not.toContain(CANARY);

    // The store recovers; the same server takes and delivers the next write.
    await server.database.asOwner((owner) =>
      owner.execute(sql`drop trigger fail_append on live.yjs_updates`),
    );
    const retry = await open(writerCookie);
    retry.ws.send(updateFrame('stored after recovery'));
    const start = Date.now();
    while (!reader.frames.some((f) => f.includes('stored after recovery'))) {
      if (Date.now() - start > 5000) throw new Error('write after recovery not delivered');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    retry.ws.close();
    reader.ws.close();
  });
});
