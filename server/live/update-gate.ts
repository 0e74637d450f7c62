import * as Y from 'yjs';
import { rootShape, type Compartment, type Shape, type ValueSlot } from '../../shared/index';

/**
 * Decides, before anything is stored, whether an update may enter a compartment document: it must integrate
 * completely into the document as it is (nothing left pending, nothing that makes Yjs throw), and it may only add
 * what the compartment's structure allows (shared/live/document-shape.ts).
 *
 * Why a check and not a trial apply: Yjs applies an update partly before it throws, so a failed apply leaves the
 * document half-changed, and a copy to try it on costs the whole document per update. The conditions below are
 * exactly those under which Yjs integrates every struct without looking for something that is not there. They
 * only get easier as the document grows (every reference that exists stays), so an update judged against the
 * document before the commit still integrates after other updates were applied in between.
 */
export type GateVerdict = { ok: true } | { ok: false; reason: string };

/** Clocks beyond this are not produced by any client; above 2^53 they would not even survive encoding. */
const MAX_CLOCK = 2 ** 40;

type Struct = Y.Item | Y.GC | Y.Skip;
/** Any Yjs type as the document holds it. */
type SharedType = ReturnType<Y.Doc['get']>;
type Slot = Shape | ValueSlot | 'char';
/** What a type in the document is: a shape of the compartment, or something that will be garbage (harmless). */
type TypeShape = Shape | 'garbage';
/** Where an item lands: garbage, or in a type under a key (map) or as an element (null key). */
type Placement = 'garbage' | { parent: TypeShape | 'invalid'; parentSub: string | null };

const refuse = (reason: string): GateVerdict => ({ ok: false, reason });

/** An update as `Y.decodeUpdate` returns it: decoded once, judged and tested for emptiness from the same decoding. */
export interface DecodedUpdate {
  structs: Struct[];
  ds: { clients: Map<number, { clock: number; len: number }[]> };
}

export function checkUpdate(doc: Y.Doc, compartment: Compartment, update: Uint8Array): GateVerdict {
  let decoded: DecodedUpdate;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    return refuse('malformed update');
  }
  return checkDecoded(doc, compartment, decoded);
}

/** `checkUpdate` on an update the caller decoded already (the write path decodes each update once). */
export function checkDecoded(doc: Y.Doc, compartment: Compartment, decoded: DecodedUpdate): GateVerdict {
  try {
    return new Gate(doc, compartment).check(decoded.structs, decoded.ds.clients);
  } catch {
    // The checks never throw on what they let through; an update they cannot judge is not taken.
    return refuse('an update that could not be judged');
  }
}

class Gate {
  private readonly byClient = new Map<number, Struct[]>();
  /** Clock up to which each client's structs are integrated, as the check goes. */
  private readonly known = new Map<number, number>();
  private readonly placements = new Map<Struct, Placement>();
  /** Where each placed struct's new part begins: what lies before it was in the document already. */
  private readonly newFrom = new Map<Struct, number>();
  private roots: Map<SharedType, string> | null = null;

  constructor(
    private readonly doc: Y.Doc,
    private readonly compartment: Compartment,
  ) {}

  check(structs: Struct[], deletes: Map<number, { clock: number; len: number }[]>): GateVerdict {
    for (const struct of structs) {
      if (struct instanceof Y.Skip) return refuse('an update with gaps (skip structs)');
      if (struct.id.clock + struct.length > MAX_CLOCK) return refuse('a clock out of range');
      const list = this.byClient.get(struct.id.client) ?? [];
      const last = list[list.length - 1];
      if (last && last.id.clock + last.length !== struct.id.clock) return refuse('structs out of order');
      list.push(struct);
      this.byClient.set(struct.id.client, list);
    }
    for (const [client, list] of this.byClient)
      if (list[0]!.id.clock > this.stateOf(client))
        return refuse('an update that depends on missing content');
    const order = this.integrationOrder();
    if (!order) return refuse('an update that references content that does not exist');
    for (const { struct, offset } of order) {
      this.newFrom.set(struct, struct.id.clock + Math.max(offset, 0));
      const verdict = this.place(struct, offset);
      if (!verdict.ok) return verdict;
    }
    for (const [client, ranges] of deletes)
      for (const { clock, len } of ranges)
        if (clock + len > this.stateOf(client)) return refuse('a deletion of content that does not exist');
    return { ok: true };
  }

  private stateOf(client: number): number {
    return this.known.get(client) ?? Y.getState(this.doc.store, client);
  }

