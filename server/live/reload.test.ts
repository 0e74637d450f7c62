import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { eq, like } from 'drizzle-orm';
import { yjsSetAside } from '../../db/schema/index';
import {
  MEASURE_KEYS,
  NOTES_TEXT,
  PLAN_GOAL_TEXT,
  PLAN_MEASURES_ARRAY,
  YJS_PATH,
  YjsMessage,
  docName,
  parseDocName,
  rootShape,
} from '../../shared/index';
import {
  newCaseFile,
  newWeighingItem,
  startTestServer,
  type TestClient,
  type TestServer,
} from '../testing/harness';
import { connectDoc, until } from '../testing/live-clients';
import {
  encodeWireUpdate,
  updateMessage,
  type Content,
  type Ref,
  type WireStruct,
  type WireUpdate,
} from '../testing/yjs-frames';

/**
 * "What the endpoint accepted is what a reload gives": for any sequence of frames — a well-behaved client's edits
 * mixed with hand-made updates with references to nothing or to later clocks, missing parents, huge delete ranges,
 * skip structs and content of every kind — the document loaded from the store (snapshot and log, before and after
 * a compaction) is exactly the one the server holds in memory, and nothing had to be set aside.
 */
const CLIENTS = [1, 2, 3];
const ref: fc.Arbitrary<Ref> = fc.record({ client: fc.constantFrom(...CLIENTS), clock: fc.nat(24) });
const content: fc.Arbitrary<Content> = fc.oneof(
  fc.string({ maxLength: 6 }).map((text) => ({ kind: 'string' as const, text: text || 'x' })),
  fc.integer({ min: 1, max: 5 }).map((length) => ({ kind: 'deleted' as const, length })),
  fc
    .constantFrom<unknown>(
      'planned',
      'done',
      3,
      null,
      { a: 1 },
      '2027-01-31',
      'd3b07384-d113-4ec6-8000-000000000000',
    )
    .map((value) => ({ kind: 'any' as const, values: [value] })),
  fc.constantFrom(0, 1, 2).map((typeRef) => ({ kind: 'type' as const, typeRef })),
  fc.constant({ kind: 'format' as const, key: 'bold', value: true }),
  fc.constant({ kind: 'embed' as const, value: { image: 'x' } }),
);
const struct: fc.Arbitrary<WireStruct> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('item' as const),
      origin: fc.option(ref, { freq: 2 }),
      rightOrigin: fc.option(ref, { freq: 3 }),
      parent: fc.oneof(fc.constantFrom(NOTES_TEXT, PLAN_GOAL_TEXT, PLAN_MEASURES_ARRAY, 'free'), ref),
      parentSub: fc.option(fc.constantFrom(MEASURE_KEYS.status, MEASURE_KEYS.description, 'zz'), { freq: 3 }),
      content,
    }),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 4 }).map((length) => ({ kind: 'gc' as const, length })) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1, max: 4 }).map((length) => ({ kind: 'skip' as const, length })),
  },
);
const bogusUpdate: fc.Arbitrary<WireUpdate> = fc.record({
  clients: fc.uniqueArray(
    fc.record({
      client: fc.constantFrom(...CLIENTS),
      clock: fc.nat(12),
      structs: fc.array(struct, { minLength: 1, maxLength: 4 }),
    }),
    { maxLength: 2, selector: (c) => c.client },
  ),
  deletes: fc.array(
    fc.record({
      client: fc.constantFrom(...CLIENTS),
      ranges: fc.array(
        fc.record({ clock: fc.nat(20), len: fc.oneof(fc.integer({ min: 1, max: 6 }), fc.constant(2 ** 40)) }),
        { minLength: 1, maxLength: 2 },
      ),
    }),
    { maxLength: 1 },
  ),
});

/** A well-behaved client's edit of its synced copy; what it does depends on the compartment. */
type Honest = { op: 'insert' | 'delete' | 'measure' | 'describe' | 'remove'; at: number; text: string };
const honest: fc.Arbitrary<Honest> = fc.record({
  op: fc.constantFrom('insert', 'insert', 'delete', 'measure', 'describe', 'remove'),
  at: fc.nat(40),
  text: fc.string({ minLength: 1, maxLength: 5 }),
});
const frame = fc.oneof(
  { weight: 2, arbitrary: honest.map((edit) => ({ honest: edit })) },
  { weight: 3, arbitrary: bogusUpdate.map((update) => ({ bogus: update })) },
);

function applyHonest(doc: Y.Doc, edit: Honest, plan: boolean): void {
  const textName = plan ? PLAN_GOAL_TEXT : NOTES_TEXT;
  const text = doc.getText(textName);
  if (edit.op === 'insert' || !plan) {
    if (edit.op === 'delete' && text.length > 0) text.delete(edit.at % text.length, 1 + (edit.at % 3));
    else text.insert(edit.at % (text.length + 1), edit.text);
    return;
  }
  const measures = doc.getArray<Y.Map<unknown>>(PLAN_MEASURES_ARRAY);
  if (edit.op === 'measure' || measures.length === 0) {
    const measure = new Y.Map<unknown>();
    measure.set(MEASURE_KEYS.id, crypto.randomUUID());
    measure.set(MEASURE_KEYS.description, new Y.Text(edit.text));
    measure.set(MEASURE_KEYS.status, 'planned');
    measures.push([measure]);
  } else if (edit.op === 'describe') {
    const description = measures.get(edit.at % measures.length).get(MEASURE_KEYS.description);
    if (description instanceof Y.Text) description.insert(0, edit.text);
  } else if (edit.op === 'remove') measures.delete(edit.at % measures.length, 1);
  else if (text.length > 0) text.delete(edit.at % text.length, 1);
}

