import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/**
 * A WebAuthn authenticator in software, for route tests: it makes an ES256 key pair, answers the server's options
 * the way a browser and a security key together would (attestation "none", the person verified), and signs
 * assertions with a counter that rises. Its knobs let a test break one thing at a time: the origin the browser
 * reports, the RP ID hash, the user-verified flag, the counter, or the key that signs.
 */

// Just enough CBOR (RFC 8949) for an attestation object and a COSE key: integers, byte and text strings, maps.
function head(major: number, length: number): Buffer {
  if (length < 24) return Buffer.from([(major << 5) | length]);
  if (length < 0x100) return Buffer.from([(major << 5) | 24, length]);
  const out = Buffer.alloc(3);
  out[0] = (major << 5) | 25;
  out.writeUInt16BE(length, 1);
  return out;
}
type Cbor = number | string | Uint8Array | Map<number | string, Cbor>;
function cbor(value: Cbor): Buffer {
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), value]);
  const parts = [head(5, value.size)];
  for (const [key, item] of value) parts.push(cbor(key), cbor(item));
  return Buffer.concat(parts);
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest();
const b64 = (data: Buffer) => data.toString('base64url');
const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

interface Options {
  challenge: string;
  rp?: { id?: string };
  rpId?: string;
}

export interface Tampering {
  /** The origin the "browser" reports in clientDataJSON. */
  origin?: string;
  /** The RP ID whose hash the authenticator data carries. */
  rpId?: string;
  /** Leave out the user-verified flag (a touch without PIN or biometrics). */
  unverified?: boolean;
  /** Report this counter instead of the next one. */
  counter?: number;
  /** Sign with another key than the registered one. */
  otherKey?: boolean;
  /** Answer another challenge than the one asked. */
  challenge?: string;
}

export class SoftwareAuthenticator {
  readonly credentialId = randomBytes(16);
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  private counter = 0;

  constructor(private readonly origin: string) {
    ({ privateKey: this.privateKey, publicKey: this.publicKey } = generateKeyPairSync('ec', {
      namedCurve: 'prime256v1',
    }));
  }

  /** The credential's JSON form, as the browser's `toJSON()` gives it. */
  private credential<R>(response: R) {
    return {
      id: b64(this.credentialId),
      rawId: b64(this.credentialId),
      type: 'public-key' as const,
      authenticatorAttachment: 'cross-platform' as const,
      clientExtensionResults: {},
      response,
    };
  }

  private clientData(type: string, options: Options, t: Tampering): Buffer {
    return Buffer.from(
      JSON.stringify({
        type,
        challenge: t.challenge ?? options.challenge,
        origin: t.origin ?? this.origin,
        crossOrigin: false,
      }),
    );
  }

  private authData(rpId: string, flags: number, counter: number, attested?: Buffer): Buffer {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    return Buffer.concat([sha256(rpId), Buffer.from([flags]), count, ...(attested ? [attested] : [])]);
  }

  /** The answer to registration options (`navigator.credentials.create`). */
  register(options: Options, t: Tampering = {}) {
    const jwk = this.publicKey.export({ format: 'jwk' });
    const cose = cbor(
      new Map<number, Cbor>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, Buffer.from(jwk.x!, 'base64url')],
        [-3, Buffer.from(jwk.y!, 'base64url')],
      ]),
    );
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const attested = Buffer.concat([Buffer.alloc(16), idLength, this.credentialId, cose]);
    const flags = FLAG_UP | FLAG_AT | (t.unverified ? 0 : FLAG_UV);
    const authData = this.authData(t.rpId ?? options.rp?.id ?? '', flags, 0, attested);
    const attestationObject = cbor(
      new Map<string, Cbor>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    return this.credential({
      clientDataJSON: b64(this.clientData('webauthn.create', options, t)),
      attestationObject: b64(attestationObject),
      transports: ['usb'],
    });
  }

  /** The answer to assertion options (`navigator.credentials.get`). */
  assert(options: Options, t: Tampering = {}) {
    this.counter += 1;
    const flags = FLAG_UP | (t.unverified ? 0 : FLAG_UV);
    const authData = this.authData(t.rpId ?? options.rpId ?? '', flags, t.counter ?? this.counter);
    const clientDataJSON = this.clientData('webauthn.get', options, t);
    const key = t.otherKey
      ? generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey
      : this.privateKey;
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), key);
    return this.credential({
      clientDataJSON: b64(clientDataJSON),
      authenticatorData: b64(authData),
      signature: b64(signature),
    });
  }
}
