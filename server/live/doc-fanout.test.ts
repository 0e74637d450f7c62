import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { meetings, yjsUpdates } from '../../db/schema/index';
import { CloseCode, docName } from '../../shared/index';
import { newWeighingItem, startTestServer, type TestServer } from '../testing/harness';
import { connectDoc, controlClients, until } from '../testing/live-clients';
import { openMinutes } from '../testing/records';
import { TEST_REDIS_URL, skipWithoutRedis } from '../testing/redis';
import { encodeAwareness } from './awareness-stamp';
import { liftFence, raiseFence } from '../services/freeze/fence';
import { FencedWriteError } from './store';

/**
 * One live document held by two instances on one PostgreSQL database and one Redis: stock clients on either
 * instance edit it together and see each other's presence; PostgreSQL stays the store (a message Redis lost is read
 * there), and the freeze fence holds in the database write, whichever instance takes it.
 */
const DATABASE_URL = process.env.DATABASE_URL;

type Doc = ReturnType<typeof connectDoc>;

/** An update on top of what `from` holds: `text` inserted at the start of its analysis. */
function editOf(from: Y.Doc, text: string): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(from));
  const before = Y.encodeStateVector(copy);
  copy.getText('analysis').insert(0, text);
  const update = Y.encodeStateAsUpdate(copy, before);
  copy.destroy();
  return update;
}