/** Sends frames over a raw socket; resolves once the server handled them all (or closed the socket). */
function sendRaw(server: TestServer, user: TestClient, name: string, frames: Buffer[]): Promise<void> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}${YJS_PATH}/${name}`, {
      headers: { cookie: user.cookie! },
    });
    ws.on('error', () => undefined);
    ws.on('close', () => resolve());
    ws.once('message', () => {
      for (const f of frames) ws.send(f);
      // Frames are handled in order: the answer to a query comes after every frame before it.
      const query = encoding.createEncoder();
      encoding.writeVarUint(query, YjsMessage.QueryAwareness);
      ws.send(encoding.toUint8Array(query));
      ws.on('message', (data: Buffer) => {
        if (data[0] === YjsMessage.Awareness) ws.close();
      });
    });
  });
}

/** The document's content by the compartment's structure, for comparing two copies. */
function contentOf(doc: Y.Doc, name: string): Record<string, unknown> {
  const compartment = parseDocName(name)!.compartment;
  const content: Record<string, unknown> = {};
  for (const root of [...doc.share.keys()].sort()) {
    const shape = rootShape(compartment, root);
    content[root] =
      shape?.kind === 'text'
        ? doc.getText(root).toJSON()
        : shape?.kind === 'map'
          ? doc.getMap(root).toJSON()
          : shape?.kind === 'array'
            ? doc.getArray(root).toJSON()
            : 'not in the structure';
  }
  return content;
}

describe('a stored document reloads exactly as the server holds it', () => {
  let server: TestServer;
  let executor: TestClient;
  const names: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    executor = await server.login('uitvoerder');
    const weighing = await newWeighingItem(server, 'Reload-Subject');
    names.push(docName({ meetingId: weighing.meetingId, itemId: weighing.itemId, compartment: 'notes' }));
    const caseFileId = await newCaseFile(server, 'Reload-Case', ['municipality', 'police', 'prosecution']);
    const meeting = await executor.post('/api/meetings', {
      kind: 'case',
      title: 'Reload',
      scheduledAt: '2026-12-03T09:00:00Z',
    });
    const detail = await executor.post(`/api/meetings/${meeting.body.id}/agenda-items`, { caseFileId });
    names.push(
      docName({ meetingId: meeting.body.id, itemId: detail.body.agenda[0].id, compartment: 'plan' }),
    );
  }, 60_000);
  afterAll(async () => {
    await server.close();
  });

  it.each([0, 1])(
    'for any sequence of frames (document %i: the notes of a weegploeg item, then a plan of approach)',
    async (which) => {
      const name = names[which]!;
      const plan = which === 1;
      const writer = connectDoc(server, executor, name);
      await until(() => writer.provider.synced, 'writer synced');
      try {
        await fc.assert(
          fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 10 }), async (frames) => {
            const raw: Buffer[] = [];
            for (const f of frames) {
              if ('honest' in f) applyHonest(writer.doc, f.honest, plan);
              else raw.push(updateMessage(encodeWireUpdate(f.bogus)));
            }
            await sendRaw(server, executor, name, raw);
            const live = await server.app.live.registry.open(name);
            // The well-behaved client's edits all arrive (none is refused).
            const wanted = Y.encodeStateVector(writer.doc);
            await until(
              () =>
                [...Y.decodeStateVector(wanted)].every(
                  ([client, clock]) => Y.getState(live.doc.store, client) >= clock,
                ),
              'honest edits applied',
            );
            await server.app.live.store.drain();
            expect(live.doc.store.pendingStructs).toBeNull();
            expect(live.doc.store.pendingDs).toBeNull();
            for (const compact of [false, true]) {
              if (compact) await server.app.live.store.compact(name);
              // Nothing stored yet (only refused frames so far): the document in memory must be empty too.
              const reloaded = (await server.app.live.store.loadDocument(name))?.doc ?? new Y.Doc();
              expect(Y.equalSnapshots(Y.snapshot(reloaded), Y.snapshot(live.doc))).toBe(true);
              expect(contentOf(reloaded, name)).toEqual(contentOf(live.doc, name));
              reloaded.destroy();
            }
            const aside = await server.database.db
              .select()
              .from(yjsSetAside)
              .where(eq(yjsSetAside.docName, name));
            expect(aside).toEqual([]);
          }),
          { numRuns: Number(process.env.RELOAD_TEST_RUNS ?? 25) },
        );
        // Nothing outside the compartment's structure made it into the document.
        const live = await server.app.live.registry.open(name);
        expect(Object.values(contentOf(live.doc, name))).not.toContain('not in the structure');
      } finally {
        writer.provider.destroy();
      }
      expect(
        await server.database.db.select().from(yjsSetAside).where(like(yjsSetAside.docName, 'meeting/%')),
      ).toEqual([]);
    },
    240_000,
  );
});
