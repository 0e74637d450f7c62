import { Type, type Static } from '@sinclair/typebox';

/**
 * Passkeys (WebAuthn) on the wire: the server's options for the browser's `navigator.credentials` call, and the
 * browser's answer in the JSON form of the WebAuthn Level 3 specification (`toJSON()`), all binary as base64url.
 */

const B64 = (maxLength: number) => Type.String({ pattern: '^[A-Za-z0-9_-]*$', maxLength });
/** Extension results and the like: the browser may add fields; their size is bounded by the body limit. */
const Open = Type.Object({}, { additionalProperties: true });

/** The options as @simplewebauthn makes them; passed to the browser unchanged. */
export const PasskeyOptions = Type.Object({}, { additionalProperties: true });
export type PasskeyOptions = Static<typeof PasskeyOptions>;

const Common = {
  id: B64(1024),
  rawId: B64(1024),
  type: Type.Literal('public-key'),
  authenticatorAttachment: Type.Optional(
    Type.Union([Type.Literal('platform'), Type.Literal('cross-platform')]),
  ),
  clientExtensionResults: Open,
};

/** A new passkey: the authenticator's attestation (only "none" is asked for: no device details are wanted). */
export const PasskeyRegistration = Type.Object(
  {
    ...Common,
    response: Type.Object(
      {
        clientDataJSON: B64(4096),
        attestationObject: B64(16384),
        transports: Type.Optional(Type.Array(Type.String({ maxLength: 32 }), { maxItems: 8 })),
      },
      { additionalProperties: true },
    ),
  },
  { additionalProperties: false },
);
export type PasskeyRegistration = Static<typeof PasskeyRegistration>;

/** A passkey's signature over the server's challenge. */
export const PasskeyAssertion = Type.Object(
  {
    ...Common,
    response: Type.Object(
      {
        clientDataJSON: B64(4096),
        authenticatorData: B64(4096),
        signature: B64(1024),
        userHandle: Type.Optional(B64(256)),
      },
      { additionalProperties: true },
    ),
  },
  { additionalProperties: false },
);
export type PasskeyAssertion = Static<typeof PasskeyAssertion>;

export const PasskeyRegistrationBody = Type.Object(
  { credential: PasskeyRegistration },
  { additionalProperties: false },
);
export type PasskeyRegistrationBody = Static<typeof PasskeyRegistrationBody>;

export const PasskeyAssertionBody = Type.Object(
  { credential: PasskeyAssertion },
  { additionalProperties: false },
);
export type PasskeyAssertionBody = Static<typeof PasskeyAssertionBody>;

/** One of the account's own passkeys, as its owner sees it (never the public key). */
export const OwnPasskey = Type.Object({
  id: Type.String(),
  /** The host name it works at. */
  rpId: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type OwnPasskey = Static<typeof OwnPasskey>;
export const OwnPasskeyList = Type.Object({ passkeys: Type.Array(OwnPasskey) });
export type OwnPasskeyList = Static<typeof OwnPasskeyList>;
