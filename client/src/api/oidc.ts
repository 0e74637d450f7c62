import type {
  ConfigureOidcProviderBody,
  LinkOidcIdentityBody,
  OidcAcrPolicy,
  OidcLoginOptions,
  OidcProviderList,
  OidcProviderView,
} from '../../../shared/api/oidc';
import { request } from './http';

const id = (value: string) => encodeURIComponent(value);

/** Login via the identity provider of one's organisation, and its administration (art. 15.2c). */
export const oidcApi = {
  loginOptions: () => request<OidcLoginOptions>('/api/login/oidc/organisations'),
  /** A full-page navigation, not a fetch: the provider's login page takes over the window. */
  startUrl: (organisationId: string) => `/api/login/oidc/${id(organisationId)}/start`,
  providers: () => request<OidcProviderList>('/api/oidc-providers'),
  configure: (body: ConfigureOidcProviderBody) =>
    request<OidcProviderView>('/api/oidc-providers', { method: 'PUT', body }),
  setRequiredAcr: (requiredAcr: string[]) =>
    request<OidcAcrPolicy>('/api/oidc-providers/acr', { method: 'PUT', body: { requiredAcr } }),
  link: (providerId: string, body: LinkOidcIdentityBody) =>
    request<OidcProviderView>(`/api/oidc-providers/${id(providerId)}/identities`, { method: 'POST', body }),
  unlink: (providerId: string, identityId: string) =>
    request<OidcProviderView>(`/api/oidc-providers/${id(providerId)}/identities/${id(identityId)}`, {
      method: 'DELETE',
    }),
};
