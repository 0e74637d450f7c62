/**
 * Generators for `npm run fuzz`: y-websocket frames (real Yjs updates, then mutated, and updates written field by
 * field with bogus structure), socket.io / engine.io packets, and random JSON bodies. All draw from one seeded
 * generator, so a seed replays a run.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { YjsMessage } from '../shared/index';

/** mulberry32: small, seedable, good enough to pick cases. */
export function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    bool: (p = 0.5) => next() < p,
    pick: <T>(list: readonly T[]): T => list[int(list.length)]!,
    bytes: (n: number) => Uint8Array.from({ length: n }, () => int(256)),
  };
}
export type Random = ReturnType<typeof random>;

const STRINGS = [
  '',
  'a',
  'agenda',
  '\u0000',
  '𝒳',
  'x'.repeat(300),
  '__proto__',
  'constructor',
  '{}',
  '\ud800',
];

/** A random JSON value, nested up to `depth`. */
export function jsonValue(r: Random, depth = 3): unknown {
  const kind = r.int(depth > 0 ? 8 : 5);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return r.bool();
    case 2:
      return r.pick([0, -1, 1.5, 2 ** 53, -(2 ** 31), 1e308, r.int(1000)]);
    case 3:
      return r.pick(STRINGS);
    case 4:
      return r.pick([
        '2026-12-01T09:00:00Z',
        '00000000-0000-0000-0000-000000000000',
        'all',
        'weighing',
        'analysis',
      ]);
    case 5:
    case 6: {
      const out: Record<string, unknown> = {};
      for (let i = r.int(5); i > 0; i--) {
        const key = r.pick([
          'id',
          'title',
          'kind',
          'name',
          'items',
          'subject',
          'meetingId',
          'a',
          '__proto__',
        ]);
        // An own property even for '__proto__' (as JSON.parse makes it), not a changed prototype.
        Object.defineProperty(out, key, {
          value: jsonValue(r, depth - 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    default:
      return Array.from({ length: r.int(4) }, () => jsonValue(r, depth - 1));
  }
}

const frame = (write: (e: encoding.Encoder) => void) => {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
};

/** A real update: a fresh Y.Doc with a few random edits. */
function realUpdate(r: Random): Uint8Array {
  const doc = new Y.Doc();
  for (let i = 1 + r.int(3); i > 0; i--) {
    switch (r.int(4)) {
      case 0:
        doc.getText(r.pick(['text', 'notes'])).insert(0, r.pick(STRINGS));
        break;
      case 1:
        doc.getMap(r.pick(['meta', 'probe'])).set(r.pick(STRINGS), jsonValue(r, 2));
        break;
      case 2:
        doc.getArray(r.pick(['items', 'entries'])).push([jsonValue(r, 2)]);
        break;
      default: {
        const text = doc.getText(r.pick(['text', 'notes']));
        text.insert(0, 'abcdef');
        text.delete(r.int(3), 1 + r.int(3));
      }
    }
  }
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** An update written field by field (update format v1) with bogus structure. */
function bogusUpdate(r: Random): Uint8Array {
  return frame((e) => {
    const clients = r.int(3) + (r.bool(0.1) ? 1000 : 0);
    encoding.writeVarUint(e, Math.min(clients, 3));
    for (let c = 0; c < Math.min(clients, 3); c++) {
      const structs = 1 + r.int(4);
      encoding.writeVarUint(e, r.bool(0.1) ? structs + 50 : structs); // a count that lies
      encoding.writeVarUint(e, r.pick([r.int(1000), 2 ** 32 - 1, 0]));
      encoding.writeVarUint(e, r.pick([0, r.int(100), 2 ** 31]));
      for (let s = 0; s < structs; s++) {
        const ref = r.int(11); // 0 GC … 9 Doc, 10 Skip
        const origin = r.bool(0.4);
        const rightOrigin = r.bool(0.2);
        const parentSub = r.bool(0.2);
        encoding.writeUint8(e, ref | (origin ? 0x80 : 0) | (rightOrigin ? 0x40 : 0) | (parentSub ? 0x20 : 0));
        if (ref === 0 || ref === 10) {
          encoding.writeVarUint(e, r.pick([1, r.int(100), 2 ** 30]));
          continue;
        }
        // Bogus references: ids never seen, parents that do not exist.
        if (origin) {
          encoding.writeVarUint(e, r.int(5000));
          encoding.writeVarUint(e, r.int(5000));
        }
        if (rightOrigin) {
          encoding.writeVarUint(e, r.int(5000));
          encoding.writeVarUint(e, r.int(5000));
        }
        if (!origin && !rightOrigin) {
          if (r.bool(0.7)) {
            encoding.writeVarUint(e, 1);
            encoding.writeVarString(e, r.pick(STRINGS));
          } else {
            encoding.writeVarUint(e, 0);
            encoding.writeVarUint(e, r.int(5000));
            encoding.writeVarUint(e, r.int(5000));
          }
          if (parentSub) encoding.writeVarString(e, r.pick(STRINGS));
        }
        switch (ref) {
          case 1: // Deleted
            encoding.writeVarUint(e, r.pick([1, 2 ** 31]));
            break;
          case 2: // JSON
            encoding.writeVarUint(e, 1);
            encoding.writeVarString(e, r.pick(['{}', 'undefined', '{', JSON.stringify(jsonValue(r, 2))]));
            break;
          case 3: // Binary
            encoding.writeVarUint8Array(e, r.bytes(r.int(20)));
            break;
          case 4: // String
            encoding.writeVarString(e, r.pick(STRINGS));
            break;
          case 5: // Embed
          case 6: // Format
            if (ref === 6) encoding.writeVarString(e, r.pick(STRINGS));
            encoding.writeVarString(e, r.pick(['{}', '[', 'null']));
            break;
          case 7: // Type
            encoding.writeVarUint(e, r.int(10));
            if (r.bool(0.3)) encoding.writeVarString(e, r.pick(STRINGS));
            break;
          case 8: // Any
            encoding.writeVarUint(e, r.pick([1, 2, 2 ** 20]));
            encoding.writeAny(e, jsonValue(r, 2) as never);
            break;
          default: // Doc
            encoding.writeVarString(e, r.pick(STRINGS));
            encoding.writeAny(e, jsonValue(r, 1) as never);
        }
      }
    }
    // The delete set, with huge ranges.
    const deletes = r.int(3);
    encoding.writeVarUint(e, deletes);
    for (let d = 0; d < deletes; d++) {
      encoding.writeVarUint(e, r.int(1000));
      const ranges = 1 + r.int(3);
      encoding.writeVarUint(e, ranges);
      for (let i = 0; i < ranges; i++) {
        encoding.writeVarUint(e, r.pick([0, r.int(100), 2 ** 31]));
        encoding.writeVarUint(e, r.pick([1, 2 ** 31, 2 ** 32 - 1]));
      }
    }
  });
}

/** A real update with some bytes changed, cut short, or extended. */
function mutated(r: Random, update: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(update);
  switch (r.int(3)) {
    case 0:
      for (let i = 1 + r.int(3); i > 0; i--) copy[r.int(copy.length)] = r.int(256);
      return copy;
    case 1:
      return copy.slice(0, r.int(copy.length));
    default:
      return Uint8Array.from([...copy, ...r.bytes(1 + r.int(8))]);
  }
}

export type YjsCase = { frame: Uint8Array | string; kind: string };

/** One y-websocket frame. Most are well-formed enough to keep the connection open, so many cases share one. */
export function yjsFrame(r: Random): YjsCase {
  const sync = (kind: number, payload: Uint8Array) =>
    frame((e) => {
      encoding.writeVarUint(e, YjsMessage.Sync);
      encoding.writeVarUint(e, kind);
      encoding.writeVarUint8Array(e, payload);
    });
  const roll = r.int(100);
  if (roll < 30) return { kind: 'update', frame: sync(syncProtocol.messageYjsUpdate, realUpdate(r)) };
  if (roll < 45) return { kind: 'bogus-update', frame: sync(r.pick([1, 2]), bogusUpdate(r)) };
  if (roll < 55) return { kind: 'mutated-update', frame: sync(r.pick([1, 2]), mutated(r, realUpdate(r))) };
  if (roll < 65)
    return { kind: 'sync-step-1', frame: sync(0, r.bool() ? new Uint8Array([0]) : r.bytes(r.int(12))) };
  if (roll < 80)
    return {
      kind: 'awareness',
      frame: frame((e) => {
        encoding.writeVarUint(e, YjsMessage.Awareness);
        const inner = encoding.createEncoder();
        encoding.writeVarUint(inner, 1);
        encoding.writeVarUint(inner, r.int(2 ** 31));
        encoding.writeVarUint(inner, r.int(10));
        encoding.writeVarString(inner, r.bool(0.7) ? JSON.stringify(jsonValue(r, 2)) : r.pick(STRINGS));
        encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
      }),
    };
  if (roll < 85) return { kind: 'query-awareness', frame: Uint8Array.of(YjsMessage.QueryAwareness) };
  if (roll < 92)
    return { kind: 'unknown-type', frame: Uint8Array.from([4 + r.int(200), ...r.bytes(r.int(8))]) };
  if (roll < 97) return { kind: 'random-bytes', frame: r.bytes(r.int(64)) };
  return { kind: 'text-frame', frame: r.pick(STRINGS) };
}

const EVENTS = [
  'meeting:join',
  'meeting:leave',
  'chair:open',
  'chair:discuss',
  'chair:close',
  'chair:admit',
  'chair:consent-ask',
  'consent:vote',
  'chair:outcome',
  'hand:raise',
  'nonsense',
];

/** One engine.io text frame carrying a socket.io packet: mostly well-formed events with random payloads. */
export function socketIoPacket(r: Random, ids: { meetingId: string; itemId: string }): string {
  const payload = () =>
    r.bool(0.6)
      ? {
          meetingId: r.bool(0.7) ? ids.meetingId : jsonValue(r, 1),
          itemId: r.bool(0.5) ? ids.itemId : jsonValue(r, 1),
          ...(r.bool(0.5) ? { items: r.bool() ? 'all' : [jsonValue(r, 1)] } : {}),
          ...(r.bool(0.3) ? { raised: jsonValue(r, 0) } : {}),
          ...(r.bool(0.3) ? { vote: jsonValue(r, 1), outcome: jsonValue(r, 1) } : {}),
        }
      : jsonValue(r, 3);
  const roll = r.int(100);
  // Event ("2") with an ack id, on the main namespace: engine.io message "4" + socket.io type.
  if (roll < 80) return `42${r.int(1000)}${JSON.stringify([r.pick(EVENTS), payload()])}`;
  if (roll < 85) return `42${JSON.stringify([r.pick(EVENTS)])}`;
  if (roll < 88) return '2'; // engine.io ping from the client side
  if (roll < 91) return `4${r.int(7)}${r.pick(['/', '/admin,', '', '['])}${JSON.stringify(jsonValue(r, 1))}`;
  if (roll < 94) return `451-${JSON.stringify([r.pick(EVENTS), { _placeholder: true, num: r.int(3) }])}`;
  if (roll < 97) return `${r.int(10)}${r.pick(STRINGS)}`;
  return String.fromCharCode(...r.bytes(r.int(30)));
}
