import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ErrorCode } from '../../shared/index';
import { AppError } from '../errors';
import { originAllowed, originPolicyOf } from '../origin-policy';
import type { RelyingParty } from '../services/passkeys';

/**
 * The relying party of a passkey ceremony: the origin the browser reports, which must be one of this server's
 * (PUBLIC_ORIGIN, ALLOWED_ORIGINS, or the local ones), and its host name as the RP ID. The authenticator signs the
 * same origin, so a passkey made here cannot be used by a page elsewhere.
 */
export function relyingPartyOf(app: FastifyInstance, request: FastifyRequest): RelyingParty {
  const origin = request.headers.origin;
  if (!origin || !originAllowed(originPolicyOf(app), origin))
    throw new AppError(
      400,
      ErrorCode.BadRequest,
      'A passkey needs a browser on one of the addresses of this server (Origin header)',
    );
  const url = new URL(origin);
  return { id: url.hostname, origin: url.origin };
}