  /**
   * The order in which Yjs will integrate the structs, or null when some can never be: one that references a
   * later clock of its own client (Yjs assumes it exists and throws), a reference nobody has (it would wait forever
   * in the pending store, and every later load would carry it along), or structs that wait for each other.
   *
   * Depth-first like Yjs's own integration: a struct that waits for another client's clock pushes that client,
   * which is worked off until it passes that clock. Every push is followed by progress or the verdict, so the work
   * is linear in the update, whatever an attacker arranges.
   */
  private integrationOrder(): { struct: Struct; offset: number }[] | null {
    const order: { struct: Struct; offset: number }[] = [];
    const next = new Map<number, number>();
    const onStack = new Set<number>();
    for (const root of this.byClient.keys()) {
      const stack = [{ client: root, until: Infinity }];
      onStack.add(root);
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        const list = this.byClient.get(top.client)!;
        const i = next.get(top.client) ?? 0;
        if (this.stateOf(top.client) > top.until || i >= list.length) {
          // Worked off without reaching the clock another client waits for: that clock exists nowhere.
          if (this.stateOf(top.client) <= top.until && top.until !== Infinity) return null;
          stack.pop();
          onStack.delete(top.client);
          continue;
        }
        const struct = list[i]!;
        const waitsFor = this.unresolved(struct);
        if (waitsFor === 'never') return null;
        if (waitsFor) {
          if (!this.byClient.has(waitsFor.client) || onStack.has(waitsFor.client)) return null;
          stack.push({ client: waitsFor.client, until: waitsFor.clock });
          onStack.add(waitsFor.client);
          continue;
        }
        const offset = this.stateOf(top.client) - struct.id.clock;
        if (offset < struct.length) {
          order.push({ struct, offset });
          this.known.set(top.client, struct.id.clock + struct.length);
        }
        next.set(top.client, i + 1);
      }
    }
    return order;
  }

  /** The first reference of the struct that is not there yet (null: all are), or 'never' when one cannot be. */
  private unresolved(struct: Struct): { client: number; clock: number } | 'never' | null {
    if (!(struct instanceof Y.Item)) return null;
    const parent = struct.parent as unknown;
    for (const ref of [struct.origin, struct.rightOrigin, parent instanceof Y.ID ? parent : null]) {
      if (!ref) continue;
      if (ref.client === struct.id.client) {
        // Yjs never waits for its own client: an earlier clock is there by contiguity, a later one throws.
        if (ref.clock >= struct.id.clock) return 'never';
      } else if (ref.clock >= this.stateOf(ref.client)) return { client: ref.client, clock: ref.clock };
    }
    return null;
  }

  /** Where the struct lands and whether the compartment allows it there; records it for later references. */
  private place(struct: Struct, offset: number): GateVerdict {
    if (!(struct instanceof Y.Item)) {
      this.placements.set(struct, 'garbage');
      return { ok: true };
    }
    const placement = this.placementOf(struct, offset);
    this.placements.set(struct, placement);
    if (placement === 'garbage') return { ok: true };
    const { parent, parentSub } = placement;
    if (parent === 'invalid') return refuse('content outside the structure of this document');
    if (parent === 'garbage') return { ok: true };
    const slot = slotOf(parent, parentSub);
    if (!slot) return refuse('content outside the structure of this document');
    return contentFits(slot, struct.content)
      ? { ok: true }
      : refuse('content of a kind this field does not take');
  }

  /** Yjs's own rule (Item.getMissing): an item takes its parent from its left neighbour, else its right one. */
  private placementOf(item: Y.Item, offset: number): Placement {
    const origin = offset > 0 ? Y.createID(item.id.client, item.id.clock + offset - 1) : item.origin;
    const left = origin ? this.structAt(origin) : null;
    const right = item.rightOrigin ? this.structAt(item.rightOrigin) : null;
    if (left === 'garbage' || right === 'garbage') return 'garbage';
    if (left || right) return this.placementOfNeighbour((left ?? right)!);
    const parent = item.parent as unknown;
    if (typeof parent === 'string')
      return { parent: this.rootShapeOf(parent) ?? 'invalid', parentSub: item.parentSub };
    if (!(parent instanceof Y.ID)) return { parent: 'invalid', parentSub: null };
    const parentItem = this.structAt(parent);
    if (parentItem === 'garbage') return 'garbage';
    // An item that is not a type has no children: Yjs makes the child garbage.
    if (!(parentItem.content instanceof Y.ContentType)) return 'garbage';
    return { parent: this.typeShapeOfItem(parentItem), parentSub: item.parentSub };
  }

  private placementOfNeighbour(neighbour: Y.Item): Placement {
    const recorded = this.placements.get(neighbour);
    if (recorded) return recorded;
    // In the document: its parent is a live type there.
    return {
      parent: this.typeShape(neighbour.parent as SharedType),
      parentSub: neighbour.parentSub,
    };
  }

  /** The struct holding this id, in the update (already placed) or in the document; 'garbage' for a GC. */
  private structAt(id: Y.ID): Y.Item | 'garbage' {
    const candidate = findStruct(this.byClient.get(id.client), id.clock);
    // Only the part of an update's struct that was new comes from the update; the rest is the document's.
    if (candidate && id.clock >= (this.newFrom.get(candidate) ?? Infinity)) {
      return candidate instanceof Y.Item && this.placements.get(candidate) !== 'garbage'
        ? candidate
        : 'garbage';
    }
    const structs = this.doc.store.clients.get(id.client)!;
    const struct = structs[Y.findIndexSS(structs, id.clock)]!;
    return struct instanceof Y.Item ? struct : 'garbage';
  }

  /** The shape of the type an item holds (ContentType), whether the item is in the update or the document. */
  private typeShapeOfItem(item: Y.Item): TypeShape | 'invalid' {
    const placement = this.placements.get(item) ?? this.placementOfNeighbour(item);
    if (placement === 'garbage') return 'garbage';
    if (placement.parent === 'invalid') return 'invalid';
    if (placement.parent === 'garbage') return 'garbage';
    const slot = slotOf(placement.parent, placement.parentSub);
    return slot && typeof slot === 'object' && slot.kind !== 'value' ? slot : 'invalid';
  }

  /** The shape of a type in the document, from its root down (a document is at most a few levels deep). */
  private typeShape(type: SharedType | null): TypeShape | 'invalid' {
    if (!type) return 'garbage';
    if (type._item === null) {
      const name = this.rootNames().get(type);
      return name === undefined ? 'invalid' : (this.rootShapeOf(name) ?? 'invalid');
    }
    if (type._item.deleted && !(type._item.content instanceof Y.ContentType)) return 'garbage';
    return this.typeShapeOfItem(type._item);
  }

  /** The document's top-level types by name, looked up once per update (the agenda has one per item). */
  private rootNames(): Map<SharedType, string> {
    this.roots ??= new Map([...this.doc.share].map(([name, type]) => [type, name]));
    return this.roots;
  }

  private rootShapeOf(name: string): Shape | null {
    const shape = rootShape(this.compartment, name);
    const existing = this.doc.share.get(name);
    // A root that already exists as another kind of type would be misread by everyone.
    if (shape && existing && existing.constructor !== Y.AbstractType && !sameKind(shape, existing))
      return null;
    return shape;
  }
}

