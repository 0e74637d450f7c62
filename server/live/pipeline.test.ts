import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import WebSocket from 'ws';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { CloseCode, YJS_PATH, YjsMessage, docName } from '../../shared/index';
import { yjsUpdates } from '../../db/schema/index';
import { newWeighingItem, startTestServer, type TestServer } from '../testing/harness';

/** Update frames for `texts`, one transaction each, every one building on the one before (as a typist sends). */
function typed(doc: Y.Doc, texts: string[], root = 'notes'): Buffer[] {
  const frames: Buffer[] = [];
  const listener = (update: Uint8Array) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, YjsMessage.Sync);
    syncProtocol.writeUpdate(encoder, update);
    frames.push(Buffer.from(encoding.toUint8Array(encoder)));
  };
  doc.on('update', listener);
  for (const text of texts) doc.getText(root).insert(doc.getText(root).length, text);
  doc.off('update', listener);
  return frames;
}

/** A y-websocket client applying everything it is sent to a Y.Doc of its own. */
class Reader {
  readonly doc = new Y.Doc();
  readonly ws: WebSocket;
  readonly closed: Promise<number>;
  private readonly synced: Promise<void>;

  constructor(url: string, cookie: string) {
    this.ws = new WebSocket(url, { headers: { cookie } });
    this.closed = new Promise((resolve) => this.ws.on('close', resolve));
    this.synced = new Promise((resolve) => {
      this.ws.on('message', (data: Buffer) => {
        const decoder = decoding.createDecoder(new Uint8Array(data));
        if (decoding.readVarUint(decoder) !== YjsMessage.Sync) return;
        const reply = encoding.createEncoder();
        encoding.writeVarUint(reply, YjsMessage.Sync);
        const kind = syncProtocol.readSyncMessage(decoder, reply, this.doc, this);
        if (kind === syncProtocol.messageYjsSyncStep1) this.ws.send(encoding.toUint8Array(reply));
        if (kind === syncProtocol.messageYjsSyncStep2) resolve();
      });
    });
    this.ws.on('open', () => {
      const step1 = encoding.createEncoder();
      encoding.writeVarUint(step1, YjsMessage.Sync);
      syncProtocol.writeSyncStep1(step1, this.doc);
      this.ws.send(encoding.toUint8Array(step1));
    });
  }

  ready(): Promise<void> {
    return this.synced;
  }

  text(): string {
    return this.doc.getText('notes').toJSON();
  }