describe.skipIf(!DATABASE_URL || (await skipWithoutRedis()))(
  'live documents across instances',
  { timeout: 120_000 },
  () => {
    let a: TestServer;
    let b: TestServer;
    const docs: Doc[] = [];
    const open = (server: TestServer, user: Parameters<typeof connectDoc>[1], name: string) => {
      const doc = connectDoc(server, user, name);
      docs.push(doc);
      return doc;
    };
    const controlOnA = controlClients(() => a);

    beforeAll(async () => {
      const eventsChannel = `casustafel:test:${randomUUID()}`;
      const env = { REDIS_URL: TEST_REDIS_URL, DATABASE_URL: DATABASE_URL! };
      a = await startTestServer(env, undefined, { eventsChannel });
      b = await startTestServer(env, undefined, { eventsChannel, sharing: a });
    });
    afterAll(async () => {
      for (const doc of docs) doc.provider.destroy();
      controlOnA.disconnectAll();
      await b.close();
      await a.close();
    });

    async function analysisOf(subject: string) {
      const { meetingId, itemId } = await newWeighingItem(a, subject);
      return { meetingId, name: docName({ meetingId, itemId, compartment: 'analysis' }) };
    }

    it('clients on different instances edit one compartment together and converge', async () => {
      const { name } = await analysisOf('Samen-Subject');
      const police = open(a, await a.login('politie'), name);
      const municipality = open(b, await b.login('gemeente'), name);
      await until(() => police.provider.synced && municipality.provider.synced, 'both synced');

      for (let n = 0; n < 20; n++) {
        police.doc.getText('analysis').insert(0, `[p${n}]`);
        municipality.doc.getText('analysis').insert(0, `[g${n}]`);
      }
      const text = (doc: Doc) => doc.doc.getText('analysis').toJSON();
      await until(
        () => text(police) === text(municipality) && (text(police).match(/\[/g) ?? []).length === 40,
        'converged',
      );
      // And the store holds the same document, in one order for both instances.
      const stored = await b.app.live.registry.read(name);
      expect(stored!.getText('analysis').toJSON()).toBe(text(police));
      stored!.destroy();
      const rows = await a.database.db
        .select({ seq: yjsUpdates.seq })
        .from(yjsUpdates)
        .where(eq(yjsUpdates.docName, name));
      const seqs = rows.map((row) => row.seq).sort((x, y) => x - y);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    });

    it('shows the presence of a client on one instance to a client on the other, with its stamped identity', async () => {
      const { name } = await analysisOf('Aanwezig-Subject');
      const police = open(a, await a.login('politie'), name);
      const municipality = open(b, await b.login('gemeente'), name);
      await until(() => police.provider.synced && municipality.provider.synced, 'both synced');

      police.provider.awareness.setLocalStateField('user', {
        name: 'De Burgemeester',
        organisation: 'Gemeente',
      });
      police.provider.awareness.setLocalStateField('field', 'Canary: vrije tekst');
      const seenOnB = () => municipality.provider.awareness.getStates().get(police.doc.clientID);
      await until(() => seenOnB() !== undefined, 'presence on B');
      expect(seenOnB()).toEqual({
        field: null,
        user: { name: 'Dirk Visser', organisation: 'Politie Eenheid Voorbeeld', role: 'member' },
      });
      // A client on B cannot speak for the client on A.
      const impostor = open(b, await b.login('om'), name);
      await until(() => impostor.provider.synced, 'impostor synced');
      impostor.provider.awareness.setLocalState(null);
      const entry = municipality.provider.awareness.meta.get(police.doc.clientID)!;
      const forged = encodeAwareness([
        { clientId: police.doc.clientID, clock: entry.clock + 5, state: { field: null } },
      ]);
      const ws = (impostor.provider as unknown as { ws: WebSocket }).ws;
      ws.send(new Uint8Array([1, ...varUint(forged.length), ...forged]));
      await until(() => impostor.closed.codes.includes(CloseCode.BadMessage), 'impostor refused');

      // Leaving on A is seen on B.
      police.provider.destroy();
      await until(() => seenOnB() === undefined, 'presence gone on B');
    });

    it('catches up from PostgreSQL what Redis never delivered', async () => {
      const { name } = await analysisOf('Verloren-Subject');
      const municipality = open(b, await b.login('gemeente'), name);
      const police = open(a, await a.login('politie'), name);
      await until(() => police.provider.synced && municipality.provider.synced, 'both synced');
      police.doc.getText('analysis').insert(0, 'eerst ');
      await until(() => municipality.doc.getText('analysis').toJSON() === 'eerst ', 'first edit on B');

      // Committed on A without any message (as if Redis dropped it), and nothing follows it.
      const seq = await a.app.live.store.append(name, editOf(police.doc, 'stil '));
      expect(seq).toBeGreaterThan(1);
      await until(
        () => municipality.doc.getText('analysis').toJSON() === 'stil eerst ',
        'the silent update reaches the client on B',
      );
      // A, which did not apply it either (it went past the registry), catches up the same way.
      await until(() => police.doc.getText('analysis').toJSON() === 'stil eerst ', 'and the client on A');
    });

    it('refuses in the database a write to a fenced meeting, on an instance whose connections are still open', async () => {
      const { meetingId, name } = await analysisOf('Hek-Subject');
      const chair = controlOnA.connect(await a.login('voorzitter'));
      await controlOnA.call(chair, 'meeting:join', { meetingId });
      await controlOnA.call(chair, 'chair:open', { meetingId });
      const municipality = open(b, await b.login('gemeente'), name);
      await until(() => municipality.provider.synced, 'synced on B');
      municipality.doc.getText('analysis').insert(0, 'voor het hek ');
      const storedText = async () => {
        const stored = await b.app.live.registry.read(name);
        const text = stored?.getText('analysis').toJSON() ?? '';
        stored?.destroy();
        return text;
      };
      for (let i = 0; i < 200 && (await storedText()) !== 'voor het hek '; i++)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await storedText()).toBe('voor het hek ');

      // The fence as the freeze raises it on A, its event held back: B's connection does not know.
      const heldBack = {
        fenced: async () => undefined,
        lifted: async () => undefined,
        drain: async () => undefined,
      };
      await raiseFence(a.app.db, meetingId, heldBack);
      await expect(b.app.live.store.append(name, editOf(municipality.doc, 'direct '))).rejects.toBeInstanceOf(
        FencedWriteError,
      );
      municipality.doc.getText('analysis').insert(0, 'na het hek ');
      await until(() => municipality.closed.codes.includes(CloseCode.Fenced), 'closed read-only');
      expect(await storedText()).toBe('voor het hek ');
      await liftFence(a.app.db, meetingId, heldBack);
      expect((await a.database.db.select().from(meetings).where(eq(meetings.id, meetingId)))[0]!.state).toBe(
        'open',
      );
    });

    it('freezes with writers on both instances: every edit a client saw from another is in the record', async () => {
      const { meetingId, name } = await analysisOf('Bevries-Subject');
      const chair = controlOnA.connect(await a.login('voorzitter'));
      await controlOnA.call(chair, 'meeting:join', { meetingId });
      await controlOnA.call(chair, 'chair:open', { meetingId });
      const writers = [
        open(a, await a.login('politie'), name),
        open(b, await b.login('gemeente'), name),
        open(b, await b.login('om'), name),
      ];
      await until(() => writers.every((w) => w.provider.synced), 'writers sync');
      let typing = true;
      const loops = writers.map(async (writer, i) => {
        for (let n = 0; typing; n++) {
          writer.doc.getText('analysis').insert(0, `[${i}:${n}]`);
          await new Promise((resolve) => setTimeout(resolve, 3));
        }
      });
      // Until each writer has seen edits of the others (through both instances).
      await until(
        () =>
          writers.every((writer, i) =>
            [0, 1, 2]
              .filter((j) => j !== i)
              .every((j) => writer.doc.getText('analysis').toJSON().includes(`[${j}:`)),
          ),
        'writers see each other',
      );

      const closed = await controlOnA.close(chair, meetingId);
      typing = false;
      await Promise.all(loops);
      expect(closed).toMatchObject({ ok: true, state: { state: 'closed' } });

      const { items } = await openMinutes(a, meetingId);
      const frozen = items[0]!.compartments.analysis!.content.analysis as string;
      for (const [i, writer] of writers.entries()) {
        const seen = writer.doc.getText('analysis').toJSON();
        for (const token of seen.match(/\[\d+:\d+\]/g) ?? []) {
          if (token.startsWith(`[${i}:`)) continue;
          expect(frozen).toContain(token);
        }
        await until(() => writer.closed.codes.includes(CloseCode.Fenced), 'told of the fence');
      }
    });
  },
);

function varUint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}
