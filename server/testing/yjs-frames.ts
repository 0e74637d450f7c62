import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { YjsMessage } from '../../shared/index';

/**
 * Hand-written Yjs updates (format v1), for tests and the fuzzer: a real client never sends most of these, which
 * is the point. Each struct says exactly what goes on the wire, references included, so a test can build updates
 * with references to nothing, to later clocks, with gaps (skip structs) or with content of any kind.
 */
export type Ref = { client: number; clock: number };
export type Content =
  | { kind: 'string'; text: string }
  | { kind: 'deleted'; length: number }
  | { kind: 'any'; values: unknown[] }
  | { kind: 'type'; typeRef: number }
  | { kind: 'format'; key: string; value: unknown }
  | { kind: 'embed'; value: unknown }
  | { kind: 'binary'; bytes: Uint8Array };

export type WireStruct =
  | { kind: 'gc'; length: number }
  | { kind: 'skip'; length: number }
  | {
      kind: 'item';
      origin?: Ref | null;
      rightOrigin?: Ref | null;
      /** Written only when there is neither origin nor rightOrigin, as Yjs does. */
      parent?: string | Ref;
      parentSub?: string | null;
      content: Content;
    };

export interface WireClient {
  client: number;
  clock: number;
  structs: WireStruct[];
}

export interface WireUpdate {
  clients: WireClient[];
  deletes?: { client: number; ranges: { clock: number; len: number }[] }[];
}

const CONTENT_REF = { deleted: 1, binary: 3, string: 4, embed: 5, format: 6, type: 7, any: 8 } as const;

export function encodeWireUpdate(update: WireUpdate): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, update.clients.length);
  for (const { client, clock, structs } of update.clients) {
    encoding.writeVarUint(encoder, structs.length);
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
    for (const struct of structs) writeStruct(encoder, struct);
  }
  const deletes = update.deletes ?? [];
  encoding.writeVarUint(encoder, deletes.length);
  for (const { client, ranges } of deletes) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, ranges.length);
    for (const { clock, len } of ranges) {
      encoding.writeVarUint(encoder, clock);
      encoding.writeVarUint(encoder, len);
    }
  }
  return encoding.toUint8Array(encoder);
}

function writeStruct(encoder: encoding.Encoder, struct: WireStruct): void {
  if (struct.kind === 'gc') {
    encoding.writeUint8(encoder, 0);
    encoding.writeVarUint(encoder, struct.length);
    return;
  }
  if (struct.kind === 'skip') {
    encoding.writeUint8(encoder, 10);
    encoding.writeVarUint(encoder, struct.length);
    return;
  }
  const origin = struct.origin ?? null;
  const rightOrigin = struct.rightOrigin ?? null;
  const copiesParent = origin === null && rightOrigin === null;
  const parentSub = copiesParent ? (struct.parentSub ?? null) : null;
  const info =
    CONTENT_REF[struct.content.kind] |
    (origin ? 0x80 : 0) |
    (rightOrigin ? 0x40 : 0) |
    (parentSub !== null ? 0x20 : 0);
  encoding.writeUint8(encoder, info);
  for (const ref of [origin, rightOrigin])
    if (ref) {
      encoding.writeVarUint(encoder, ref.client);
      encoding.writeVarUint(encoder, ref.clock);
    }
  if (copiesParent) {
    const parent = struct.parent ?? 'notes';
    if (typeof parent === 'string') {
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarString(encoder, parent);
    } else {
      encoding.writeVarUint(encoder, 0);
      encoding.writeVarUint(encoder, parent.client);
      encoding.writeVarUint(encoder, parent.clock);
    }
    if (parentSub !== null) encoding.writeVarString(encoder, parentSub);
  }
  writeContent(encoder, struct.content);
}

function writeContent(encoder: encoding.Encoder, content: Content): void {
  switch (content.kind) {
    case 'string':
      encoding.writeVarString(encoder, content.text);
      return;
    case 'deleted':
      encoding.writeVarUint(encoder, content.length);
      return;
    case 'any':
      encoding.writeVarUint(encoder, content.values.length);
      for (const value of content.values) encoding.writeAny(encoder, value as never);
      return;
    case 'type':
      encoding.writeVarUint(encoder, content.typeRef);
      return;
    case 'format':
      encoding.writeVarString(encoder, content.key);
      encoding.writeVarString(encoder, JSON.stringify(content.value));
      return;
    case 'embed':
      encoding.writeVarString(encoder, JSON.stringify(content.value));
      return;
    case 'binary':
      encoding.writeVarUint8Array(encoder, content.bytes);
  }
}

/** A y-websocket sync "update" message carrying `update`. */
export function updateMessage(update: Uint8Array): Buffer {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, YjsMessage.Sync);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  return Buffer.from(encoding.toUint8Array(encoder));
}

/** Everything a doc holds as one update (a well-behaved client's write). */
export const stateOf = (doc: Y.Doc) => Y.encodeStateAsUpdate(doc);

/**
 * An update that decodes fine but makes Yjs throw when applied: its one item's origin is a later clock of its own
 * client, which Yjs assumes exists. What the update gate refuses, and what a store may hold from before it.
 */
export const throwingUpdate = (client = 9) =>
  encodeWireUpdate({
    clients: [
      {
        client,
        clock: 0,
        structs: [{ kind: 'item', origin: { client, clock: 4 }, content: { kind: 'string', text: 'x' } }],
      },
    ],
  });
