import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM in one buffer: iv (12 bytes) ‖ ciphertext ‖ tag (16 bytes). The additional data names where the
 * bytes belong (a file and a column, or a document), so sealed bytes moved elsewhere fail to open.
 */
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** How many bytes sealing adds to the plain ones. */
export const SEALED_OVERHEAD = IV_BYTES + TAG_BYTES;

export function encrypt(key: Buffer, aad: string, plain: Uint8Array): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  return Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

/** Throws when the bytes were changed, or belong elsewhere (another key or additional data). */
export function decrypt(key: Buffer, aad: string, sealed: Uint8Array): Buffer {
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  return Buffer.concat([
    decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
    decipher.final(),
  ]);
}