  async until(done: () => boolean, what: string): Promise<void> {
    const start = Date.now();
    while (!done()) {
      if (Date.now() - start > 20_000) throw new Error(`${what}: still ${JSON.stringify(this.text())}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** Pipelined writes: a connection's frames sent back to back, each building on the one before. */
describe('live writes of one connection, pipelined', () => {
  let server: TestServer;
  let writerCookie: string;
  let readerCookie: string;

  beforeAll(async () => {
    server = await startTestServer();
    writerCookie = (await server.login('uitvoerder')).cookie!;
    readerCookie = (await server.login('politie')).cookie!;
  });
  afterAll(async () => {
    await server.close();
  });

  const notesOf = async (subject: string) => {
    const { meetingId, itemId } = await newWeighingItem(server, subject);
    const name = docName({ meetingId, itemId, compartment: 'notes' });
    return { name, url: `${server.url.replace('http', 'ws')}${YJS_PATH}/${name}` };
  };
  const storedText = async (name: string) => {
    await server.app.live.store.drain();
    const stored = await server.app.live.store.loadDocument(name);
    return stored?.doc.getText('notes').toJSON() ?? '';
  };
  const rowsOf = async (name: string) =>
    (await server.app.db.select({ id: yjsUpdates.id }).from(yjsUpdates).where(eq(yjsUpdates.docName, name)))
      .length;

  it('commits every frame, delivers them all in order, and a reload equals memory', async () => {
    const { name, url } = await notesOf('Pijplijn-Subject');
    const reader = new Reader(url, readerCookie);
    const writer = new Reader(url, writerCookie);
    await Promise.all([reader.ready(), writer.ready()]);
    const texts = Array.from({ length: 40 }, (_, i) => `entry-${i};`);
    for (const frame of typed(new Y.Doc(), texts)) writer.ws.send(frame);
    const expected = texts.join('');
    await reader.until(() => reader.text() === expected, 'all entries in order');
    expect(await storedText(name)).toBe(expected);
    // Frames that arrived during a commit shared the next one: fewer rows than frames.
    expect(await rowsOf(name)).toBeLessThan(texts.length);
    writer.ws.close();
    reader.ws.close();
  });

  it('stores and delivers the frames before a refused one, not it nor those after it, and closes 4400', async () => {
    const { name, url } = await notesOf('Weigering-Subject');
    const reader = new Reader(url, readerCookie);
    const writer = new Reader(url, writerCookie);
    await Promise.all([reader.ready(), writer.ready()]);
    const typist = new Y.Doc();
    const before = typed(typist, ['kept-1;', 'kept-2;', 'kept-3;']);
    const bad = typed(typist, ['Canary-outside-structure'], 'not-a-field');
    const after = typed(typist, ['Canary-after-refusal;']);
    for (const frame of [...before, ...bad, ...after]) writer.ws.send(frame);
    expect(await writer.closed).toBe(CloseCode.BadMessage);
    await reader.until(() => reader.text() === 'kept-1;kept-2;kept-3;', 'the frames before the refused one');
    await server.app.live.store.drain();
    expect(await storedText(name)).toBe('kept-1;kept-2;kept-3;');
    const stored = await server.app.db.execute(
      sql`select count(*)::int as n from ${yjsUpdates} where doc_name = ${name} and position('Canary' in encode(update, 'escape')) > 0`,
    );
    expect(JSON.stringify(stored)).toContain('"n":0');
    expect(reader.doc.getText('not-a-field').toJSON()).toBe('');
    reader.ws.close();
  });

  it('broadcasts nothing that failed to commit, and what a reader has is what is stored', async () => {
    const { name, url } = await notesOf('Opslagfout-Subject');
    const reader = new Reader(url, readerCookie);
    const writer = new Reader(url, writerCookie);
    await Promise.all([reader.ready(), writer.ready()]);
    const typist = new Y.Doc();
    const frames = typed(typist, ['first;', 'second;', 'Unstored-Canary;', 'Canary-after-fault;']);
    for (const frame of frames.slice(0, 2)) writer.ws.send(frame);
    await reader.until(() => reader.text().endsWith('second;'), 'the first frames stored and sent');
    // From now on a storage fault for every row of this document (stored rows are sealed, so a trigger cannot
    // look for the canary): the batch that carries it fails as a whole.
    await server.database.asOwner((owner) =>
      owner.execute(
        sql.raw(`
      create function live.fail_canary() returns trigger language plpgsql as $$
      begin
        if new.doc_name = '${name}' then
          raise exception 'simulated storage fault';
        end if;
        return new;
      end $$`),
      ),
    );
    await server.database.asOwner((owner) =>
      owner.execute(sql`
      create trigger fail_canary before insert on live.yjs_updates for each row execute function live.fail_canary()`),
    );
    try {
      for (const frame of frames.slice(2)) writer.ws.send(frame);
      expect(await writer.closed).toBe(CloseCode.StorageFailed);
      const stored = await storedText(name);
      expect(stored).toContain('second;');
      expect(stored).not.toContain('Canary');
      // Give a wrongly sent broadcast the time to arrive, then compare: the reader holds exactly the stored text.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(reader.text()).toBe(stored);
    } finally {
      await server.database.asOwner((owner) =>
        owner.execute(sql`drop trigger fail_canary on live.yjs_updates`),
      );
    }
    reader.ws.close();
  });
});
