import { Type, type Static } from '@sinclair/typebox';
import { Id, Instant, literalUnion } from './common';

export const OIDC_CLIENT_AUTH = ['private_key_jwt', 'client_secret_basic'] as const;

/** A partner's identity provider as the administrator sees it: never its client secret or private key. */
export const OidcProviderView = Type.Object({
  id: Id,
  organisation: Type.Object({ id: Id, name: Type.String() }),
  issuer: Type.String(),
  clientId: Type.String(),
  clientAuth: literalUnion(OIDC_CLIENT_AUTH),
  subjectClaim: Type.String(),
  updatedAt: Instant,
  identities: Type.Array(
    Type.Object({
      id: Id,
      subject: Type.String(),
      membershipId: Id,
      displayName: Type.String(),
      linkedAt: Instant,
    }),
  ),
});
export type OidcProviderView = Static<typeof OidcProviderView>;

export const OidcProviderList = Type.Object({
  providers: Type.Array(OidcProviderView),
  /** The covenant's accepted `acr` values (empty: any). */
  requiredAcr: Type.Array(Type.String()),
});
export type OidcProviderList = Static<typeof OidcProviderList>;

/**
 * Configures (or replaces) an organisation's provider. `credential` is the client secret, or for `private_key_jwt`
 * the private key as a JWK in JSON; it is stored, never shown again.
 */
export const ConfigureOidcProviderBody = Type.Object(
  {
    organisationId: Id,
    issuer: Type.String({ minLength: 8, maxLength: 500, pattern: '^https?://' }),
    clientId: Type.String({ minLength: 1, maxLength: 200 }),
    clientAuth: literalUnion(OIDC_CLIENT_AUTH),
    credential: Type.String({ minLength: 1, maxLength: 10_000 }),
    subjectClaim: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.:-]+$' })),
  },
  { additionalProperties: false },
);
export type ConfigureOidcProviderBody = Static<typeof ConfigureOidcProviderBody>;

/** Links an identity at the provider (the value of its subject claim) to a membership of that organisation. */
export const LinkOidcIdentityBody = Type.Object(
  { subject: Type.String({ minLength: 1, maxLength: 500 }), membershipId: Id },
  { additionalProperties: false },
);
export type LinkOidcIdentityBody = Static<typeof LinkOidcIdentityBody>;

export const OidcIdentityParams = Type.Object({ id: Id, identityId: Id }, { additionalProperties: false });

/** The organisations whose provider a person may log in with (public: the login screen lists them). */
export const OidcLoginOptions = Type.Object({
  organisations: Type.Array(Type.Object({ id: Id, name: Type.String() })),
});
export type OidcLoginOptions = Static<typeof OidcLoginOptions>;

/** The `acr` values the covenant accepts from a provider (empty: any); see CovenantPolicy.oidc. */
export const OidcAcrPolicy = Type.Object(
  { requiredAcr: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 20 }) },
  { additionalProperties: false },
);
export type OidcAcrPolicy = Static<typeof OidcAcrPolicy>;
