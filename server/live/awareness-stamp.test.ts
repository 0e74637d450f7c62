import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import { LIMITS } from '../../shared/index';
import { decodeAwareness } from './awareness-stamp';

function update(stateText: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, 7);
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarString(encoder, stateText);
  return encoding.toUint8Array(encoder);
}

describe('decodeAwareness', () => {
  it('takes a state nested up to the limit', () => {
    const nested = '{"a":'.repeat(LIMITS.jsonDepth - 1) + '1' + '}'.repeat(LIMITS.jsonDepth - 1);
    expect(decodeAwareness(update(nested))[0]!.state).toBeTypeOf('object');
  });

  it('refuses a state nested thousands deep before parsing it', () => {
    const deep = '{"a":' + '['.repeat(200_000) + ']'.repeat(200_000) + '}';
    expect(() => decodeAwareness(update(deep))).toThrow('nests too deep');
  });
});
