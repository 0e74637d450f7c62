import * as OTPAuth from 'otpauth';

/** The code an authenticator app shows now for this base32 secret (or at `at`). */
export const totpCode = (secret: string, at = Date.now()) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate({ timestamp: at });

/** `name=value` of one cookie a response set, for the next request's Cookie header; null when not set. */
export function cookieSet(headers: Headers, name: string): string | null {
  const line = headers.getSetCookie().find((cookie) => cookie.startsWith(`${name}=`));
  return line ? line.split(';')[0]! : null;
}
