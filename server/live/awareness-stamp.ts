import { LIMITS, awarenessField, isFieldOf, type Compartment } from '../../shared/index';
import { jsonNestsDeeperThan } from '../plugins/json-depth';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: Record<string, unknown> | null;
}

/** Decodes a y-protocols awareness update; throws on malformed input. */
export function decodeAwareness(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const text = decoding.readVarString(decoder);
    // Checked before parsing: a state nested thousands deep would overflow the stack when it is sent on.
    if (jsonNestsDeeperThan(text, LIMITS.jsonDepth)) throw new Error('awareness state nests too deep');
    const state: unknown = JSON.parse(text);
    if (state !== null && (typeof state !== 'object' || Array.isArray(state)))
      throw new Error('awareness state is not an object');
    entries.push({ clientId, clock, state: state as Record<string, unknown> | null });
  }
  return entries;
}

export function encodeAwareness(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, JSON.stringify(entry.state));
  }
  return encoding.toUint8Array(encoder);
}

export interface StampedUser {
  name: string;
  organisation: string;
  role: string;
}

/**
 * Keeps only what the protocol lets a client say about itself (which field of this document it edits, an
 * identifier from shared/live/document-shape.ts) and stamps the identity the server knows from the session: nobody
 * can appear under another person's name, and no client can pass free text to the others through its presence,
 * where the masking policy would not govern it.
 */
export function stampIdentity(
  entries: readonly AwarenessEntry[],
  user: StampedUser,
  compartment: Compartment,
): AwarenessEntry[] {
  return entries.map((entry) => {
    if (entry.state === null) return entry;
    const field = awarenessField(entry.state);
    return {
      ...entry,
      state: { field: field !== null && isFieldOf(compartment, field) ? field : null, user },
    };
  });
}
