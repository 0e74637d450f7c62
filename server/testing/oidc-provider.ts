import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import Provider from 'oidc-provider';

/**
 * A real OpenID provider in this process (oidc-provider on port 0) with one registered client. Its login is not
 * interactive: every interaction logs in `next.accountId` at level `next.acr` at once, as if the person had done
 * so at their organisation.
 */
export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  next: { accountId: string; acr: string };
  /** A second client that authenticates with private_key_jwt (the NL GOV profile's preference): its private JWK. */
  keyClient: { clientId: string; privateJwk: JWK };
  /**
   * When set, the ID token of the next token responses is replaced: its claims changed by `claims`, and signed with
   * the provider's key, another key, or not at all (`alg: none`). For the checks the relying party must make.
   */
  tamper: null | {
    claims?: (claims: Record<string, unknown>) => Record<string, unknown>;
    sign?: 'other' | 'none';
  };
  /** A logout token signed with the provider's key (or another key), with claims to change or drop. */
  logoutToken(claims: Record<string, unknown>, options?: { key?: CryptoKey }): Promise<string>;
  close(): Promise<void>;
}

export const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

export async function startTestProvider(redirectUri: string): Promise<TestProvider> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const next = { accountId: 'medewerker-1', acr: 'urn:test:substantial' };
  const clientId = 'casustafel';
  const clientSecret = randomUUID();
  const clientKey = await generateKeyPair('RS256', { extractable: true });
  const keyClient = {
    clientId: 'casustafel-sleutel',
    privateJwk: { ...(await exportJWK(clientKey.privateKey)), kid: 'client-key', alg: 'RS256' },
  };
  const clientPublicJwk = {
    ...(await exportJWK(clientKey.publicKey)),
    kid: 'client-key',
    alg: 'RS256',
    use: 'sig',
  };
  let provider: Provider | null = null;
  const otherKey = (await generateKeyPair('RS256')).privateKey;
  const self = { tamper: null as TestProvider['tamper'] };
  /** Re-issues an ID token as `self.tamper` says (the provider's own token endpoint made the original). */
  async function tampered(idToken: string): Promise<string> {
    const tamper = self.tamper!;
    const claims = JSON.parse(Buffer.from(idToken.split('.')[1]!, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    const payload = tamper.claims ? tamper.claims(claims) : claims;
    if (tamper.sign === 'none') {
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      return `${part({ alg: 'none', typ: 'JWT' })}.${part(payload)}.`;
    }
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
      .sign(tamper.sign === 'other' ? otherKey : privateKey);
  }
  const server: Server = createServer((request, response) => {
    if (!provider) return void response.writeHead(503).end();
    if (self.tamper && request.url?.startsWith('/token')) {
      // Hold back the provider's answer, swap its ID token, then send it.
      const chunks: Buffer[] = [];
      const write = response.write.bind(response);
      const end = response.end.bind(response);
      response.write = ((chunk: Buffer | string) => {
        chunks.push(Buffer.from(chunk));
        return true;
      }) as typeof response.write;
      response.end = ((chunk?: Buffer | string) => {
        if (chunk) chunks.push(Buffer.from(chunk));
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id_token?: string };
        void (async () => {
          if (body.id_token) body.id_token = await tampered(body.id_token);
          const text = JSON.stringify(body);
          response.setHeader('content-length', Buffer.byteLength(text));
          write(text);
          end();
        })();
        return response;
      }) as typeof response.end;
    }
    if (request.url?.startsWith('/interaction/')) {
      void provider.interactionFinished(
        request,
        response,
        { login: { accountId: next.accountId, acr: next.acr } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    void provider.callback()(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        token_endpoint_auth_method: 'client_secret_basic',
        backchannel_logout_uri: redirectUri.replace(/callback$/, 'backchannel-logout'),
        backchannel_logout_session_required: true,
      },
      {
        client_id: keyClient.clientId,
        redirect_uris: [redirectUri],
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'RS256',
        jwks: { keys: [clientPublicJwk] },
      },
    ],
    jwks: { keys: [jwk] },
    ttl: { Interaction: 600, Grant: 600, Session: 600, AccessToken: 600, IdToken: 600 },
    acrValues: ['urn:test:low', 'urn:test:substantial', 'urn:test:high'],
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
    features: { devInteractions: { enabled: false }, backchannelLogout: { enabled: true } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // Consent is the organisation's business, not this test's: every client gets the openid scope at once.
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client!.clientId,
        accountId: ctx.oidc.session!.accountId!,
      });
      grant.addOIDCScope('openid');
      await grant.save();
      return grant;
    },
  });
  return {
    issuer,
    clientId,
    clientSecret,
    next,
    keyClient,
    get tamper() {
      return self.tamper;
    },
    set tamper(value) {
      self.tamper = value;
    },
    async logoutToken(claims, options = {}) {
      const payload: Record<string, unknown> = { events: { [BACKCHANNEL_EVENT]: {} }, ...claims };
      for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
      let jwt = new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', kid: 'test-key', typ: 'logout+jwt' })
        .setIssuedAt();
      if (!('iss' in claims)) jwt = jwt.setIssuer(issuer);
      if (!('aud' in claims)) jwt = jwt.setAudience(clientId);
      if (!('jti' in claims)) jwt = jwt.setJti(randomUUID());
      return jwt.sign(options.key ?? privateKey);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A browser going through a login at the provider: follows every redirect by hand, keeping the provider's cookies
 * and this server's, and returns the final answer of this server's callback.
 */
export async function browseLogin(
  serverUrl: string,
  startPath: string,
  rewrite?: (callback: URL) => URL,
  /** A cookie this browser already holds for the server (`name=value`): a session asking for a step-up. */
  held?: string,
): Promise<{ status: number; location: string | null; cookies: string[] }> {
  const jar = new Map<string, Map<string, string>>();
  if (held) {
    const at = held.indexOf('=');
    jar.set(new URL(serverUrl).host, new Map([[held.slice(0, at), held.slice(at + 1)]]));
  }
  const keep = (url: URL, response: Response) => {
    const cookies = jar.get(url.host) ?? new Map<string, string>();
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    jar.set(url.host, cookies);
  };
  let url = new URL(startPath, serverUrl);
  for (let hop = 0; hop < 20; hop++) {
    const ours = url.origin === new URL(serverUrl).origin;
    if (ours && url.pathname.endsWith('/callback') && rewrite) url = rewrite(url);
    const cookie = [...(jar.get(url.host) ?? new Map<string, string>())]
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
    const response = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    keep(url, response);
    const location = response.headers.get('location');
    if (ours && url.pathname.endsWith('/callback'))
      return { status: response.status, location, cookies: response.headers.getSetCookie() };
    if (!location)
      throw new Error(`login stopped at ${url.pathname}: ${response.status} ${await response.text()}`);
    url = new URL(location, url);
  }
  throw new Error('too many redirects');
}
