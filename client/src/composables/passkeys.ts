import {
  WebAuthnError,
  browserSupportsWebAuthn,
  startAuthentication,
  startRegistration,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';
import type { PasskeyAssertion, PasskeyOptions, PasskeyRegistration } from '../../../shared/api/passkeys';
import { ApiError } from '../api/http';

/**
 * The browser's half of a passkey ceremony (WebAuthn, through @simplewebauthn/browser): the server's options go to
 * the authenticator, its answer goes back. What can go wrong on the way is one of a few things a person can act
 * on, so it is told as such (describe-error.ts), never as a browser's exception text.
 */
export type PasskeyProblemKind = 'unsupported' | 'cancelled' | 'rejected' | 'failed';

export class PasskeyProblem extends Error {
  constructor(readonly kind: PasskeyProblemKind) {
    super(`passkey: ${kind}`);
  }
}

/** Whether this browser can use passkeys at all (an old browser, or a page not on https or localhost). */
export const passkeysSupported = (): boolean => browserSupportsWebAuthn();

function problemOf(error: unknown): unknown {
  if (error instanceof ApiError)
    return error.code === 'INVALID_CREDENTIALS' ? new PasskeyProblem('rejected') : error;
  // The person closed the prompt, it timed out, or no passkey of theirs is on this device.
  if (error instanceof WebAuthnError && error.code === 'ERROR_CEREMONY_ABORTED')
    return new PasskeyProblem('cancelled');
  if (error instanceof Error && (error.name === 'NotAllowedError' || error.name === 'AbortError'))
    return new PasskeyProblem('cancelled');
  return new PasskeyProblem('failed');
}

async function ceremony<T>(work: () => Promise<T>): Promise<T> {
  if (!passkeysSupported()) throw new PasskeyProblem('unsupported');
  try {
    return await work();
  } catch (error) {
    throw problemOf(error);
  }
}

/** Makes a passkey with the server's registration options, and hands its answer to `send`. */
export function createPasskey<T>(
  options: () => Promise<PasskeyOptions>,
  send: (credential: PasskeyRegistration) => Promise<T>,
): Promise<T> {
  return ceremony(async () => {
    const optionsJSON = (await options()) as unknown as PublicKeyCredentialCreationOptionsJSON;
    const credential = await startRegistration({ optionsJSON });
    return send(credential);
  });
}

/** Signs the server's challenge with one of the person's passkeys, and hands the answer to `send`. */
export function usePasskey<T>(
  options: () => Promise<PasskeyOptions>,
  send: (credential: PasskeyAssertion) => Promise<T>,
): Promise<T> {
  return ceremony(async () => {
    const optionsJSON = (await options()) as unknown as PublicKeyCredentialRequestOptionsJSON;
    const credential = await startAuthentication({ optionsJSON });
    return send(credential);
  });
}