/** The struct holding `clock` in one client's contiguous, sorted structs (binary search). */
function findStruct(structs: Struct[] | undefined, clock: number): Struct | null {
  if (!structs) return null;
  let low = 0;
  let high = structs.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const struct = structs[mid]!;
    if (clock < struct.id.clock) high = mid - 1;
    else if (clock >= struct.id.clock + struct.length) low = mid + 1;
    else return struct;
  }
  return null;
}

function sameKind(shape: Shape, type: SharedType): boolean {
  if (shape.kind === 'text') return type.constructor === Y.Text;
  if (shape.kind === 'map') return type.constructor === Y.Map;
  return type.constructor === Y.Array;
}

/** What an item in this type, under this key (null: an element or a character), must be. */
function slotOf(parent: Shape, parentSub: string | null): Slot | null {
  if (parent.kind === 'text') return parentSub === null ? 'char' : null;
  if (parent.kind === 'array') return parentSub === null ? parent.of : null;
  return parentSub === null
    ? null
    : Object.hasOwn(parent.entries, parentSub)
      ? parent.entries[parentSub]!
      : null;
}

function contentFits(slot: Slot, content: Y.Item['content']): boolean {
  // Deleted content carries no data, only its length.
  if (content instanceof Y.ContentDeleted) return true;
  if (slot === 'char') return content instanceof Y.ContentString;
  if (slot.kind === 'value')
    return content instanceof Y.ContentAny && content.arr.length === 1 && slot.valid(content.arr[0]);
  if (!(content instanceof Y.ContentType)) return false;
  return sameKind(slot, content.type);
}
